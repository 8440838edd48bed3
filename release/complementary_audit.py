"""The linear audit of complementary suppression: which hidden cells the equations pin down.

Each family is one equation over the hidden cells of a layer (the published cells are constants).
A hidden cell is determined when it is zero in every vector of the null space of the equations
over the hidden cells. The equations fall apart into independent blocks, the connected components
of hidden cells that share a family, and a cell's entries in the null space depend on its own
block only, so each block is solved on its own.

`LayerAudit` keeps the blocks of one layer as cells are hidden one at a time, and solves again
only the blocks a new hidden cell touched (`determined` hides a whole layer at once and solves
each block once). Two facts make that safe:
- Hiding a cell only adds an unknown, so every null-space vector of before still is one (with 0
  for the new cell): a cell once found free stays free, and is never solved for again.
- A block none of whose cells or equations changed has the same null space as when it was solved.

The greedy search does not use it: it asks after every cell it hides, and re-solving a block that
grows by one cell at a time (with a previous release, one block holds most of the district) costs
the square of the block. `release.complementary_basis` keeps the search's audit column by column
instead; this module, a separate code path, is the audit the tests check it with.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Protocol


class Equation(Protocol):
    parts: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]: ...


class LayerAudit:
    """The blocks of hidden cells of one layer, kept as cells are hidden."""

    def __init__(self, equations: Sequence[Equation]):
        self._equations = equations
        self._hidden_members: dict[int, list[int]] = defaultdict(list)  # equation -> hidden
        self._holding: dict[int, list[int]] = defaultdict(list)  # cell -> equations
        for index, equation in enumerate(equations):
            for member in equation.members:
                self._holding[member].append(index)
        self._parent: dict[int, int] = {}
        self._cells: dict[int, list[int]] = {}  # root -> hidden cells of its block
        self._free: set[int] = set()
        self._determined: dict[int, list[int]] = {}  # root of a solved block -> determined cells
        self._dirty: set[int] = set()  # roots of blocks changed since they were solved

    def hide(self, cell: int) -> None:
        """`cell` is hidden now (once per cell); it joins the blocks of its equations."""
        if cell not in self._holding:
            return  # in no equation: nothing can be worked out about it, nor from it
        self._parent[cell] = cell
        self._cells[cell] = [cell]
        self._dirty.add(cell)
        for index in self._holding[cell]:
            hidden = self._hidden_members[index]
            if hidden:
                self._union(hidden[0], cell)
            hidden.append(cell)

    def determined(self) -> list[int]:
        """The hidden cells the equations pin down now, in table order."""
        for root in {self._root(cell) for cell in self._dirty}:
            cells = [cell for cell in self._cells[root] if cell not in self._free]
            found = []
            if cells:
                block = {i for cell in self._cells[root] for i in self._holding[cell]}
                hidden = set(self._cells[root])
                found = determined_in_block([self._equations[i] for i in sorted(block)], hidden)
                self._free.update(set(cells) - set(found))
            self._determined[root] = found
        self._dirty.clear()
        return sorted(cell for cells in self._determined.values() for cell in cells)

    def _root(self, cell: int) -> int:
        parent = self._parent
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def _union(self, first: int, second: int) -> None:
        first, second = self._root(first), self._root(second)
        if first == second:
            return
        if len(self._cells[first]) < len(self._cells[second]):
            first, second = second, first
        self._parent[second] = first
        self._cells[first] += self._cells.pop(second)
        self._determined.pop(second, None)
        self._determined.pop(first, None)
        self._dirty.discard(second)
        self._dirty.add(first)


class PinnedCellError(ValueError):
    """A hidden cell follows from the equations whatever else is hidden."""

    def __init__(self, cell: int):
        super().__init__(f"cell {cell} is determined by its totals and nothing is left to hide")
        self.cell = cell


def determined(equations: Sequence[Equation], layer: Iterable[int]) -> list[int]:
    """Hidden cells (of `layer`) whose value follows from the equations, in table order."""
    audit = LayerAudit(equations)
    for cell in layer:
        audit.hide(cell)
    return audit.determined()


def determined_in_block(equations: Sequence[Equation], layer: set[int]) -> list[int]:
    """Hidden cells of one block whose value follows from its equations, in exact arithmetic.

    1. Forward elimination in integers, rows as sparse maps from cell to coefficient, each kept
       primitive (divided by the greatest common divisor of its entries). Each step pivots on a
       shortest row's rarest cell, which keeps the fill-in small on these equations (every cell
       is in two or three of them). Cells that are never a pivot are free.
    2. One null-space vector in rationals: the free cells get pseudo-random whole values, each
       pivot follows from its row, last pivot first. A pivot cell that is not 0 in it is free
       (the vector is a certificate).
    3. Each pivot cell that is 0 there is settled exactly: its row with every later pivot
       substituted out (the reduced row) holds the cell alone exactly when it is determined.
       Only these rows are reduced, so the fill-in of a full reduction is never paid for the
       many cells step 2 already showed free.
    """
    rows = _rows(equations, layer)
    order = _forward_elimination(rows)
    value: dict[int, Fraction | int] = defaultdict(int)
    seeds = random.Random(len(rows))  # reproducible; any values work for step 2's certificate
    for row in rows:
        for cell in row:
            value.setdefault(cell, seeds.randint(1, 2**31))
    for cell, row in reversed(order):
        rest = sum(
            value[other] * coefficient for other, coefficient in row.items() if other != cell
        )
        value[cell] = Fraction(-rest, row[cell])
    suspects = [cell for cell, _ in order if value[cell] == 0]
    reduced = _reduced_rows(order, suspects)
    return sorted(cell for cell in suspects if reduced[cell].keys() == {cell})


def _rows(equations: Sequence[Equation], layer: set[int]) -> list[dict[int, int]]:
    rows = []
    for equation in equations:
        row: dict[int, int] = defaultdict(int)
        for part in equation.parts:
            if part in layer:
                row[part] += 1
        total = getattr(equation, "total", None)
        if total in layer:
            row[total] -= 1
        row = {cell: value for cell, value in row.items() if value}
        if row:
            rows.append(row)
    return rows


def _forward_elimination(rows: list[dict[int, int]]) -> list[tuple[int, dict[int, int]]]:
    """(pivot cell, its row) in pivot order; a row holds no earlier pivot."""
    holding: dict[int, set[int]] = defaultdict(set)  # cell -> rows not pivoted yet holding it
    for number, row in enumerate(rows):
        for cell in row:
            holding[cell].add(number)
    waiting = [(len(row), number) for number, row in enumerate(rows)]  # stale entries skipped
    heapq.heapify(waiting)
    order = []
    while waiting:
        length, number = heapq.heappop(waiting)
        row = rows[number]
        if length != len(row) or not row or number not in holding[next(iter(row))]:
            continue
        for cell in row:
            holding[cell].discard(number)
        pivot = min(row, key=lambda cell: (len(holding[cell]), cell))
        order.append((pivot, row))
        for other in sorted(holding[pivot]):
            added, removed = _subtract(rows[other], row, pivot)
            for cell in removed:
                holding[cell].discard(other)
            for cell in added:
                holding[cell].add(other)
            heapq.heappush(waiting, (len(rows[other]), other))
    return order


def _reduced_rows(order, cells: list[int]) -> dict[int, dict[int, int]]:
    """The rows of `cells` (pivots) with every later pivot substituted out, and of the later
    pivots they need."""
    row_of = dict(order)
    position = {cell: index for index, (cell, _) in enumerate(order)}
    needed, stack = set(), list(cells)
    while stack:
        cell = stack.pop()
        if cell not in needed:
            needed.add(cell)
            stack += [other for other in row_of[cell] if other in row_of and other != cell]
    reduced: dict[int, dict[int, int]] = {}
    for cell in sorted(needed, key=position.get, reverse=True):
        row = dict(row_of[cell])
        for other in [other for other in row if other in row_of and other != cell]:
            _subtract(row, reduced[other], other)
        reduced[cell] = row
    return reduced


def _subtract(row: dict[int, int], pivot_row: dict[int, int], cell: int) -> tuple[list, list]:
    """In place, `row` := pivot_row[cell] * row - row[cell] * pivot_row (`row` without `cell`),
    made primitive; the cells it gained and lost. With a pivot of 1 or -1 (nearly always) only
    the pivot row's cells are touched, so a long row costs nothing extra."""
    scale, factor = pivot_row[cell], row[cell]
    if abs(scale) == 1:
        multiplier = factor * scale  # subtract factor / scale times the pivot row
    else:
        for member in row:
            row[member] *= scale
        multiplier = factor
    added, removed = [], []
    for member, value in pivot_row.items():
        before = row.get(member, 0)
        after = before - multiplier * value
        if after:
            row[member] = after
            if not before:
                added.append(member)
        elif before:
            del row[member]
            removed.append(member)
    divisor = math.gcd(*row.values()) if row else 1
    if divisor > 1:
        for member in row:
            row[member] //= divisor
    return added, removed
