"""The linear audit of complementary suppression: which hidden cells the equations pin down.

Each family is one equation over the hidden cells of a layer (the published cells are constants).
A hidden cell is determined when it is zero in every vector of the null space of the equations
over the hidden cells. The equations fall apart into independent blocks, the connected components
of hidden cells that share a family, and a cell's entries in the null space depend on its own
block only, so each block is solved on its own.

`LayerAudit` keeps the blocks of one layer while the greedy search hides cells one at a time, and
solves again only the blocks a new hidden cell touched. Two facts make that safe:
- Hiding a cell only adds an unknown, so every null-space vector of before still is one (with 0
  for the new cell): a cell once found free stays free, and is never solved for again.
- A block none of whose cells or equations changed has the same null space as when it was solved.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
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

    def block_equations(self, cell: int) -> list[int]:
        """The equations of the block `cell` is in (it must be hidden)."""
        root = self._root(cell)
        return sorted({i for member in self._cells[root] for i in self._holding[member]})

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


def determined(equations: Sequence[Equation], layer: Iterable[int]) -> list[int]:
    """Hidden cells (of `layer`) whose value follows from the equations, in table order."""
    audit = LayerAudit(equations)
    for cell in layer:
        audit.hide(cell)
    return audit.determined()


def determined_in_block(equations: Sequence[Equation], layer: set[int]) -> list[int]:
    """Hidden cells of one block whose value follows from its equations, by exact elimination.

    Gauss-Jordan elimination in integers (each row kept primitive: its entries divided by their
    greatest common divisor), so no rounding and no tolerance. Rows are sparse maps from cell to
    coefficient, and each step pivots on a shortest row's rarest cell, which keeps the fill-in
    small on these equations (every cell is in two or three of them). In the reduced rows each
    pivot cell is in its own row only, so a cell is determined (its unit vector is a combination
    of the rows) exactly when it is a pivot whose row holds nothing else."""
    rows: list[dict[int, int]] = []
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
    holding: dict[int, set[int]] = defaultdict(set)  # cell -> rows holding it
    for number, row in enumerate(rows):
        for cell in row:
            holding[cell].add(number)
    pivots: dict[int, int] = {}  # cell -> its pivot row
    waiting = set(range(len(rows)))
    while waiting:
        number = min(waiting, key=lambda n: (len(rows[n]), n))
        waiting.discard(number)
        pivot_row = rows[number]
        if not pivot_row:
            continue
        cell = min(pivot_row, key=lambda c: (len(holding[c]), c))
        pivots[cell] = number
        for other in sorted(holding[cell] - {number}):
            _eliminate(rows, holding, other, pivot_row, cell)
    return sorted(cell for cell, number in pivots.items() if len(rows[number]) == 1)


def _eliminate(rows, holding, number: int, pivot_row: dict[int, int], cell: int) -> None:
    """rows[number] := pivot[cell] * rows[number] - rows[number][cell] * pivot, made primitive."""
    row = rows[number]
    scale, factor = pivot_row[cell], row[cell]
    combined = {member: scale * value for member, value in row.items()}
    for member, value in pivot_row.items():
        combined[member] = combined.get(member, 0) - factor * value
    combined = {member: value for member, value in combined.items() if value}
    divisor = math.gcd(*combined.values()) if combined else 1
    if divisor > 1:
        combined = {member: value // divisor for member, value in combined.items()}
    for member in row.keys() - combined.keys():
        holding[member].discard(number)
    for member in combined.keys() - row.keys():
        holding[member].add(number)
    rows[number] = combined
