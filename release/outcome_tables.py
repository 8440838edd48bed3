"""The student outcomes of one release, every school and the district suppressed as one table.

    tables = outcome_tables(con, school_year, minimum_n=10)
    tables.cells("chronic_absence", "S01").by_grade["09"]    # a school's cell
    tables.cells("chronic_absence").by_subgroup[("sex", "F")]  # the district's

Why one table: a school's cells and the district's are published side by side. The BI exports
list every school next to the district, and the packets together do too. Suppressing each school
on its own would leave a withheld cell to be worked out as the district minus the other schools
(24 Black students in the district, 20 at school B: school A's hidden group is 4). So for each
measure the cells of every school and of the district are one problem for
`release.suppression.suppress_rate_families`, with these families (NCES 2011-603's complementary
suppression, one equation each):

- grades: a level's grade cells add up to its all-grades cell, for all students (and, at the
  district, for each student group, as the BI exports publish grade by group there);
- student groups: at a level and grade, each additive category's groups plus the students it
  does not report (a student with no race reported: not published, taken as known, so never
  chosen to protect a cell) add up to all students;
- schools: for a grade and group, the schools add up to the district: each student has one
  school of record a year. Chronic absence adds up only nearly (a school judges the days at that
  school, the district all of a student's days, so a student who moved can be eligible or absent
  at one level and not the other); it is protected as though it added up, which hides at least
  as much.

Every school with rows in the year is in the problem, released, withheld or closed, so the
suppression does not depend on which packets go out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from release.cells import ADDITIVE_CATEGORIES, rate_cell
from release.complementary import Family
from release.sources import available, query
from release.suppression import suppress_rate_families

GRADE_ORDER = ["PK", "KG", *[f"{grade:02d}" for grade in range(1, 13)], "all"]
HIGH_SCHOOL_GRADES = ("09", "10", "11", "12", "all")
# the grades a measure is published for: on track is judged in grades 9-12, freshmen are in 9
GRADES_JUDGED = {"on_track": HIGH_SCHOOL_GRADES, "freshman_on_track": ("09", "all")}
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
EVERYONE = ("all_students", "all_students")
DISTRICT_LEVEL = (
    "(district)"  # the district's level key inside the problem; school ids are never this
)
_KEYS = ["level", "grade_level", "subgroup_category", "subgroup"]


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

    def schools(self, measure: str) -> list[str]:
        return sorted(level for m, level in self.levels if m == measure and level != DISTRICT_LEVEL)


def outcome_tables(con, school_year: int, minimum_n: int) -> OutcomeTables:
    """On track, freshman on track, chronic absence (fct_on_track_summary), advanced coursework
    (fct_course_access) and the census-day shares of enrollment (fct_school_profile) of the
    year, suppressed; a mart not built yet has no cells."""
    present = available(con)
    subgroups, levels = {}, {}
    for source, build in {
        "marts.fct_on_track_summary": _summary_tables,
        "marts.fct_course_access": _course_access_tables,
        "marts.fct_school_profile": _enrollment_share_tables,
    }.items():
        if source in present:
            groups, cells = build(con, school_year, minimum_n)
            subgroups |= groups
            levels |= cells
    return OutcomeTables(school_year, subgroups, levels)


def _summary_tables(con, school_year: int, minimum_n: int) -> tuple[dict, dict]:
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
        if measure in GRADES_JUDGED:
            rows = rows[rows["grade_level"].isin(GRADES_JUDGED[measure])]
        subgroups[measure] = groups
        exact = measure != "chronic_absence"
        levels |= _by_level(measure, suppress_levels(rows, minimum_n, groups, exact_district=exact))
    return subgroups, levels


def suppress_levels(
    rows: pd.DataFrame,
    minimum_n: int,
    subgroups: Iterable[tuple[str, str]] | None = None,
    *,
    exact_district: bool = True,
) -> pd.DataFrame:
    """A mart's `rows` (level, grade_level, subgroup_category, subgroup, count, denominator; the
    district's level is `DISTRICT_LEVEL`), cut to the cells a release publishes and suppressed
    as one table: those rows with `denominator_reported`, `rate_reported` and `reason`.
    `subgroups`: every group of the year (default: those in `rows`); a level missing one gets a
    row of 0. `exact_district`: the schools add up to the district exactly (else nearly, as for
    chronic absence: protected as though exactly, not checked). A level whose all-students cell
    has no students is left out."""
    rows = _published(rows, subgroups_of(rows) if subgroups is None else subgroups)
    everyone = (rows["subgroup_category"] == EVERYONE[0]) & (rows["subgroup"] == EVERYONE[1])
    served = rows[everyone & (rows["grade_level"] == "all") & (rows["denominator"] > 0)]["level"]
    # a level with no students in the measure (on track at an elementary school) has nothing to
    # protect and nothing to show: its cells are left out, not withheld
    rows = rows[rows["level"].isin(set(served))]
    table = pd.concat([rows[[*_KEYS, "count", "denominator"]], _known_rest(rows)])
    table = table.reset_index(drop=True)
    is_known = table["subgroup"].isna()
    by_grade = _families(table, ["level", "subgroup_category", "subgroup"], "grade_level", "all")
    by_group = _group_families(table)
    by_school = _families(
        table, ["grade_level", "subgroup_category", "subgroup"], "level", DISTRICT_LEVEL
    )
    families = by_grade + by_group + by_school
    for family, where in by_grade + by_group + (by_school if exact_district else []):
        _check_adds_up(table, family, "denominator", where)
        _check_adds_up(table, family, "count", where)
    suppressed = suppress_rate_families(
        table["count"].astype(int).tolist(),
        table["denominator"].astype(int).tolist(),
        [family for family, _ in families],
        minimum_n,
        known=set(is_known[is_known].index),
    )
    out = pd.concat([table, suppressed], axis=1)
    return out[~is_known].reset_index(drop=True)


def subgroups_of(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Every (category, subgroup) in `rows`, all students first."""
    pairs = sorted(set(zip(rows["subgroup_category"], rows["subgroup"], strict=True)))
    return sorted(pairs, key=lambda pair: pair != EVERYONE)


