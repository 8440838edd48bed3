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
2. Linear audit (`release.complementary_basis`). The singleton rule does not see cells that are
   pinned down by combining several families (in a cross-tab: a hidden cell that links two closed
   loops of hidden cells, e.g. the sum of two rows minus the sum of two columns). For the first
   determined cell, hide the smallest visible part of any family that holds it (if every family
   holding it is hidden already, the smallest visible cell whose hiding sets it free), and go
   back to step 1.

Cost. Each step touches only the families of the cell it hides: the families' hidden counts, the
picks they propose and the keys of those picks are kept up to date (`_Search`), and the audit
adds the new cell's column to a basis kept in echelon form (`release.complementary_basis`),
never solving a block again however large it grows. So the search grows with the cells and the
families, not with cells times families.

History (`release.suppression_history`): an outsider also holds the previous release of the same
measure and year. A cell it published whose value has not changed is known: it is a constant in
that layer, never an unknown and never a useful complement (`known_before`). And a family is a
second equation over the old values, whose unknowns are the cells hidden in both releases (taking
the worst case, that such a cell did not change): `equations_before`, searched and audited with
this release's own.

Limits, said plainly:
- Exact recovery only. Hidden cells can still be *bounded*: counts are non-negative integers, so
  two hidden cells that add up to 3 are each known to be between 0 and 3. Nothing here guarantees
  a protection interval of a given width; an LP audit (as statistical agencies use for tables of
  magnitudes) would.
- Only the families given are protected. Totals published elsewhere are outside the equations
  unless the caller adds them: `release.outcome_tables` gives the schools-to-district families of
  a whole release, and the previous release of the same year comes in as history.
- The choice is a heuristic, not the least information lost; it may hide more than an optimal
  (integer-programming) choice would.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from release.complementary_basis import SearchAudit, freeing_cell


@dataclass(frozen=True)
class Family:
    """Cells (positions in the table) whose parts add up to the total. As an outsider's equation
    in one layer, the cells known to them are left out, and `total` is None when it is known."""

    parts: tuple[int, ...]
    total: int | None

    @property
    def members(self) -> tuple[int, ...]:
        return self.parts if self.total is None else (*self.parts, self.total)


def complementary_cells(
    families: Sequence[Family],
    sizes: Sequence[int],
    hidden_layers: Sequence[set[int]],
    *,
    unhidable: Collection[int] = (),
    known_before: Sequence[Collection[int]] | None = None,
    equations_before: Sequence[Sequence[Family]] | None = None,
) -> set[int]:
    """The cells to suppress so that no cell of any layer can be worked out from the families.

    `sizes` orders the candidates ("next smallest"). Each layer is a set of cells hidden in one
    additive quantity: for counts, the suppressed cells; for rates, the suppressed cells (their
    denominators) and the suppressed plus top/bottom-coded cells (their numerators). A suppressed
    cell is hidden in every layer, so each added cell joins every layer. `unhidable` cells are
    known to an outsider without being published: they are never chosen. Per layer, from the
    previous release of the same figures (`release.suppression_history`): `known_before`, cells
    it published with the value they have now (constants in that layer), and `equations_before`,
    the families once more over the old values, whose unknowns are the cells hidden in both.
    """
    unhidable = set(unhidable)
    while True:
        layers = [
            _equations(
                families,
                unhidable | set(known_before[index] if known_before else ()),
                equations_before[index] if equations_before else (),
            )
            for index in range(len(hidden_layers))
        ]
        try:
            return _search(layers, sizes, hidden_layers, show_pinned=bool(equations_before))
        except _PinnedComplements as pinned:
            unhidable |= pinned.cells


class _PinnedComplements(Exception):
    """With a previous release, complements can turn out known: a family over the old values
    fixes what they add up to (a district total whose schools are all hidden in both releases
    and unchanged), and every family holding them is hidden. They are published, as an outsider
    can work them out anyway, and the search starts again with them shown."""

    def __init__(self, cells: set[int]):
        super().__init__(f"complements {sorted(cells)} are pinned")
        self.cells = cells


