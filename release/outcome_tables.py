"""The student outcomes of one release, every school and the district suppressed as one table
(`release.level_suppression`): the packets and the BI exports show these cells and no others.

    tables = outcome_tables(con, school_year, minimum_n=minimum_n)
    tables.cells("chronic_absence", "S01").by_grade["09"]    # a school's cell
    tables.cells("chronic_absence").by_subgroup[("sex", "F")]  # the district's

Every school with rows in the year is in the problem, released, withheld or closed, so the
suppression does not depend on which packets go out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingestion.contract import load_contract
from release.cells import rate_cell
from release.level_suppression import DISTRICT_LEVEL, EVERYONE, KEYS, subgroups_of, suppress_levels
from release.sources import available, query

# the export contract's grades, in its order, then all grades
GRADE_ORDER = [*load_contract().code_sets["grade_level"], "all"]
RATES = {  # measure: (count, denominator) in fct_on_track_summary
    "on_track": ("on_track_count", "on_track_evaluated"),
    "freshman_on_track": ("freshman_on_track_count", "freshman_on_track_evaluated"),
    "chronic_absence": ("chronically_absent_count", "chronic_absence_eligible"),
}
COURSE_ACCESS = "advanced_coursework"  # fct_course_access: students taking AP, IB or dual credit
ENROLLMENT_SHARES = {  # measure: count of census-day students in fct_school_profile
    "economically_disadvantaged_share": "economically_disadvantaged_count",
    "english_learner_share": "english_learner_count",
    "students_with_disabilities_share": "students_with_disability_count",
    "students_of_color_share": "students_of_color_count",
}


@dataclass(frozen=True)
class LevelCells:
    """One level's published cells of one measure."""

    by_grade: dict[str, dict]  # grade (and "all") -> cell, all students
    by_subgroup: dict[tuple[str, str], dict]  # (category, subgroup) -> cell, all grades
    by_grade_and_subgroup: dict[tuple[str, str, str], dict]  # (grade, category, subgroup), district

    def cell(self, grade: str, group: tuple[str, str]) -> dict | None:
        if group == EVERYONE:
            return self.by_grade.get(grade)
        if grade == "all":
            return self.by_subgroup.get(group)
        return self.by_grade_and_subgroup.get((grade, *group))


@dataclass(frozen=True)
class OutcomeTables:
    school_year: int
    # per measure, every group the district has this year, all students first
    subgroups: dict[str, list[tuple[str, str]]]
    levels: dict[tuple[str, str], LevelCells]  # (measure, school id or DISTRICT_LEVEL)

    def cells(self, measure: str, school_id: str | None = None) -> LevelCells | None:
        """A school's cells of a measure, or the district's; None when the level has no rows."""
        return self.levels.get((measure, school_id or DISTRICT_LEVEL))


def outcome_tables(
    con, school_year: int, minimum_n: int, previous: dict[str, pd.DataFrame] | None = None
) -> OutcomeTables:
    """On track, freshman on track, chronic absence (fct_on_track_summary), advanced coursework
    (fct_course_access) and the census-day shares of enrollment (fct_school_profile) of the
    year, suppressed; a mart not built yet has no cells. `previous`: per measure, the cells the
    previous release of the year published (`release.previous_release`), so that no cell
    withheld now can be worked out from both releases; None when there is none."""
    present = available(con)
    subgroups, levels = {}, {}
    for source, build in {
        "marts.fct_on_track_summary": _summary_tables,
        "marts.fct_course_access": _course_access_tables,
        "marts.fct_school_profile": _enrollment_share_tables,
    }.items():
        if source in present:
            groups, cells = build(con, school_year, minimum_n, previous or {})
            subgroups |= groups
            levels |= cells
    return OutcomeTables(school_year, subgroups, levels)


