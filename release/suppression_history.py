"""Suppression across releases: what the previous release of the same figures lets an outsider
work out, given to `release.complementary` as two facts per layer.

An October and a January packet of the same school year publish the same cells, with values that
have moved. An outsider holds both. So, per layer (denominators; numerators):

- A cell the previous release published with the value it has now is known: hiding it now
  protects nothing, so it is never a complement (`known_before`). A published value that has
  changed is not known now: the outsider cannot tell the old from the new.
- Each family was an equation in the previous release too, over the old values. A cell hidden
  then is unknown in it; taking the worst case, that a cell hidden in both releases did not change
  (its old value is not published, so nobody can check), that equation's unknowns are the cells
  hidden in both (`equations_before`), and the search makes sure the two releases' equations
  together pin down no hidden cell. An old equation that cannot hold for the values of now (the
  old total less the old published parts is not what the cells hidden in both add up to now) is
  left out: one of them has changed, so what it gives an outsider is wrong.

When the two releases pin a hidden cell down whatever else is hidden now (a coded rate's
numerator, from cells hidden in both and taken as unchanged, beside cells published before with
the values they still have), no choice of complements protects it: the table then publishes none
of its cells this time (`complements_against_history`), which tells nothing the previous release
did not, and the release goes on, rather than stopping the whole nightly release.

A numerator is published exactly only by an uncoded rate beside its denominator; a coded rate
("≤10%") hides it, as in one release. Cells known without being published (the students of no
reported race) are constants in both releases.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from release.complementary import Family, complementary_cells
from release.complementary_audit import PinnedCellError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Published:
    """A cell as a release published it: its denominator and rate text (None when withheld)."""

    denominator: int | None
    rate: str | None


def history_layers(
    previous: Sequence[Published | None],
    families: Sequence[Family],
    values: tuple[Sequence[int], Sequence[int]],
    shown: Mapping[int, tuple[str, str | None]],
    known: Collection[int],
    rate_text: Callable[[int, int], str],
) -> dict[str, list]:
    """`known_before` and `equations_before` of `release.complementary.complementary_cells`, per
    layer: denominators (`values[0]`), then numerators (`values[1]`). `shown`: this release's
    rate text of each cell it shows; `rate_text(count, n)`: how a rate is printed."""
    if len(previous) != len(values[0]):
        raise ValueError("previous must give one entry (or None) per cell")
    known_before: list[set[int]] = [set(), set()]
    hidden_before: list[set[int]] = [set(), set()]
    old_range: list[dict[int, tuple[int, int]]] = [{}, {}]  # what a published cell was
    for cell, before in enumerate(previous):
        if cell in known:
            continue  # known without being published, in both releases
        denominator = before.denominator if before else None
        rate = before.rate if before else None
        if denominator is None:
            hidden_before[0].add(cell)
        else:
            old_range[0][cell] = (denominator, denominator)
            if denominator == values[0][cell]:
                known_before[0].add(cell)
        if rate is None or denominator is None or rate[0] in "≤≥":
            hidden_before[1].add(cell)  # a coded rate hides the numerator
        else:
            old_range[1][cell] = _numerators(rate, denominator, rate_text)
            if denominator == values[0][cell] and shown.get(cell) == (rate, None):
                known_before[1].add(cell)
    equations_before = [
        [
            Family(
                tuple(part for part in family.parts if part in hidden),
                family.total if family.total in hidden else None,
            )
            for family in families
            if _may_hold(family, values[layer], old_range[layer], known)
        ]
        for layer, hidden in enumerate(hidden_before)
    ]
    return {"known_before": known_before, "equations_before": equations_before}


def _may_hold(family: Family, now: Sequence[int], before: dict, known: Collection[int]) -> bool:
    """Whether the family's old equation can hold for this release's values of the cells hidden
    in both: the published old values of the others (a rate: any numerator it rounds from) and
    the hidden cells at their values now must add up. If not, some cell hidden in both has
    changed, and what an outsider works out from it, taking them as unchanged, is wrong. A cell
    known without being published has an old value nobody here knows: the equation is kept."""
    if any(member in known for member in family.members):
        return True
    low = high = 0
    for member, sign in [*((part, 1) for part in family.parts), (family.total, -1)]:
        smallest, largest = before.get(member, (now[member], now[member]))
        low, high = (
            low + min(sign * smallest, sign * largest),
            high + max(sign * smallest, sign * largest),
        )
    return low <= 0 <= high


def _numerators(rate: str, size: int, rate_text: Callable[[int, int], str]) -> tuple[int, int]:
    """The fewest and most students of `size` whose rate is printed as `rate` (uncoded); all of
    0 to `size` when no count is (the rate says nothing then)."""

    def shows(count: int) -> bool:
        if not 0 <= count <= size:
            return False
        try:
            return rate_text(count, size) == rate
        except StopIteration:  # no band prints a rate of this group
            return False

    guess = round(float(rate.rstrip("%")) * size / 100)
    near = [count for count in range(guess - 2, guess + 3) if shows(count)]
    if not near:
        return (0, size)
    low, high = min(near), max(near)
    while shows(low - 1):
        low -= 1
    while shows(high + 1):
        high += 1
    return (low, high)


def complements_against_history(
    families: Sequence[Family],
    sizes: Sequence[int],
    hidden_layers: Sequence[set[int]],
    *,
    unhidable: Collection[int],
    history: Mapping[str, list],
) -> set[int]:
    """`complementary_cells` with the previous release's `history` (from `history_layers`); when
    the two releases pin a cell down whatever is hidden, every cell that may be hidden and is not
    hidden already by the first layer (the primary cells): coded ones too, so that nothing of the
    table is published."""
    try:
        return complementary_cells(families, sizes, hidden_layers, unhidable=unhidable, **history)
    except PinnedCellError:
        hidable = set(range(len(sizes))) - set(unhidable)
        # counts only: which cell, and its value, stay out of the log
        logger.warning(
            "a table's cells could not be protected against the previous release one by one; "
            "all %d of them are withheld this time",
            len(hidable),
        )
        return hidable - set(hidden_layers[0])