def _search(layers: list[list[Family]], sizes, hidden_layers, show_pinned: bool) -> set[int]:
    search = _Search(layers, sizes, hidden_layers)
    search.show_pinned = show_pinned
    added: set[int] = set()
    while True:
        pick = search.singleton_pick()
        if pick is None:
            pick = search.audit_pick()
        if pick is None:
            return added
        added.add(pick)
        search.hide(pick)


def _equations(families, known: set[int], before: Sequence[Family]) -> list[Family]:
    """The families as an outsider's equations in one layer: known cells are constants. Then the
    previous release's equations, but for those that say no more than one of this release's."""

    def restricted(family: Family) -> Family | None:
        parts = tuple(part for part in family.parts if part not in known)
        total = family.total if family.total not in known else None
        return Family(parts, total) if parts or total is not None else None

    now = [equation for equation in map(restricted, families) if equation]
    seen = set(now)
    then = [equation for equation in map(restricted, before) if equation and equation not in seen]
    return now + list(dict.fromkeys(then))


class _Layer:
    """One layer's equations and what the search needs of them, updated cell by cell."""

    def __init__(self, equations: list[Family], sizes: Sequence[int]):
        self.equations = equations
        self.sizes = sizes
        self.hidden: set[int] = set()
        self.holding: dict[int, list[int]] = defaultdict(list)
        for index, equation in enumerate(equations):
            for member in equation.members:
                self.holding[member].append(index)
        self.counts = [0] * len(equations)  # hidden members of each equation
        self.hidden_parts_size = [0] * len(equations)
        # parts of each equation from the smallest; a cursor skips the hidden ones for good
        self.order = [sorted(eq.parts, key=lambda c: (sizes[c], c)) for eq in equations]
        self.cursor = [0] * len(equations)
        self.audit = SearchAudit(equations)

    def hide(self, cell: int) -> tuple[list[int], list[int]]:
        """Hide `cell`. Returns the equations whose state changed, and those of them that now
        hold one or two hidden cells (the only change that moves a key: `singletons_after`)."""
        if cell in self.hidden:
            return [], []
        self.hidden.add(cell)
        self.audit.hide(cell)
        holding = self.holding.get(cell, [])
        for index in holding:
            self.counts[index] += 1
            if cell != self.equations[index].total:
                self.hidden_parts_size[index] += self.sizes[cell]
        return holding, [index for index in holding if self.counts[index] <= 2]

    def proposal(self, index: int) -> int | None:
        """The next smallest cell of an equation that gives a hidden cell away, else None."""
        return self.next_smallest(index) if self.gives_away(index) else None

    def gives_away(self, index: int) -> bool:
        # one hidden cell is the total minus the rest; hidden parts that add up to a shown total
        # less the shown parts, 0, are all 0 (a hidden total hides their sum)
        count = self.counts[index]
        if count == 1:
            return True
        total = self.equations[index].total
        return count > 1 and total not in self.hidden and self.hidden_parts_size[index] == 0

    def next_smallest(self, index: int) -> int | None:
        # A part is preferred over the total; the total only when every part is hidden already.
        order, cursor = self.order[index], self.cursor[index]
        while cursor < len(order) and order[cursor] in self.hidden:
            cursor += 1
        self.cursor[index] = cursor
        if cursor < len(order):
            return order[cursor]
        total = self.equations[index].total
        return total if total is not None and total not in self.hidden else None

    def singletons_after(self, cell: int) -> int:
        """How many more (or, negative, fewer) equations of this layer hiding `cell` leaves with
        one hidden member."""
        if cell in self.hidden:
            return 0
        counts = self.counts
        return sum((counts[i] == 0) - (counts[i] == 1) for i in self.holding.get(cell, ()))


