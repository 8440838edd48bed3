"""A packet's student outcomes by grade and by student group: on track, freshman on track,
chronic absence and advanced coursework, school and district. The cells are the release's
(`release.outcome_tables`), suppressed once for every school and the district together, so a
packet shows exactly what the BI exports show for its school."""

from __future__ import annotations

from release.outcome_tables import COURSE_ACCESS, GRADE_ORDER, RATES, OutcomeTables
from release.sources import query

NOT_AVAILABLE = {"available": False}


def on_track(outcomes: OutcomeTables, school_id: str) -> dict:
    levels = {"school": school_id, "district": None}
    if outcomes.cells("chronic_absence", school_id) is None:
        return NOT_AVAILABLE
    by_grade, by_subgroup = {}, {}
    for level, level_id in levels.items():
        for measure in RATES:
            cells = outcomes.cells(measure, level_id)  # None: nobody in the measure's grades
            by_grade[(level, measure)] = cells.by_grade if cells else {}
            by_subgroup[(level, measure)] = cells.by_subgroup if cells else {}
    own_grades = set(by_grade[("school", "chronic_absence")])
    grades = [g for g in GRADE_ORDER if g in own_grades]
    on_track_grades = by_grade[("school", "on_track")]  # none: nobody judged for on track here
    serves_high_school = bool(on_track_grades)
    return {
        "available": True,
        "grades": grades,
        "high_school_grades": [g for g in GRADE_ORDER if g in on_track_grades],
        "serves_high_school": serves_high_school,
        # on track is judged in grades 9-12 only: a school without them shows chronic absence
        "measures": list(RATES) if serves_high_school else ["chronic_absence"],
        "subgroups": outcomes.subgroups["chronic_absence"],
        "by_grade": by_grade,
        "by_subgroup": by_subgroup,
    }


def course_access(con, outcomes: OutcomeTables, school_id: str) -> dict:
    school = outcomes.cells(COURSE_ACCESS, school_id)
    if school is None:
        return NOT_AVAILABLE
    offers = query(
        con,
        "select offers_ap, offers_ib, offers_dual_enrollment from marts.fct_course_access "
        "where school_year = ? and school_id = ? limit 1",
        [outcomes.school_year, school_id],
    ).iloc[0]
    return {
        "available": True,
        "subgroups": outcomes.subgroups[COURSE_ACCESS],
        "offers": {
            "AP": bool(offers["offers_ap"]),
            "IB": bool(offers["offers_ib"]),
            "Dual enrollment": bool(offers["offers_dual_enrollment"]),
        },
        "school": school.by_subgroup,
        "district": outcomes.cells(COURSE_ACCESS).by_subgroup,
    }
