"""The search's audit, kept up to date cell by cell: which hidden cells of one layer are determined.

The families of a layer are fixed; hiding a cell adds one unknown, a column of the equations (its
coefficient in each family). A hidden cell is determined when it is 0 in every null-space vector
of the columns hidden so far, that is, when it is in the support of none of them. Adding a column:
- if it is independent of the columns before, the null space is the same as before (with 0 for
  the new cell): the new cell is determined, the others as they were;
- if it is a combination of them, the null space gains exactly one vector, the new cell less
  that combination: every cell of its support is free from now on (and stays free: a null-space
  vector stays one when more cells are hidden).

So `SearchAudit` keeps a basis of the hidden columns in echelon form over the families, and each
basis vector's combination of hidden columns, but only its entries of the cells still determined
(a free cell's entry never matters again). A new column is reduced against the basis (sparse,
exact integers), which touches only the families of its own block. Whether hiding a candidate
would set a cell free is the same reduction without keeping it (`frees`). Nothing is solved
again from scratch, however large a block grows (with a previous release, the district's
families join every school's cells into one).

`release.complementary_audit.determined` solves the same question from scratch, in a separate
code path: the tests and a release's own audit use it to check this one.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence

from release.complementary_audit import Equation, PinnedCellError


class SearchAudit:
    """The determined hidden cells of one layer, kept as cells are hidden (each once)."""

    def __init__(self, equations: Sequence[Equation]):
        self._equations = equations
        column: dict[int, dict[int, int]] = defaultdict(dict)  # cell -> family -> coefficient
        for index, equation in enumerate(equations):
            for part in equation.parts:
                _add(column[part], index, 1)
            total = getattr(equation, "total", None)
            if total is not None:
                _add(column[total], index, -1)
        self._column = dict(column)  # a cell in no family is not in it
        self._rows: list[dict[int, int]] = []  # basis vectors, each over families
        self._combinations: list[dict[int, int]] = []  # ... over the determined cells
        self._pivot: dict[int, int] = {}  # family -> the basis vector it is the pivot of
        self._pivot_family: list[int] = []  # basis vector -> its pivot family
        self._using: dict[int, set[int]] = defaultdict(set)  # cell -> combinations holding it
        self._determined: set[int] = set()
        self._parent: dict[int, int] = {}  # blocks of hidden cells that share a family
        self._cells: dict[int, list[int]] = {}  # root -> hidden cells of its block
        self._hidden_in: dict[int, int] = {}  # family -> a hidden cell of it

    def hide(self, cell: int) -> None:
        if cell not in self._column:
            return  # in no family: nothing can be worked out about it, nor from it
        self._join(cell)
        row, combination = self._reduce(cell)
        if row:
            number = len(self._rows)
            self._rows.append(row)
            self._combinations.append(combination)
            pivot = min(row, key=lambda index: (abs(row[index]) != 1, index))
            self._pivot[pivot] = number
            self._pivot_family.append(pivot)
            for member in combination:
                self._using[member].add(number)
            self._determined.add(cell)
        else:
            self._free(combination)

    def determined(self) -> list[int]:
        """The hidden cells the families pin down now, in table order."""
        return sorted(self._determined)

    def frees(self, candidate: int, cell: int) -> bool:
        """Whether hiding `candidate` (not hidden) would set the determined `cell` free."""
        if candidate not in self._column:
            return False
        row, combination = self._reduce(candidate)
        return not row and combination.get(cell, 0) != 0

    def block_families(self, cell: int) -> set[int]:
        """The families of the block `cell` (hidden) is in."""
        return {index for member in self._cells[self._root(cell)] for index in self._column[member]}

    def _reduce(self, cell: int) -> tuple[dict[int, int], dict[int, int]]:
        """The cell's column less its combination of the basis, and (over the determined cells
        and `cell`) the combination of hidden columns that remainder is. Basis vectors are taken
        in the order they were added: each holds no pivot of an earlier one, so a pivot once
        eliminated never comes back."""
        row, combination = dict(self._column[cell]), {cell: 1}
        waiting = [self._pivot[index] for index in row if index in self._pivot]
        queued = set(waiting)
        heapq.heapify(waiting)
        while waiting:
            number = heapq.heappop(waiting)
            pivot_row = self._rows[number]
            pivot = self._pivot_family[number]
            if pivot not in row:
                continue
            scale, factor = pivot_row[pivot], row[pivot]
            if abs(scale) == 1:
                factor *= scale  # row - factor / scale * pivot_row, in integers
            else:
                for vector in (row, combination):
                    for key in vector:
                        vector[key] *= scale
            _subtract(row, pivot_row, factor)
            _subtract(combination, self._combinations[number], factor)
            if abs(scale) != 1:
                _make_primitive(row, combination)
            for index in pivot_row:
                later = self._pivot.get(index)
                if later is not None and later not in queued and index in row:
                    queued.add(later)
                    heapq.heappush(waiting, later)
        return row, combination

    def _free(self, cells) -> None:
        for cell in list(cells):
            self._determined.discard(cell)
            for number in self._using.pop(cell, ()):
                self._combinations[number].pop(cell, None)

    def _join(self, cell: int) -> None:
        self._parent[cell] = cell
        self._cells[cell] = [cell]
        for index in self._column[cell]:
            other = self._hidden_in.setdefault(index, cell)
            first, second = self._root(other), self._root(cell)
            if first != second:
                if len(self._cells[first]) < len(self._cells[second]):
                    first, second = second, first
                self._parent[second] = first
                self._cells[first] += self._cells.pop(second)

    def _root(self, cell: int) -> int:
        parent = self._parent
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell


def _add(column: dict[int, int], index: int, coefficient: int) -> None:
    column[index] = column.get(index, 0) + coefficient
    if not column[index]:
        del column[index]  # a cell that is a part and the total of a family cancels out


def _subtract(vector: dict[int, int], other: dict[int, int], factor: int) -> None:
    """In place, `vector` -= factor * `other`, dropping entries that reach 0."""
    for key, value in other.items():
        after = vector.get(key, 0) - factor * value
        if after:
            vector[key] = after
        else:
            vector.pop(key, None)


def _make_primitive(row: dict[int, int], combination: dict[int, int]) -> None:
    # both divided alike keep the row equal to its combination of columns; small numbers
    divisor = math.gcd(*row.values(), *combination.values())
    if divisor > 1:
        for vector in (row, combination):
            for key in vector:
                vector[key] //= divisor


def freeing_cell(cell: int, audit: SearchAudit, equations, hidden, sizes) -> int:
    """The smallest visible cell, of the families of `cell`'s block, whose hiding sets `cell`
    free (a cell of another block cannot: its hiding leaves this block's families as they are);
    PinnedCellError if none does."""
    candidates = {
        member
        for index in audit.block_families(cell)
        for member in equations[index].members
        if member not in hidden
    }
    for candidate in sorted(candidates, key=lambda c: (sizes[c], c)):
        if audit.frees(candidate, cell):
            return candidate
    raise PinnedCellError(cell)
