"""Suppressed aggregate CSVs for BI tools, written into a release's `bi/` folder.

    write_bi_exports(folder / "bi", outcomes, school_ids)

- `district_outcomes.csv`: the district's cells of the year: all students by grade
  (`subgroup_category` = `all_students`), all grades (`grade_level` = `all`) by student group, and
  each grade by student group.
- `school_outcomes.csv`: each released school's cells: all students by grade, all grades by group.

Every cell comes from the release's `release.outcome_tables.OutcomeTables`, the cells the packets
show: the schools and the district are suppressed together, so a withheld cell can be worked out
neither from the totals in one file nor as the district minus the other schools across both. Per
measure (on_track, freshman_on_track, chronic_absence, advanced_coursework) a row has `<m>_n` (the
published denominator), `<m>_rate` (text such as `85%`, `≤10%`, `≥90%`) and `<m>_reason`
(`primary`, `complementary`, `top_coded`, `bottom_coded`, `not_available` or empty). A withheld
cell shows the packets' marker `*` in both `_n` and `_rate`; numerators are never written.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from release.level_suppression import EVERYONE
from release.outcome_tables import COURSE_ACCESS, GRADE_ORDER, RATES, OutcomeTables

BI_FOLDER = "bi"  # in a release's root
DISTRICT_FILE = "district_outcomes.csv"
SCHOOL_FILE = "school_outcomes.csv"
MEASURES = [*RATES, COURSE_ACCESS]  # enrollment shares are in the packets, not the BI files
MEASURE_COLUMNS = [f"{m}_{part}" for m in MEASURES for part in ("n", "rate", "reason")]
KEY = ["school_year", "grade_level", "subgroup_category", "subgroup"]


def write_bi_exports(folder: Path, outcomes: OutcomeTables, school_ids: list[str]) -> dict:
    """Write the BI files into `folder`; returns {file name: data rows}."""
    folder.mkdir(parents=True, exist_ok=True)
    district = _level_rows(outcomes, None, crossed=True)
    schools = [
        {"school_id": school_id, **row}
        for school_id in school_ids
        for row in _level_rows(outcomes, school_id, crossed=False)
    ]
    _write_csv(folder / DISTRICT_FILE, district, KEY)
    _write_csv(folder / SCHOOL_FILE, schools, ["school_year", "school_id", *KEY[1:]])
    return {DISTRICT_FILE: len(district), SCHOOL_FILE: len(schools)}


def _level_rows(outcomes: OutcomeTables, school_id: str | None, *, crossed: bool) -> list[dict]:
    levels = {m: outcomes.cells(m, school_id) for m in MEASURES}
    levels = {m: cells for m, cells in levels.items() if cells is not None}
    if not levels:
        return []
    groups = outcomes.subgroups.get("chronic_absence", [EVERYONE])
    grades = {grade for cells in levels.values() for grade in cells.by_grade}
    keys = [(g, *EVERYONE) for g in GRADE_ORDER if g in grades and g != "all"]
    keys += [("all", *group) for group in groups]
    if crossed:
        present = {key for cells in levels.values() for key in cells.by_grade_and_subgroup}
        keys += [(g, *group) for g in GRADE_ORDER for group in groups if (g, *group) in present]
    return [
        {
            "school_year": outcomes.school_year,
            "grade_level": grade,
            "subgroup_category": category,
            "subgroup": subgroup,
            **_measures(levels, (grade, category, subgroup)),
        }
        for grade, category, subgroup in keys
    ]


def _measures(levels: dict, key: tuple[str, str, str]) -> dict:
    grade, *group = key
    out = {}
    for measure in MEASURES:
        cells = levels.get(measure)
        cell = cells.cell(grade, tuple(group)) if cells is not None else None
        if cell is None:  # e.g. on track below grade 9: nothing to show, nothing withheld
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
