"""A published cell of the release (`release.cells`) as the numeric columns of an export row.

For a value column `v` (a rate or share from 0 to 1) and its denominator column `d`:

| cell | `d` | `v` | `v_suppression` | `v_lower`, `v_upper` |
|---|---|---|---|---|
| shown, e.g. `82%` of 50 | 50 | 0.82 | empty | 0.82, 0.82 |
| bottom-coded `≤5%` of 30 | 30 | 0.05 | `bottom_coded` | 0.0, 0.05 |
| top-coded `≥90%` of 12 | 12 | 0.90 | `top_coded` | 0.90, 1.0 |
| withheld | NULL | NULL | `primary` or `complementary` | NULL, NULL |
| no figure (nobody judged) | NULL | NULL | empty | NULL, NULL |

The value is the packet's number: rounded as the packet prints it, and a coded rate at its bound,
as the packet's charts draw it. So `v` is NULL exactly where the packet shows `*`, or has nothing.
"""

from __future__ import annotations

from release.suppression import BOTTOM_CODED, TOP_CODED

SUPPRESSION = "_suppression"
LOWER = "_lower"
UPPER = "_upper"


def cell_columns(cell: dict | None, value: str, denominator: str | None) -> dict:
    """The export columns of one cell (None: the release has no figure there)."""
    columns = {} if denominator is None else {denominator: None}
    columns |= {value: None, value + SUPPRESSION: "", value + LOWER: None, value + UPPER: None}
    if cell is None or cell["reason"] == "not_available":
        return columns
    if cell["value"] is None:  # withheld
        return columns | {value + SUPPRESSION: cell["reason"]}
    number = round(float(cell["value"]), 6)  # 0.82, not 0.8200000000000001
    lower = 0.0 if cell["reason"] == BOTTOM_CODED else number
    upper = 1.0 if cell["reason"] == TOP_CODED else number
    if denominator is not None:
        columns[denominator] = cell["n"]
    return columns | {
        value: number,
        value + SUPPRESSION: cell["reason"] or "",
        value + LOWER: lower,
        value + UPPER: upper,
    }


def suppression_columns(value: str) -> list[str]:
    """The columns that follow `value` in an export, in order."""
    return [value + SUPPRESSION, value + LOWER, value + UPPER]
