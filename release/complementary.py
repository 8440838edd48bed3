"""Complementary suppression: choose more cells to hide until no hidden cell can be worked out.

A table that leaves the warehouse publishes totals. A *family* is a set of published cells whose
parts add up to a published total: one row or one column of a cross-tab with margins, or the
subgroups of a category under their "all" row. Each family is one linear equation an outsider can
write, `sum(parts) - total = 0`, with the hidden cells as unknowns.

NCES 2011-603 (SLDS Technical Brief 3) calls this complementary (or secondary) suppression: when
a table shows totals, suppressing the small cell alone is not enough, because it is the total
minus the cells that are shown. The algorithm here:

1. Singleton rule. Any family with exactly one hidden cell gives that cell away by subtraction, so
   hide the smallest part of that family that is not hidden yet ("next smallest"; ties by table
   order). Hidden cells of a family that add up to 0 are all known to be 0, so such a family gets
   one more cell too. One cell is added per step. When several families have a single
   hidden cell, the step takes the pick that leaves the fewest such families (a cell that closes a
   row and a column at once), then the smallest. Repeat until no family has a single hidden cell.
2. Linear audit. The singleton rule does not see cells that are pinned down by combining several
   families (in a cross-tab: a hidden cell that links two closed loops of hidden cells, e.g. the
   sum of two rows minus the sum of two columns). The audit solves the equations: a hidden cell is
   determined when it is zero in every vector of the null space of the equations over the hidden
   cells. For the first determined cell, hide the smallest visible part of any family that holds
   it (if every family holding it is hidden already, the smallest visible cell whose hiding
   sets it free), and go back to step 1.

Limits, said plainly:
- Exact recovery only. Hidden cells can still be *bounded*: counts are non-negative integers, so
  two hidden cells that add up to 3 are each known to be between 0 and 3. Nothing here guarantees
  a protection interval of a given width; an LP audit (as statistical agencies use for tables of
  magnitudes) would.
- Only the families given are protected. Totals published elsewhere are outside the equations
  unless the caller adds them: `release.outcome_tables` gives the schools-to-district families of
  a whole release; last year's release is outside them.
- The choice is a heuristic, not the least information lost; it may hide more than an optimal
  (integer-programming) choice would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Family:
    """Cells (positions in the table) whose parts add up to the total."""

    parts: tuple[int, ...]
    total: int

    @property
    def members(self) -> tuple[int, ...]:
        return (*self.parts, self.total)


def complementary_cells(
    families: Sequence[Family],
    sizes: Sequence[int],
    hidden_layers: Sequence[set[int]],
    *,
    unhidable: Collection[int] = (),
) -> set[int]:
    """The cells to suppress so that no cell of any layer can be worked out from the families.

    `sizes` orders the candidates ("next smallest"). Each layer is a set of cells hidden in one
    additive quantity: for counts, the suppressed cells; for rates, the suppressed cells (their
    denominators) and the suppressed plus top/bottom-coded cells (their numerators). A suppressed
    cell is hidden in every layer, so each added cell joins every layer. `unhidable` cells are
    known to an outsider without being published: they are never chosen.
    """
    unhidable = frozenset(unhidable)
    holding: dict[int, list[int]] = defaultdict(list)
    for index, family in enumerate(families):
        for member in family.members:
            holding[member].append(index)
    added: set[int] = set()
    while True:
        layers = [layer | added for layer in hidden_layers]
        pick = _singleton_pick(families, sizes, layers, holding, unhidable)
        if pick is None:
            pick = _audit_pick(families, sizes, layers, unhidable)
        if pick is None:
            return added
        added.add(pick)


def _singleton_pick(families, sizes, layers, holding, unhidable) -> int | None:
    """The next smallest cell of a family that gives a hidden cell away; of several such
    families, the pick that leaves the fewest families with one hidden cell (then the smallest
    pick, then the first)."""
    hidden = [[sum(m in layer for m in family.members) for family in families] for layer in layers]
    options = {
        pick
        for layer, counts in zip(layers, hidden, strict=True)
        for family, count in zip(families, counts, strict=True)
        if _gives_away(family, count, layer, sizes)
        and (pick := _next_smallest(family, sizes, layer, unhidable)) is not None
    }
    if not options:
        return None

    def singletons_after(cell: int) -> int:
        return sum(
            (counts[index] == 0) - (counts[index] == 1)
            for layer, counts in zip(layers, hidden, strict=True)
            if cell not in layer
            for index in holding[cell]
        )

    return min(options, key=lambda cell: (singletons_after(cell), sizes[cell], cell))


def _gives_away(family: Family, hidden_count: int, layer: set[int], sizes) -> bool:
    # one hidden cell is the total minus the rest; hidden parts that add up to a shown total
    # less the shown parts, 0, are all 0 (a hidden total hides their sum)
    if hidden_count == 1:
        return True
    return (
        hidden_count > 1
        and family.total not in layer
        and sum(sizes[m] for m in family.parts if m in layer) == 0
    )


def _audit_pick(families, sizes, layers, unhidable) -> int | None:
    for layer in layers:
        for cell in _determined(families, layer):
            holding = [family for family in families if cell in family.members]
            picks = [_next_smallest(family, sizes, layer, unhidable) for family in holding]
            picks = [pick for pick in picks if pick is not None]
            if picks:
                return min(picks, key=lambda pick: (sizes[pick], pick))
            return _freeing_pick(cell, families, sizes, layer, unhidable)
    return None


def _freeing_pick(cell: int, families, sizes, layer: set[int], unhidable) -> int:
    """`cell` is pinned by a combination of families that are hidden wherever they hold it (a
    group with no rows by grade, whose total is the district's less every other group): hide
    the smallest cell, of the families that hold hidden cells, that sets it free."""
    candidates = {
        member
        for family in families
        if any(member in layer for member in family.members)
        for member in family.members
        if member not in layer and member not in unhidable
    }
    for candidate in sorted(candidates, key=lambda c: (sizes[c], c)):
        if cell not in _determined(families, layer | {candidate}):
            return candidate
    raise ValueError(f"cell {cell} is determined by its totals and nothing is left to hide")


def _next_smallest(family: Family, sizes, layer: set[int], unhidable) -> int | None:
    # A part is preferred over the total; the total only when every part is hidden already.
    def choosable(cell: int) -> bool:
        return cell not in layer and cell not in unhidable

    candidates = [part for part in family.parts if choosable(part)]
    if not candidates and choosable(family.total):
        candidates = [family.total]
    return min(candidates, key=lambda cell: (sizes[cell], cell), default=None)


def _determined(families: Sequence[Family], layer: set[int]) -> list[int]:
    """Hidden cells whose value follows from the families' equations (in table order).

    The equations over the hidden cells fall apart into independent blocks: the connected
    components of hidden cells that share a family. A cell's entries in the null space depend
    on its own block only, so each block is solved on its own: the same answer as one solve of
    the whole system, at the cost of the blocks' sizes rather than the whole table's."""
    parent: dict[int, int] = {}

    def root(cell: int) -> int:
        parent.setdefault(cell, cell)
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    holding_hidden = []
    for family in families:
        hidden = [member for member in family.members if member in layer]
        if hidden:
            holding_hidden.append((family, hidden[0]))
            for member in hidden[1:]:
                parent[root(member)] = root(hidden[0])
    blocks: dict[int, list[Family]] = defaultdict(list)
    for family, first_hidden in holding_hidden:
        blocks[root(first_hidden)].append(family)
    determined = []
    for block in blocks.values():
        determined += _determined_in_block(block, layer)
    return sorted(determined)


def _determined_in_block(families: Sequence[Family], layer: set[int]) -> list[int]:
    """Hidden cells of one block whose value follows from its families' equations: a dense
    SVD, small because a block is."""
    unknowns = sorted(layer & {member for family in families for member in family.members})
    if not unknowns:
        return []
    column = {cell: index for index, cell in enumerate(unknowns)}
    rows = []
    for family in families:
        row = np.zeros(len(unknowns))
        for part in family.parts:
            if part in column:
                row[column[part]] += 1.0
        if family.total in column:
            row[column[family.total]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return []
    equations = np.vstack(rows)
    _, singular_values, right = np.linalg.svd(equations)
    rank = int((singular_values > 1e-9).sum())
    null_space = right[rank:]  # rows span the null space
    free = np.abs(null_space).max(axis=0) > 1e-9 if len(null_space) else np.zeros(len(unknowns))
    return [cell for cell, is_free in zip(unknowns, free, strict=True) if not is_free]
