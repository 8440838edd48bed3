"""Aggregate cells of a packet, each through `release.suppression` before it is shown.

A cell is a dict: `text` (what the page prints), `value` (a number for charts: a coded rate is
drawn at its bound; None when withheld), `reason` (None, "primary", "complementary",
"top_coded", "bottom_coded", "not_available") and `n` (a rate's published denominator; None when
withheld and for other figures).

Student outcomes by grade and group are suppressed for the whole release at once, every school
with the district (`release.outcome_tables`); the categories whose groups add up to all students
are `ADDITIVE_CATEGORIES` (each student has one race/ethnicity and one sex). Flags (economically
disadvantaged, English learner, ...) publish no complement, so they are protected only where a
total over schools or grades holds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from release.suppression import PRIMARY, primary_cells

MARKER = "*"
ADDITIVE_CATEGORIES = ("race_ethnicity", "sex")


def gated_cells(values: Sequence, group_sizes: Sequence[int], minimum_n: int) -> list[dict]:
    """Figures about a group (per pupil, per teacher, a share of teachers): shown when the group
    has at least `minimum_n` members, else withheld (primary suppression of the group's count)."""
    # each group stands alone (no total of them is published), so primary suppression is all
    # there is; called for every figure of every packet, it skips suppress_counts' tables
    sizes = [int(size or 0) for size in group_sizes]
    if len(sizes) != len(values) or any(size < 0 for size in sizes):
        raise ValueError(f"one group size per value, each a count: {len(values)} values, {sizes}")
    primary = primary_cells(sizes, minimum_n)
    return [
        not_available()  # nothing to show (e.g. retention in the last year): nothing to withhold
        if value is None
        else withheld(PRIMARY)
        if cell in primary
        else {"text": None, "value": value, "reason": None, "n": None}
        for cell, value in enumerate(values)
    ]


def count_cell(count: int | None, minimum_n: int) -> dict:
    """One count of students (enrollment, a projection): withheld under `minimum_n`."""
    if count is None:
        return not_available()
    (cell,) = gated_cells([int(count)], [int(count)], minimum_n)
    return cell if cell["reason"] else {**cell, "text": f"{int(count):,}"}


def withheld(reason: str = PRIMARY) -> dict:
    return {"text": MARKER, "value": None, "reason": reason, "n": None}


def not_available() -> dict:
    return {"text": "–", "value": None, "reason": "not_available", "n": None}


def rate_cell(row: dict) -> dict:
    """A row of `suppress_rates` (or `suppress_rate_families`) as a cell."""
    if row["rate_reported"] is None:
        return withheld(row["reason"])
    text = row["rate_reported"]
    value = float(text.strip("≤≥%")) / 100  # a coded rate is drawn at its bound
    return {
        "text": text,
        "value": value,
        "reason": row["reason"],
        "n": int(row["denominator_reported"]),
    }