class _Search:
    """The cells the singleton rule proposes, in a heap by (equations left with one hidden cell,
    size, table order). Hiding a cell changes only its own equations, so only their proposals
    and the keys of the proposals among their members are refreshed; stale heap entries are
    dropped when they come up."""

    def __init__(self, equations_by_layer, sizes: Sequence[int], hidden_layers):
        self.sizes = sizes
        self.layers = [_Layer(equations, sizes) for equations in equations_by_layer]
        self.proposals: dict[tuple[int, int], int] = {}  # (layer, equation) -> cell
        self.proposers: dict[int, int] = defaultdict(int)  # cell -> how many propose it
        self.options_in: dict[tuple[int, int], set[int]] = defaultdict(set)
        self.heap: list[tuple[tuple[int, int, int], int]] = []
        self.initial = set().union(*hidden_layers)  # hidden for their own sake
        self.show_pinned = False
        for layer, hidden in zip(self.layers, hidden_layers, strict=True):
            for cell in sorted(hidden):
                layer.hide(cell)
        for number, layer in enumerate(self.layers):
            for index in range(len(layer.equations)):
                self._refresh(number, index)

    def hide(self, cell: int) -> None:
        rekeyed = []
        for number, layer in enumerate(self.layers):
            changed, crossed = layer.hide(cell)
            for index in changed:
                self._refresh(number, index)
            rekeyed += [(number, index) for index in crossed]
        for key in rekeyed:
            for option in self.options_in.get(key, ()):
                self._push(option)

    def singleton_pick(self) -> int | None:
        while self.heap:
            key, cell = self.heap[0]
            if not self.proposers.get(cell):
                heapq.heappop(self.heap)
            elif key != self._key(cell):
                heapq.heapreplace(self.heap, (self._key(cell), cell))
            else:
                return cell
        return None

    def audit_pick(self) -> int | None:
        for layer in self.layers:
            determined = layer.audit.determined()
            for cell in determined:
                picks = [layer.next_smallest(index) for index in layer.holding[cell]]
                picks = [pick for pick in picks if pick is not None]
                if picks:
                    return min(picks, key=lambda pick: (self.sizes[pick], pick))
                if self.show_pinned and cell not in self.initial:
                    raise _PinnedComplements(self._pinned_complements(layer, determined))
                return _freeing_pick(cell, layer)
        return None

    def _pinned_complements(self, layer: _Layer, determined: list[int]) -> set[int]:
        """The determined complements every family of which is hidden."""
        return {
            cell
            for cell in determined
            if cell not in self.initial
            and all(layer.next_smallest(index) is None for index in layer.holding[cell])
        }

    def _refresh(self, number: int, index: int) -> None:
        key = (number, index)
        old, new = self.proposals.get(key), self.layers[number].proposal(index)
        if old == new:
            return
        if old is not None:
            del self.proposals[key]
            self.proposers[old] -= 1
            if not self.proposers[old]:
                self._options_of(old, set.discard)
        if new is not None:
            self.proposals[key] = new
            self.proposers[new] += 1
            if self.proposers[new] == 1:
                self._options_of(new, set.add)
            self._push(new)

    def _options_of(self, cell: int, change) -> None:
        for number, layer in enumerate(self.layers):
            for index in layer.holding.get(cell, ()):
                change(self.options_in[(number, index)], cell)

    def _key(self, cell: int) -> tuple[int, int, int]:
        after = sum(layer.singletons_after(cell) for layer in self.layers)
        return (after, self.sizes[cell], cell)

    def _push(self, cell: int) -> None:
        heapq.heappush(self.heap, (self._key(cell), cell))


def _freeing_pick(cell: int, layer: _Layer) -> int:
    """`cell` is pinned by a combination of families that are hidden wherever they hold it (a
    group with no rows by grade, whose total is the district's less every other group): hide
    the smallest cell, of the families of its block, that sets it free."""
    return freeing_cell(cell, layer.audit, layer.equations, layer.hidden, layer.sizes)
