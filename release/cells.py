"""Aggregate cells of a packet, each through `release.suppression` before it is shown.

A cell is a dict: `text` (what the page prints), `value` (a number for charts: a coded rate is
drawn at its bound; None when withheld), `reason` (None, "primary", "complementary",
"top_coded", "bottom_coded", "not_available") and `n` (a rate's published denominator; None when
withheld and for other figures).

Subgroup tables (subgroup_category, subgroup, count, denominator) are suppressed in one call with
one family per category whose groups add up to all students (each student has one race/ethnicity
and one sex): an outsider could subtract the shown groups from the total, so complementary
suppression covers them. Flags (economically disadvantaged, English learner, ...) publish no
complement, so they are primary-suppressed and coded only. When a category's groups fall short of
the total (a student with no race reported), the shortfall is an unpublished extra part, taken as
known: that errs on the side of hiding more.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from release.suppression import PRIMARY, suppress_counts, suppress_rates

MARKER = "*"
ADDITIVE_CATEGORIES = ("race_ethnicity", "sex")
_TOTAL, _REST = "__total__", "__not_reported__"


def rate_cells(
    frame: pd.DataFrame, *, key: str, count: str, denominator: str, total: object, minimum_n: int
) -> dict:
    """Rates keyed by `key`, whose rows other than `total` add up to the `total` row."""
    if frame.empty:
        return {}
    result = suppress_rates(
        frame.rename(columns={count: "count", denominator: "denominator"}),
        keys=[key],
        minimum_n=minimum_n,
        margins={key: total} if (frame[key] == total).any() and len(frame) > 1 else None,
    )
    return {row[key]: _rate_cell(row) for row in result.to_dict("records")}


def subgroup_rate_cells(
    frame: pd.DataFrame, *, count: str, denominator: str, minimum_n: int
) -> dict:
    """Rates by (subgroup_category, subgroup), with all_students as the total of each additive
    category. Returns {(category, subgroup): cell}."""
    table = frame.rename(columns={count: "count", denominator: "denominator"})[
        ["subgroup_category", "subgroup", "count", "denominator"]
    ]
    everyone = table[table["subgroup_category"] == "all_students"]
    rows = [table.rename(columns={"subgroup_category": "family"})]
    if len(everyone) == 1:
        whole = everyone.iloc[0]
        for category in ADDITIVE_CATEGORIES:
            parts = table[table["subgroup_category"] == category]
            if parts.empty:
                continue
            rest = {
                "count": whole["count"] - parts["count"].sum(),
                "denominator": whole["denominator"] - parts["denominator"].sum(),
            }
            extra = [{"family": category, "subgroup": _TOTAL, **whole[["count", "denominator"]]}]
            if rest["denominator"] or rest["count"]:
                extra.append({"family": category, "subgroup": _REST, **rest})
            rows.append(pd.DataFrame(extra))
    long = pd.concat(rows, ignore_index=True)
    result = suppress_rates(
        long,
        keys=["family", "subgroup"],
        minimum_n=minimum_n,
        margins={"subgroup": _TOTAL},
    )
    # all_students is published from its own row; the families' totals are copies of it, which
    # suppress_rates hides only when every part is hidden and they add up to 0: then the total is
    # 0 students and its own row is withheld too (primary)
    return {
        (row["family"], row["subgroup"]): _rate_cell(row)
        for row in result.to_dict("records")
        if row["subgroup"] not in (_TOTAL, _REST)
    }


def gated_cells(values: Sequence, group_sizes: Sequence[int], minimum_n: int) -> list[dict]:
    """Figures about a group (per pupil, per teacher, a share of teachers): shown when the group
    has at least `minimum_n` members, else withheld (primary suppression of the group's count)."""
    frame = pd.DataFrame({"cell": range(len(values)), "count": [int(s or 0) for s in group_sizes]})
    result = suppress_counts(frame, keys=["cell"], minimum_n=minimum_n)
    return [
        not_available()  # nothing to show (e.g. retention in the last year): nothing to withhold
        if value is None
        else withheld(reason)
        if reason
        else {"text": None, "value": value, "reason": None, "n": None}
        for value, reason in zip(values, result["reason"], strict=True)
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


def _rate_cell(row: dict) -> dict:
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
