"""The complementary search and its audit, against straightforward versions of themselves.

GIVEN random tables of families (random cells hidden, in one or two layers, some cells unhidable)
WHEN the search keeps its state cell by cell and the audit solves changed blocks only, exactly
THEN they choose and find exactly what rescanning every family and one solve of the whole system
(here, in the test, with numpy's rank) would.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from release.complementary import Family, complementary_cells
from release.complementary_audit import LayerAudit, determined, determined_in_block
from release.complementary_basis import SearchAudit


def _random_system(rng: random.Random, cells: int, families: int, widest: int) -> list[Family]:
    drawn = []
    for _ in range(families):
        members = rng.sample(range(cells), rng.randint(2, widest))
        drawn.append(Family(tuple(members[:-1]), members[-1]))
    return drawn


def _determined_by_rank(families, layer) -> list[int]:
    """A hidden cell is determined when its unit vector lies in the row space of the equations
    over the hidden cells (rank test in floating point: an oracle independent of the module)."""
    unknown = sorted(layer)
    column = {cell: j for j, cell in enumerate(unknown)}
    matrix = np.zeros((len(families), len(unknown)))
    for i, family in enumerate(families):
        for part in family.parts:
            if part in column:
                matrix[i, column[part]] += 1
        if family.total in column:
            matrix[i, column[family.total]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    return [
        cell
        for cell, j in column.items()
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknown))[j]])) == rank
    ]


def test_two_independent_singletons_are_found_in_their_own_blocks():
    # cells 0 + 1 = 2 and 3 + 4 = 5: hiding 0 and 3 gives both away; hiding 6 and 7 of
    # 6 + 7 = 8 gives neither
    families = [Family((0, 1), 2), Family((3, 4), 5), Family((6, 7), 8)]
    assert determined(families, {0, 3, 6, 7}) == [0, 3]


def test_a_cell_pinned_only_by_combining_rows_is_found_exactly():
    # rows a + b = r1, c + d = r2; columns a + c = k1, b + d = k2; and a + e = t. With a, b, c,
    # d and e hidden, the loop has one degree of freedom (a), and e = t - a moves with it.
    # Add b + e = u: then t - a = u - b, so a - b = t - u, and with a + b = r1,
    # 2a = r1 + t - u: a is pinned, and with it every cell of the loop and e.
    loop = [Family((0, 1), 10), Family((2, 3), 11), Family((0, 2), 12), Family((1, 3), 13)]
    tail = [Family((4, 0), 14)]
    hidden = {0, 1, 2, 3, 4}
    assert determined(loop + tail, hidden) == []
    assert determined(loop + tail + [Family((1, 4), 15)], hidden) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("widest", [3, 6])
def test_exact_elimination_finds_what_the_rank_test_finds(widest):
    rng = random.Random(widest)
    found_some = found_free = 0
    for _ in range(200):
        cells = rng.randint(6, 40)
        families = _random_system(rng, cells, rng.randint(2, 14), widest)
        layer = set(rng.sample(range(cells), rng.randint(1, cells // 2)))
        expected = _determined_by_rank(families, layer)
        assert determined_in_block(families, layer) == expected
        assert determined(families, layer) == expected  # block by block
        found_some += bool(expected)
        found_free += len(expected) < len(layer)
    assert found_some > 20 and found_free > 20  # both answers are covered


def test_the_audit_kept_cell_by_cell_finds_what_a_fresh_one_finds():
    rng = random.Random(15)
    for _ in range(100):
        cells = rng.randint(8, 30)
        families = _random_system(rng, cells, rng.randint(3, 10), 5)
        audit, hidden = LayerAudit(families), set()
        for cell in rng.sample(range(cells), cells // 2):
            audit.hide(cell)
            hidden.add(cell)
            if rng.random() < 0.5:  # asked between some hides, not all
                assert audit.determined() == _determined_by_rank(families, hidden)
        assert audit.determined() == _determined_by_rank(families, hidden)


def test_the_search_audit_finds_a_cell_and_what_sets_it_free_by_hand():
    # the loop and tail above, hidden one by one: a alone is k1 less c; with b, each is its
    # column's total less the shown c or d; with c, d = r2 - c is still shown, so all three are
    # known; d closes the loop, but a = t - e (e shown) pins it and with it all four; hiding e
    # leaves the loop one degree of freedom, and all five are free. Then, with b + e = u among
    # the families, a is pinned even with e hidden (2a = r1 + t - u), and so is every cell of
    # the loop; hiding u, the total of b + e, would set a free again, hiding r2 would not
    loop = [Family((0, 1), 10), Family((2, 3), 11), Family((0, 2), 12), Family((1, 3), 13)]
    audit = SearchAudit([*loop, Family((4, 0), 14)])
    for cell, expected in [(0, [0]), (1, [0, 1]), (2, [0, 1, 2]), (3, [0, 1, 2, 3]), (4, [])]:
        audit.hide(cell)
        assert audit.determined() == expected

    audit = SearchAudit([*loop, Family((4, 0), 14), Family((1, 4), 15)])
    for cell in (0, 1, 2, 3, 4):
        audit.hide(cell)
    assert audit.determined() == [0, 1, 2, 3, 4]
    assert audit.frees(15, 0) and not audit.frees(11, 0)
    assert audit.determined() == [0, 1, 2, 3, 4]  # asking changed nothing
    audit.hide(15)
    assert audit.determined() == []


def test_the_search_audit_kept_column_by_column_finds_what_the_rank_test_finds():
    rng = random.Random(13)
    freed = pinned = 0
    for _ in range(150):
        cells = rng.randint(8, 30)
        families = _random_system(rng, cells, rng.randint(3, 12), 5)
        audit, hidden = SearchAudit(families), set()
        for cell in rng.sample(range(cells), rng.randint(cells // 3, cells - 2)):
            audit.hide(cell)
            hidden.add(cell)
            expected = _determined_by_rank(families, hidden)
            assert audit.determined() == expected
            visible = [c for c in range(cells) if c not in hidden]
            for target in expected[:2]:
                for candidate in rng.sample(visible, min(3, len(visible))):
                    frees = target not in _determined_by_rank(families, hidden | {candidate})
                    assert audit.frees(candidate, target) == frees
                    freed += frees
                    pinned += not frees
    assert freed > 50 and pinned > 50  # both answers are covered


def test_the_search_chooses_what_rescanning_every_family_chooses():
    rng = random.Random(2026)
    compared = refused = 0
    for _ in range(400):
        cells = rng.randint(6, 24)
        sizes = [rng.choice([0, 3, 5, 7, 12, 15, 20, 40]) for _ in range(cells)]
        families = _random_system(rng, cells, rng.randint(2, 9), 6)
        primary = {cell for cell in range(cells) if sizes[cell] < 10}
        coded = primary | {cell for cell in range(cells) if rng.random() < 0.1}
        layers = [primary, coded] if rng.random() < 0.5 else [primary]
        unhidable = set(rng.sample(range(cells), rng.randint(0, 2))) - coded
        try:
            expected = _rescanning_search(families, sizes, layers, unhidable)
        except ValueError:
            with pytest.raises(ValueError, match="nothing is left to hide"):
                complementary_cells(families, sizes, layers, unhidable=unhidable)
            refused += 1
            continue
        assert complementary_cells(families, sizes, layers, unhidable=unhidable) == expected
        compared += 1
    assert compared > 300 and refused > 10


def _rescanning_search(families, sizes, hidden_layers, unhidable) -> set[int]:
    """The search as documented, every family rescanned at every step (quadratic)."""
    added: set[int] = set()
    while True:
        layers = [layer | added for layer in hidden_layers]
        options = set()
        for layer in layers:
            for family in families:
                count = sum(member in layer for member in family.members)
                zero = family.total not in layer and not sum(
                    sizes[part] for part in family.parts if part in layer
                )
                if count == 1 or (count > 1 and zero):
                    pick = _smallest_visible(family, sizes, layer, unhidable)
                    options |= {pick} if pick is not None else set()
        pick = min(
            options,
            key=lambda c: (_singletons_after(c, families, layers), sizes[c], c),
            default=None,
        )
        if pick is None:
            pick = _audit_pick(families, sizes, layers, unhidable)
        if pick is None:
            return added
        added.add(pick)


def _singletons_after(cell, families, layers) -> int:
    return sum(
        (n == 0) - (n == 1)
        for layer in layers
        if cell not in layer
        for family in families
        if cell in family.members
        for n in [sum(member in layer for member in family.members)]
    )


def _smallest_visible(family, sizes, layer, unhidable):
    parts = [p for p in family.parts if p not in layer and p not in unhidable]
    if not parts and family.total not in layer and family.total not in unhidable:
        parts = [family.total]
    return min(parts, key=lambda cell: (sizes[cell], cell), default=None)


def _audit_pick(families, sizes, layers, unhidable):
    for layer in layers:
        for cell in _determined_by_rank(families, layer):
            picks = [_smallest_visible(f, sizes, layer, unhidable) for f in families]
            picks = [
                p
                for f, p in zip(families, picks, strict=True)
                if cell in f.members and p is not None
            ]
            if picks:
                return min(picks, key=lambda pick: (sizes[pick], pick))
            candidates = {
                member
                for family in families
                if any(member in layer for member in family.members)
                for member in family.members
                if member not in layer and member not in unhidable
            }
            for candidate in sorted(candidates, key=lambda c: (sizes[c], c)):
                if cell not in _determined_by_rank(families, layer | {candidate}):
                    return candidate
            raise ValueError("nothing is left to hide")
    return None