def _published(rows: pd.DataFrame, subgroups: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """The cells that leave the warehouse: every level's grades for all students and groups for
    all grades, and the district's grade-by-group cells (when the mart has them). A group a
    level or grade does not have gets a row of 0 (shown withheld), so that its absence tells
    nothing."""
    everyone = (rows["subgroup_category"] == EVERYONE[0]) & (rows["subgroup"] == EVERYONE[1])
    shown = everyone | (rows["grade_level"] == "all") | (rows["level"] == DISTRICT_LEVEL)
    published = rows[shown][[*_KEYS, "count", "denominator"]]
    grades = published[everyone[shown]][["level", "grade_level"]]
    at_district = published["level"] == DISTRICT_LEVEL
    crossed = (at_district & ~everyone[shown] & (published["grade_level"] != "all")).any()
    grades = grades[
        (grades["grade_level"] == "all") | (crossed & (grades["level"] == DISTRICT_LEVEL))
    ]
    groups = pd.DataFrame(list(subgroups), columns=["subgroup_category", "subgroup"])
    expected = grades.merge(groups, how="cross")
    missing = expected.merge(published[_KEYS], on=_KEYS, how="left", indicator=True)
    zeros = missing[missing["_merge"] == "left_only"][_KEYS].assign(count=0, denominator=0)
    return pd.concat([published, zeros], ignore_index=True)


def _known_rest(rows: pd.DataFrame) -> pd.DataFrame:
    """Per level, grade and additive category, the students the category does not report: all
    students minus its groups (subgroup None). Not published, taken as known."""
    totals = rows[
        (rows["subgroup_category"] == EVERYONE[0]) & (rows["subgroup"] == EVERYONE[1])
    ].set_index(["level", "grade_level"])[["count", "denominator"]]
    parts = rows[rows["subgroup_category"].isin(ADDITIVE_CATEGORIES)]
    sums = parts.groupby(["level", "grade_level", "subgroup_category"])[
        ["count", "denominator"]
    ].sum()
    rest = totals.reindex(sums.index.droplevel("subgroup_category")).set_axis(sums.index) - sums
    if (rest["denominator"] < 0).any():
        raise ValueError("a category's groups have more students than all students")
    rest["count"] = rest["count"].clip(lower=0).clip(upper=rest["denominator"])
    rest = rest[(rest["denominator"] != 0) | (rest["count"] != 0)].reset_index()
    return rest.assign(subgroup=None)


def _families(table, within: list[str], part_key: str, total_label) -> list:
    """One family per combination of `within`: the rows not labelled `total_label` in
    `part_key` add up to the one that is."""
    families = []
    labels = table[part_key].tolist()
    published = table[table["subgroup"].notna()]
    for key, positions in published.groupby(within, sort=False).groups.items():
        totals = [p for p in positions if labels[p] == total_label]
        parts = tuple(int(p) for p in positions if labels[p] != total_label)
        if totals and parts:
            where = f"{part_key} {total_label!r} at " + ", ".join(map(str, key))
            families.append((Family(parts, int(totals[0])), where))
    return families


def _group_families(table) -> list:
    """At a level and grade, each additive category's groups and its known rest add up to all
    students."""
    families = []
    for (level, grade), frame in table.groupby(["level", "grade_level"], sort=False):
        everyone = frame[
            (frame["subgroup_category"] == EVERYONE[0]) & (frame["subgroup"] == EVERYONE[1])
        ]
        if everyone.empty:
            continue
        for category in ADDITIVE_CATEGORIES:
            parts = tuple(int(p) for p in frame.index[frame["subgroup_category"] == category])
            if parts:
                family = Family(parts, int(everyone.index[0]))
                families.append((family, f"{category} of {level}, grade {grade}"))
    return families


def _check_adds_up(table, family: Family, column: str, where: str) -> None:
    """The suppression protects cells by these equations: if the data breaks one, it is wrong."""
    values = table[column]
    parts, total = int(values.iloc[list(family.parts)].sum()), int(values.iat[family.total])
    if parts != total:
        raise ValueError(
            f"the outcome summary does not add up: {column} of the parts is {parts}, not the "
            f"{total} of the total ({where}); fix the marts before releasing"
        )


def _by_level(measure: str, result: pd.DataFrame) -> dict[tuple[str, str], LevelCells]:
    levels = {}
    for level, rows in result.groupby("level", sort=False):
        by_grade, by_subgroup, crossed = {}, {}, {}
        for row in rows.to_dict("records"):
            group = (row["subgroup_category"], row["subgroup"])
            cell = rate_cell(row)
            if group == EVERYONE:
                by_grade[row["grade_level"]] = cell
            if row["grade_level"] == "all":
                by_subgroup[group] = cell
            elif group != EVERYONE:
                crossed[(row["grade_level"], *group)] = cell
        levels[(measure, level)] = LevelCells(by_grade, by_subgroup, crossed)
    return levels


def _course_access_tables(con, school_year: int, minimum_n: int) -> tuple[dict, dict]:
    schools = query(
        con, "select * from marts.fct_course_access where school_year = ?", [school_year]
    )
    rows = _school_and_district_rows(schools, "advanced_course_students", "students")
    groups = subgroups_of(rows)
    cells = _by_level(COURSE_ACCESS, suppress_levels(rows, minimum_n, groups))
    return {COURSE_ACCESS: groups}, cells


def _enrollment_share_tables(con, school_year: int, minimum_n: int) -> tuple[dict, dict]:
    profile = query(
        con, "select * from marts.fct_school_profile where school_year = ?", [school_year]
    )
    cells = {}
    for measure, count in ENROLLMENT_SHARES.items():
        rows = _school_and_district_rows(profile, count, "census_enrollment")
        cells |= _by_level(measure, suppress_levels(rows, minimum_n, [EVERYONE]))
    return {measure: [EVERYONE] for measure in ENROLLMENT_SHARES}, cells


def _school_and_district_rows(schools: pd.DataFrame, count: str, denominator: str) -> pd.DataFrame:
    """A mart's school rows (all grades; by group when it has groups) and the district's, their
    sums."""
    rows = schools.rename(
        columns={"school_id": "level", count: "count", denominator: "denominator"}
    )
    if "subgroup" not in rows.columns:
        rows = rows.assign(subgroup_category=EVERYONE[0], subgroup=EVERYONE[1])
    rows = rows.assign(grade_level="all")[_KEYS + ["count", "denominator"]]
    district = rows.groupby(_KEYS[1:], as_index=False)[["count", "denominator"]].sum()
    return pd.concat([rows, district.assign(level=DISTRICT_LEVEL)], ignore_index=True)