def _summary_tables(con, school_year: int, minimum_n: int, previous: dict) -> tuple[dict, dict]:
    summary = query(
        con, "select * from marts.fct_on_track_summary where school_year = ?", [school_year]
    )
    summary["level"] = summary["school_id"].where(
        summary["reporting_level"] == "school", DISTRICT_LEVEL
    )
    groups = subgroups_of(summary[summary["level"] == DISTRICT_LEVEL])
    subgroups, levels = {}, {}
    for measure, (count, denominator) in RATES.items():
        rows = summary.rename(columns={count: "count", denominator: "denominator"})
        # a measure is published for the grades the district judges it in (on track in 9-12,
        # freshmen in 9, as the mart's denominators say), not as zero cells of the others
        rows = rows[rows["grade_level"].isin(_grades_judged(rows))]
        subgroups[measure] = groups
        exact = measure != "chronic_absence"
        suppressed = suppress_levels(
            rows, minimum_n, groups, exact_district=exact, previous=previous.get(measure)
        )
        levels |= _by_level(measure, suppressed)
    return subgroups, levels


def _grades_judged(rows: pd.DataFrame) -> set[str]:
    district = rows[(rows["level"] == DISTRICT_LEVEL) & _everyone(rows)]
    return {*district["grade_level"][district["denominator"] > 0], "all"}


def _everyone(rows: pd.DataFrame) -> pd.Series:
    return (rows["subgroup_category"] == EVERYONE[0]) & (rows["subgroup"] == EVERYONE[1])


def _by_level(measure: str, result: pd.DataFrame) -> dict[tuple[str, str], LevelCells]:
    # one pass over every school's rows (a pandas group per school cost more than the cells)
    by_level: dict[str, tuple[dict, dict, dict]] = {}
    for row in result.to_dict("records"):
        if pd.isna(row["level"]):
            continue
        by_grade, by_subgroup, crossed = by_level.setdefault(row["level"], ({}, {}, {}))
        group = (row["subgroup_category"], row["subgroup"])
        cell = rate_cell(row)
        if group == EVERYONE:
            by_grade[row["grade_level"]] = cell
        if row["grade_level"] == "all":
            by_subgroup[group] = cell
        elif group != EVERYONE:
            crossed[(row["grade_level"], *group)] = cell
    return {(measure, level): LevelCells(*cells) for level, cells in by_level.items()}


def _course_access_tables(
    con, school_year: int, minimum_n: int, previous: dict
) -> tuple[dict, dict]:
    schools = query(
        con, "select * from marts.fct_course_access where school_year = ?", [school_year]
    )
    rows = _school_and_district_rows(schools, "advanced_course_students", "students")
    groups = subgroups_of(rows)
    suppressed = suppress_levels(rows, minimum_n, groups, previous=previous.get(COURSE_ACCESS))
    cells = _by_level(COURSE_ACCESS, suppressed)
    return {COURSE_ACCESS: groups}, cells


def _enrollment_share_tables(
    con, school_year: int, minimum_n: int, previous: dict
) -> tuple[dict, dict]:
    profile = query(
        con, "select * from marts.fct_school_profile where school_year = ?", [school_year]
    )
    cells = {}
    for measure, count in ENROLLMENT_SHARES.items():
        rows = _school_and_district_rows(profile, count, "census_enrollment")
        suppressed = suppress_levels(rows, minimum_n, [EVERYONE], previous=previous.get(measure))
        cells |= _by_level(measure, suppressed)
    return {measure: [EVERYONE] for measure in ENROLLMENT_SHARES}, cells


def _school_and_district_rows(mart: pd.DataFrame, count: str, denominator: str) -> pd.DataFrame:
    """A mart's school and district rows (all grades; by group when it has groups): the district
    rows are the mart's own, built in dbt with the schools adding up to them (tested there)."""
    level = mart["school_id"].where(mart["reporting_level"] == "school", DISTRICT_LEVEL)
    rows = mart.assign(level=level).rename(columns={count: "count", denominator: "denominator"})
    if "subgroup" not in rows.columns:
        rows = rows.assign(subgroup_category=EVERYONE[0], subgroup=EVERYONE[1])
    return rows.assign(grade_level="all")[KEYS + ["count", "denominator"]]
