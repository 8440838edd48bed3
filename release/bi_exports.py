"""Suppressed aggregate CSVs for BI tools, written into a release's `bi/` folder.

    write_bi_exports(con, folder / "bi", school_year, school_ids, minimum_n=10)

- `district_outcomes.csv`: the district's fct_on_track_summary rows of the year, as the packets
  show them: all students by grade (`subgroup_category` = `all_students`), and all grades
  (`grade_level` = `all`) by student group.
- `school_outcomes.csv`: each released school's all-grades rows by student group.

Every cell comes from `release.packet_outcomes.outcome_cells`, the function the packets cut their
cells with (same families, same `minimum_n`, same coding), so a BI file never shows a cell the
packet withholds. Per measure (on_track, freshman_on_track, chronic_absence) a row has `<m>_n`
(the published denominator), `<m>_rate` (text such as `85%`, `≤10%`, `≥90%`) and `<m>_reason`
(`primary`, `complementary`, `top_coded`, `bottom_coded`, `not_available` or empty). A withheld
cell shows the packets' marker `*` in both `_n` and `_rate`; numerators are never written.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from release.packet_outcomes import GRADE_ORDER, RATES, _subgroups, outcome_cells
from release.sources import query

DISTRICT_FILE = "district_outcomes.csv"
SCHOOL_FILE = "school_outcomes.csv"
MEASURE_COLUMNS = [f"{m}_{part}" for m in RATES for part in ("n", "rate", "reason")]


def write_bi_exports(
    con, folder: Path, school_year: int, school_ids: list[str], *, minimum_n: int
) -> dict[str, int]:
    """Write the BI files into `folder`; returns {file name: data rows}."""
    rows = query(
        con, "select * from marts.fct_on_track_summary where school_year = ?", [school_year]
    )
    district = rows[rows["reporting_level"] == "district"]
    subgroups = _subgroups(district[district["grade_level"] == "all"])
    folder.mkdir(parents=True, exist_ok=True)

    by_grade, by_subgroup = outcome_cells(district, subgroups, minimum_n)
    grades = [g for g in GRADE_ORDER if g in set(district["grade_level"]) and g != "all"]
    district_rows = [
        {"school_year": school_year, "grade_level": g, "subgroup_category": "all_students",
         "subgroup": "all_students", **_measures(by_grade, g)}
        for g in grades
    ] + [
        {"school_year": school_year, "grade_level": "all", "subgroup_category": category,
         "subgroup": subgroup, **_measures(by_subgroup, (category, subgroup))}
        for category, subgroup in subgroups
    ]  # fmt: skip
    school_rows = []
    for school_id in school_ids:
        own = rows[(rows["reporting_level"] == "school") & (rows["school_id"] == school_id)]
        if own.empty:
            continue
        _, cells = outcome_cells(own, subgroups, minimum_n)
        school_rows += [
            {"school_year": school_year, "school_id": school_id, "grade_level": "all",
             "subgroup_category": category, "subgroup": subgroup,
             **_measures(cells, (category, subgroup))}
            for category, subgroup in subgroups
        ]  # fmt: skip
    key = ["school_year", "grade_level", "subgroup_category", "subgroup"]
    _write_csv(folder / DISTRICT_FILE, district_rows, key)
    _write_csv(folder / SCHOOL_FILE, school_rows, ["school_year", "school_id", *key[1:]])
    return {DISTRICT_FILE: len(district_rows), SCHOOL_FILE: len(school_rows)}


def _measures(cells_by_measure: dict, key) -> dict:
    out = {}
    for measure in RATES:
        cell = cells_by_measure[measure].get(key)
        if cell is None:  # e.g. on track in grades below 9: nothing to show, nothing withheld
            n, rate, reason = "", "", "not_available"
        elif cell["value"] is None:
            n, rate, reason = cell["text"], cell["text"], cell["reason"]
        else:
            n, rate, reason = cell["n"], cell["text"], cell["reason"] or ""
        out |= {f"{measure}_n": n, f"{measure}_rate": rate, f"{measure}_reason": reason}
    return out


def _write_csv(path: Path, rows: list[dict], key: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=[*key, *MEASURE_COLUMNS])
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
