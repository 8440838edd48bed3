"""The student outcomes of a packet by grade and by student group: on track, freshman on track,
chronic absence (fct_on_track_summary) and advanced coursework (fct_course_access), school and
district, every rate through `release.cells`."""

from __future__ import annotations

import pandas as pd

from release.cells import rate_cells, subgroup_rate_cells
from release.sources import query

NOT_AVAILABLE = {"available": False}
GRADE_ORDER = ["PK", "KG", *[f"{grade:02d}" for grade in range(1, 13)], "all"]
HIGH_SCHOOL_GRADES = ("09", "10", "11", "12", "all")
RATES = {  # measure: (count, denominator) in fct_on_track_summary
    "on_track": ("on_track_count", "on_track_evaluated"),
    "freshman_on_track": ("freshman_on_track_count", "freshman_on_track_evaluated"),
    "chronic_absence": ("chronically_absent_count", "chronic_absence_eligible"),
}


def on_track(con, school_id, school_year, minimum_n, present) -> dict:
    rows = query(
        con,
        "select * from marts.fct_on_track_summary where school_year = ? "
        "and (school_id = ? or reporting_level = 'district')",
        [school_year, school_id],
    )
    levels = {
        "school": rows[rows["reporting_level"] == "school"],
        "district": rows[rows["reporting_level"] == "district"],
    }
    if levels["school"].empty:
        return NOT_AVAILABLE
    grades = [g for g in GRADE_ORDER if g in set(levels["school"]["grade_level"])]
    serves_high_school = any(g in HIGH_SCHOOL_GRADES for g in grades if g != "all")
    by_grade = {}
    by_subgroup = {}
    subgroups = _subgroups(rows[rows["grade_level"] == "all"])
    for level, frame in levels.items():
        grade_cells, group_cells = outcome_cells(frame, subgroups, minimum_n)
        by_grade.update({(level, m): cells for m, cells in grade_cells.items()})
        by_subgroup.update({(level, m): cells for m, cells in group_cells.items()})
    return {
        "available": True,
        "grades": grades,
        "high_school_grades": [g for g in grades if g in HIGH_SCHOOL_GRADES],
        "serves_high_school": serves_high_school,
        # on track is judged in grades 9-12 only: a school without them shows chronic absence
        "measures": list(RATES) if serves_high_school else ["chronic_absence"],
        "subgroups": subgroups,
        "by_grade": by_grade,
        "by_subgroup": by_subgroup,
    }


def outcome_cells(frame: pd.DataFrame, subgroups, minimum_n: int) -> tuple[dict, dict]:
    """One level's (a school's or the district's) fct_on_track_summary rows as suppressed cells:
    `({measure: {grade: cell}}, {measure: {(category, subgroup): cell}})`. The grade table is all
    students by grade (grades 9-12 for on track), the subgroup table all grades by group; the
    packets and the BI exports (`release.bi_exports`) both cut their cells here."""
    everyone = frame[frame["subgroup_category"] == "all_students"]
    by_grade, by_subgroup = {}, {}
    for measure, (count, denominator) in RATES.items():
        table = everyone
        if measure != "chronic_absence":
            table = table[table["grade_level"].isin(HIGH_SCHOOL_GRADES)]
        by_grade[measure] = rate_cells(
            table,
            key="grade_level",
            count=count,
            denominator=denominator,
            total="all",
            minimum_n=minimum_n,
        )
        groups = _with_zeros(frame[frame["grade_level"] == "all"], subgroups, [count, denominator])
        by_subgroup[measure] = subgroup_rate_cells(
            groups, count=count, denominator=denominator, minimum_n=minimum_n
        )
    return by_grade, by_subgroup


def course_access(con, school_id, school_year, minimum_n, present) -> dict:
    rows = query(con, "select * from marts.fct_course_access where school_year = ?", [school_year])
    own = rows[rows["school_id"] == school_id]
    if own.empty:
        return NOT_AVAILABLE
    district = rows.groupby(["subgroup_category", "subgroup"], as_index=False)[
        ["students", "advanced_course_students"]
    ].sum()
    subgroups = _subgroups(rows)
    spec = {"count": "advanced_course_students", "denominator": "students", "minimum_n": minimum_n}
    first = own.iloc[0]
    return {
        "available": True,
        "subgroups": subgroups,
        "offers": {
            "AP": bool(first["offers_ap"]),
            "IB": bool(first["offers_ib"]),
            "Dual enrollment": bool(first["offers_dual_enrollment"]),
        },
        "school": subgroup_rate_cells(
            _with_zeros(own, subgroups, ["students", "advanced_course_students"]), **spec
        ),
        "district": subgroup_rate_cells(district, **spec),
    }


def _subgroups(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Every (category, subgroup) the district has this year, all students first: a school's
    missing group is shown (withheld as 0 students), so its absence tells nothing."""
    pairs = sorted(set(zip(rows["subgroup_category"], rows["subgroup"], strict=True)))
    return sorted(pairs, key=lambda pair: pair[0] != "all_students")


def _with_zeros(frame: pd.DataFrame, subgroups, columns) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(subgroups, names=["subgroup_category", "subgroup"])
    table = frame.set_index(["subgroup_category", "subgroup"])[columns].reindex(index, fill_value=0)
    return table.reset_index()
