"""A tiny warehouse for the packet tests: only the relations and columns the packets read, with
hand-made rows (all invented), so every number in the tests can be worked by hand.

School year 2026 (2025-26), as of 2026-03-15, in progress. Schools: A (Alpha High, 59 students
judged for on track), B (Beta High, 120), C (closed), D (opens in 2027).

Students (ids STU-*, invented names):
  A, enrolled on the as-of date: A1 Quill (off track), A2 Rowan (on track, high-risk early
     warning), A4 Tamsin (on track, chronically absent at A)
  A, left before the as-of date: A3 Sable (off track, chronically absent at A): in no file
  B, enrolled: B1 Umber (off track; first name "=1+1" to test spreadsheet formulas), B2 Vesper
     (on track, high risk, chronically absent at B), X1 Wren (moved from A to B: chronically
     absent at A, not at B; off track; a course mark at each school)
  B1 was at A the year before (2025, off track): not in A's 2026 files.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

YEAR = 2026
AS_OF = pd.Timestamp("2026-03-15")

# School A, grade 'all': subgroup -> (judged for on track, on track); hand-worked in the tests
A_SUBGROUPS = {
    ("all_students", "all_students"): (59, 45),
    ("race_ethnicity", "hispanic"): (30, 24),
    ("race_ethnicity", "white"): (25, 19),
    ("race_ethnicity", "black"): (4, 2),
    ("sex", "F"): (35, 27),
    ("sex", "M"): (24, 18),
    ("economically_disadvantaged", "economically_disadvantaged"): (12, 12),
    ("english_learner", "english_learner"): (8, 6),
}
A_GRADES = {"09": (15, 12), "10": (20, 15), "11": (16, 12), "12": (8, 6)}
B_SUBGROUPS = {
    ("all_students", "all_students"): (120, 95),
    ("race_ethnicity", "hispanic"): (60, 50),
    ("race_ethnicity", "white"): (40, 30),
    ("race_ethnicity", "black"): (20, 15),
    ("sex", "F"): (60, 48),
    ("sex", "M"): (60, 47),
    ("economically_disadvantaged", "economically_disadvantaged"): (50, 30),
    ("english_learner", "english_learner"): (20, 10),
}
B_GRADES = {"09": (30, 25), "10": (30, 20), "11": (30, 22), "12": (30, 28)}
# first-time 9th graders by group (judged, on track): every group of A's 15 and B's 30
FRESHMEN = {
    "A": {
        ("race_ethnicity", "hispanic"): (8, 6),
        ("race_ethnicity", "white"): (5, 4),
        ("race_ethnicity", "black"): (2, 2),
        ("sex", "F"): (9, 7),
        ("sex", "M"): (6, 5),
        ("economically_disadvantaged", "economically_disadvantaged"): (3, 3),
        ("english_learner", "english_learner"): (2, 1),
    },
    "B": {
        ("race_ethnicity", "hispanic"): (15, 13),
        ("race_ethnicity", "white"): (10, 8),
        ("race_ethnicity", "black"): (5, 4),
        ("sex", "F"): (15, 13),
        ("sex", "M"): (15, 12),
        ("economically_disadvantaged", "economically_disadvantaged"): (12, 8),
        ("english_learner", "english_learner"): (5, 2),
    },
}

# grade 9-12 students and those taking AP, IB or dual enrollment, by group
COURSE_ACCESS = {
    "A": {
        ("all_students", "all_students"): (59, 20),
        ("race_ethnicity", "hispanic"): (30, 12),
        ("race_ethnicity", "white"): (25, 7),
        ("race_ethnicity", "black"): (4, 1),
        ("sex", "F"): (35, 14),
        ("sex", "M"): (24, 6),
    },
    "B": {
        ("all_students", "all_students"): (120, 30),
        ("race_ethnicity", "hispanic"): (60, 15),
        ("race_ethnicity", "white"): (40, 10),
        ("race_ethnicity", "black"): (20, 5),
        ("sex", "F"): (60, 16),
        ("sex", "M"): (60, 14),
    },
}

STUDENTS = {  # id: (school of record, grade, enrolled on the as-of date, first, last)
    "STU-A1": ("A", "10", True, "Ada", "Quill"),
    "STU-A2": ("A", "11", True, "Abe", "Rowan"),
    "STU-A3": ("A", "10", False, "Ari", "Sable"),
    "STU-A4": ("A", "09", True, "Amy", "Tamsin"),
    "STU-B1": ("B", "10", True, "=1+1", "Umber"),
    "STU-B2": ("B", "11", True, "Bea", "Vesper"),
    "STU-X1": ("B", "12", True, "Xan", "Wren"),
}


def _summary_rows() -> list[dict]:
    rows = []

    def add(level, school, grade, category, subgroup, judged, on_track, freshmen):
        rows.append(
            {
                "school_year": YEAR,
                "reporting_level": level,
                "school_id": school,
                "grade_level": grade,
                "subgroup_category": category,
                "subgroup": subgroup,
                "n": judged,
                "on_track_evaluated": judged,
                "on_track_count": on_track,
                "freshman_on_track_evaluated": freshmen[0],
                "freshman_on_track_count": freshmen[1],
                "chronic_absence_eligible": judged,
                "chronically_absent_count": judged - on_track,
            }
        )

    district: dict = {}
    for school, subgroups, grades in [("A", A_SUBGROUPS, A_GRADES), ("B", B_SUBGROUPS, B_GRADES)]:
        for (category, subgroup), (judged, on_track) in subgroups.items():
            # only grade 9 has freshmen
            everyone = category == "all_students"
            freshmen = grades["09"] if everyone else FRESHMEN[school][(category, subgroup)]
            add("school", school, "all", category, subgroup, judged, on_track, freshmen)
            key = ("all", category, subgroup)
            district[key] = [
                a + b
                for a, b in zip(
                    district.get(key, [0] * 4), [judged, on_track, *freshmen], strict=True
                )
            ]
        for grade, (judged, on_track) in grades.items():
            freshmen = (judged, on_track) if grade == "09" else (0, 0)
            add("school", school, grade, "all_students", "all_students", judged, on_track, freshmen)
            key = (grade, "all_students", "all_students")
            district[key] = [
                a + b
                for a, b in zip(
                    district.get(key, [0] * 4), [judged, on_track, *freshmen], strict=True
                )
            ]
    for (grade, category, subgroup), (judged, on_track, *freshmen) in district.items():
        add("district", None, grade, category, subgroup, judged, on_track, freshmen)
    return rows


def _tables(with_marts: set[str]) -> dict[str, list[dict]]:
    schools = [
        ("A", "Alpha High School", "open", 2023, 2026, True, "Pat Principal"),
        ("B", "Beta High School", "open", 2023, 2026, True, "Lee Leader"),
        ("C", "Cedar Elementary School", "closed", 2023, 2026, False, None),
        ("D", "Delta Middle School", "open", 2027, 2027, False, "Sam Starter"),
    ]
    students = [
        {
            "student_id": sid,
            "school_year": YEAR,
            "school_id": school,
            "grade_level": grade,
            "is_enrolled_at_as_of": enrolled,
        }
        for sid, (school, grade, enrolled, _, _) in STUDENTS.items()
    ] + [
        {
            "student_id": "STU-B1",
            "school_year": 2025,
            "school_id": "A",
            "grade_level": "09",
            "is_enrolled_at_as_of": True,
        }
    ]
    on_track = {
        "STU-A1": False,
        "STU-A2": True,
        "STU-A3": False,
        "STU-A4": True,
        "STU-B1": False,
        "STU-B2": True,
        "STU-X1": False,
    }
    tables = {
        "marts.dim_school": [
            {
                "school_id": s,
                "school_name": name,
                "school_level": "high",
                "serves_high_school_grades": hs,
                "school_status": status,
                "principal_name": principal,
                "first_school_year": first,
                "last_school_year": last,
            }
            for s, name, status, first, last, hs, principal in schools
        ],
        "marts.dim_school_year": [{"school_year": YEAR, "as_of_date": AS_OF, "is_complete": False}],
        "marts.dim_student": students,
        "marts.dim_course": [
            {"course_code": "ALG2", "course_title": "Algebra II"},
            {"course_code": "BIO", "course_title": "Biology"},
            {"course_code": "CHEM", "course_title": "Chemistry"},
        ],
        "marts.fct_school_profile": [
            {
                # the district's row (no school) is the sum of A and B, as the mart's
                "reporting_level": "school" if s else "district",
                "school_id": s,
                "school_year": YEAR,
                "census_date": pd.Timestamp("2025-10-01"),
                "census_enrollment": n,
                "economically_disadvantaged_count": e,
                "english_learner_count": el,
                "students_with_disability_count": d,
                "students_of_color_count": c,
                "poverty_quartile": None,
                "minority_quartile": None,
            }
            for s, n, e, el, d, c in [
                ("A", 59, 12, 8, 5, 34),
                ("B", 120, 50, 20, 14, 80),
                (None, 179, 62, 28, 19, 114),
            ]
        ],
        "marts.fct_enrollment_projection": [
            {
                "school_id": "A",
                "base_year": YEAR,
                "projection_year": YEAR + 1,
                "grade_level": g,
                "projected_enrollment": p,
                "school_backtest_mape": 0.042,
            }
            for g, p in [("09", 16.4), ("10", 15.0), ("11", 20.0), ("12", 10.0)]  # 61.4 -> 61
        ],
        "marts.fct_on_track_summary": _summary_rows(),
        "marts.fct_school_staffing": [
            {
                "school_id": "A",
                "school_year": YEAR,
                "teacher_fte": 6.5,
                "teacher_count": 7,
                "census_enrollment": 59,
                "students_per_teacher_fte": 9.08,
                "inexperienced_teacher_share": 0.5,
                "out_of_field_teacher_share": 0.0,
                "provisionally_certified_teacher_share": 0.1,
                "ineffective_teacher_share": 0.15,
                "teachers_followed": 7,
                "teachers_stayed_share": 0.86,
            },
            {
                "school_id": "B",
                "school_year": YEAR,
                "teacher_fte": 12.0,
                "teacher_count": 12,
                "census_enrollment": 120,
                "students_per_teacher_fte": 10.0,
                "inexperienced_teacher_share": 0.25,
                "out_of_field_teacher_share": 0.0,
                "provisionally_certified_teacher_share": 0.0,
                "ineffective_teacher_share": 0.0,
                "teachers_followed": 12,
                "teachers_stayed_share": 0.75,
            },
        ],
        "marts.fct_school_spending": [
            {
                "school_id": "A",
                "fiscal_year": YEAR,
                "census_enrollment": 59,
                "per_pupil_expenditure": 12345.67,
                "district_per_pupil_expenditure": 11000.0,
                "per_pupil_ratio_to_district": 1.1223,
                "federal_per_pupil_expenditure": 1345.67,
                "state_local_per_pupil_expenditure": 11000.0,
            },
        ],
        "marts.fct_school_budget": [
            {
                "school_id": "A",
                "fiscal_year": YEAR,
                "as_of_date": AS_OF,
                "revised_budget": 800000.0,
                "actual_to_date": 500000.0,
                "remaining_budget": 300000.0,
                "share_spent": 0.625,
                "census_enrollment": 59,
                "budget_per_pupil": 13559.32,
            },
        ],
        "marts.fct_student_on_track": [
            {
                "student_id": sid,
                "school_year": YEAR,
                # The mart names the student's school too: a roster's joins must not trip on it.
                "school_id": STUDENTS[sid][0],
                "is_on_track": ok,
                "off_track_reasons": None if ok else "total_credits_short; core_semester_fs",
                "cumulative_credits_earned": 4.0,
                "credits_expected": 6,
            }
            for sid, ok in on_track.items()
        ]
        + [
            {
                "student_id": "STU-B1",
                "school_year": 2025,
                "school_id": "A",
                "is_on_track": False,
                "off_track_reasons": "core_semester_fs",
                "cumulative_credits_earned": 1.0,
                "credits_expected": 0,
            }
        ],
        "marts.fct_early_warning": [
            {
                "student_id": sid,
                "school_year": YEAR,
                "early_warning_tier": tier,
                "attendance_tier": "none",
                "suspension_tier": "none",
                "course_tier": tier,
            }
            for sid, tier in [
                ("STU-A1", "warning"),
                ("STU-A2", "high_risk"),
                ("STU-A4", "warning"),
                ("STU-B2", "high_risk"),
            ]
        ],
        "marts.fct_student_attendance": [
            {
                "student_id": sid,
                "school_year": YEAR,
                "reporting_level": "school",
                "school_id": school,
                "days_enrolled": days,
                "days_absent": absent,
                "attendance_rate": round(1 - absent / days, 4),
                "is_chronically_absent": absent >= days / 10,
            }
            for sid, school, days, absent in [
                ("STU-A1", "A", 100, 2.0),
                ("STU-A2", "A", 100, 5.0),
                ("STU-A3", "A", 40, 10.0),
                ("STU-A4", "A", 100, 12.0),
                ("STU-X1", "A", 30, 6.0),
                ("STU-X1", "B", 70, 1.0),
                ("STU-B1", "B", 100, 0.0),
                ("STU-B2", "B", 100, 20.0),
            ]
        ],
        "marts.fct_student_course_performance": [
            {
                "student_id": sid,
                "school_year": YEAR,
                "core_semester_fs": fs,
                "cumulative_gpa_unweighted": gpa,
            }
            for sid, fs, gpa in [
                ("STU-A1", 2, 1.5),
                ("STU-A2", 0, 3.2),
                ("STU-B1", 1, 2.0),
                ("STU-X1", 2, 1.0),
            ]
        ],
        "staging.stg_sis__course_marks": [
            {
                "student_id": sid,
                "school_id": school,
                "school_year": YEAR,
                "course_code": course,
                "term": "S1",
                "mark": mark,
                "is_final_mark": True,
            }
            for sid, school, course, mark in [
                ("STU-A1", "A", "ALG2", "F"),
                ("STU-A2", "A", "BIO", "C"),
                ("STU-X1", "A", "CHEM", "F"),
                ("STU-X1", "B", "BIO", "D"),
                ("STU-B1", "B", "ALG2", "F"),
            ]
        ],
        "restricted.student_identities": [
            {
                "student_id": sid,
                "school_year": YEAR,
                "state_student_id": f"ST{sid[-2:]}",
                "first_name": first,
                "last_name": last,
            }
            for sid, (_, _, _, first, last) in STUDENTS.items()
        ],
    }
    tables.update(_roster_tables())
    tables["marts.fct_course_access"] = [
        {
            "reporting_level": "school",
            "school_id": school,
            "school_year": YEAR,
            "subgroup_category": category,
            "subgroup": subgroup,
            "students": students,
            "advanced_course_students": advanced,
            "offers_ap": True,
            "offers_ib": False,
            "offers_dual_enrollment": school == "A",
        }
        for school, groups in COURSE_ACCESS.items()
        for (category, subgroup), (students, advanced) in groups.items()
    ] + [  # the district's rows: A's and B's summed, as the mart's; it offers what any school does
        {
            "reporting_level": "district",
            "school_id": None,
            "school_year": YEAR,
            "subgroup_category": category,
            "subgroup": subgroup,
            "students": students + COURSE_ACCESS["B"][(category, subgroup)][0],
            "advanced_course_students": advanced + COURSE_ACCESS["B"][(category, subgroup)][1],
            "offers_ap": True,
            "offers_ib": False,
            "offers_dual_enrollment": True,
        }
        for (category, subgroup), (students, advanced) in COURSE_ACCESS["A"].items()
    ]
    tables["marts.fct_educator_equity"] = [
        {
            "school_year": YEAR,
            "measure": "inexperienced",
            "comparison": comparison,
            "high_quartile_teacher_fte": 12.0,
            "low_quartile_teacher_fte": 6.5,
            "high_quartile_teacher_share": 0.25,
            "low_quartile_teacher_share": 0.5,
        }
        for comparison in ("poverty", "minority")
    ]
    return {
        name: rows
        for name, rows in tables.items()
        if name in with_marts or name.split(".")[1] not in OPTIONAL
    }


# The roster models as dbt builds them (restricted.rpt_principal_roster_*), ranked: tier, then
# number of reasons, then name. Rows are stored out of rank order on purpose. B: Wren (3 reasons)
# ranks above Umber (2) though Umber comes first by name; neither has an early-warning row.
ROSTER_OFF_TRACK = [  # (school, rank, student, tier, reasons, total credits short)
    ("B", 3, "STU-B1", None, ["total_credits_short", "core_semester_fs"], 2.0),
    ("A", 2, "STU-A1", "warning", ["total_credits_short", "core_semester_fs"], 2.0),
    ("B", 1, "STU-B2", "high_risk", ["attendance_high_risk", "course_fs_warning"], None),
    ("A", 1, "STU-A2", "high_risk", ["course_fs_high_risk"], None),
    (
        "B",
        2,
        "STU-X1",
        None,
        ["total_credits_short", "english_credits_short", "core_semester_fs"],
        2.0,
    ),
]
OFF_TRACK_STUDENTS = {"STU-A1", "STU-B1", "STU-X1"}  # as fct_student_on_track says below
ROSTER_CHRONIC = [  # (school, rank, student, tier, reasons, days enrolled, days absent)
    ("A", 1, "STU-A4", "warning", ["course_fs_warning"], 100, 12.0),
    ("B", 1, "STU-B2", "high_risk", ["attendance_high_risk", "course_fs_warning"], 100, 20.0),
]
REASON_LABELS = {
    "total_credits_short": "Short of total credits",
    "english_credits_short": "Short of English credits",
    "core_semester_fs": "Failing core courses",
    "attendance_high_risk": "Attendance: high risk",
    "course_fs_high_risk": "Course failures: high risk",
    "course_fs_warning": "Course failures: warning",
}
COURSES_AND_MARKS = {
    "STU-A1": "ALG2 Algebra II (S1): F",
    "STU-A2": "BIO Biology (S1): C",
    "STU-B1": "ALG2 Algebra II (S1): F",
    "STU-X1": "BIO Biology (S1): D",  # not A's Chemistry: the roster is B's
}


def _roster_person(school, rank, sid, tier, reasons) -> dict:
    _, grade, _, first, last = STUDENTS[sid]
    return {
        "school_id": school,
        "school_year": YEAR,
        "roster_rank": rank,
        "student_id": sid,
        "state_student_id": f"ST{sid[-2:]}",
        "last_name": last,
        "first_name": first,
        "grade_level": grade,
        "counselor_or_advisor": None,
        "early_warning_tier": tier,
        "is_off_track": sid in OFF_TRACK_STUDENTS,
        "reasons": "; ".join(REASON_LABELS[key] for key in reasons),
        "reason_keys": "; ".join(reasons),
        "reason_count": len(reasons),
    }


def _roster_tables() -> dict[str, list[dict]]:
    off_track = [
        {
            **_roster_person(school, rank, sid, tier, reasons),
            "total_credits_short": short,
            # judged on credits (a total) or not (None); short of English only where it says so
            "english_credits_short": None
            if short is None
            else (1.0 if "english_credits_short" in reasons else 0.0),
            "math_credits_short": None if short is None else 0.0,
            "science_credits_short": None,
            "social_studies_credits_short": None,
            "attendance_rate": 0.98,
            "core_semester_fs": 2,
            "current_courses_and_marks": COURSES_AND_MARKS.get(sid),
        }
        for school, rank, sid, tier, reasons, short in ROSTER_OFF_TRACK
    ]
    chronic = [
        {
            **_roster_person(school, rank, sid, tier, reasons),
            "days_enrolled": days,
            "days_absent": absent,
            "attendance_rate": round(1 - absent / days, 4),
            "core_semester_fs": 0,
            "current_courses_and_marks": None,
        }
        for school, rank, sid, tier, reasons, days, absent in ROSTER_CHRONIC
    ]
    schools = [
        {
            "school_id": school,
            "school_year": YEAR,
            "school_name": name,
            "as_of_date": AS_OF,
            "students_enrolled": enrolled,
            "students_with_early_warning": enrolled,
            "students_judged_for_on_track": enrolled,
            "students_judged_for_chronic_absence": enrolled,
            "early_warning_lowest_grade": 6,
            "chronic_absence_min_days_enrolled": 10,
            "chronic_absence_threshold": 0.1,
        }
        for school, name, enrolled in [
            ("A", "Alpha High School", 3),
            ("B", "Beta High School", 3),
            ("C", "Cedar Elementary School", 0),
        ]
    ]
    return {
        "restricted.rpt_principal_roster_off_track": off_track,
        "restricted.rpt_principal_roster_chronic_absence": chronic,
        "restricted.rpt_principal_roster_schools": schools,
    }


OPTIONAL = {
    "fct_course_access",
    "fct_educator_equity",
    "fct_enrollment_projection",
    "fct_school_budget",
}


def build_packet_warehouse(path: Path, with_marts: set[str] = frozenset()) -> Path:
    """Write the tiny warehouse; of the marts still landing, only those named are created."""
    con = duckdb.connect(str(path))
    for name, rows in _tables(set(with_marts)).items():
        schema = name.split(".")[0]
        con.execute(f"create schema if not exists {schema}")
        frame = pd.DataFrame(rows)  # noqa: F841 (read by DuckDB by name)
        con.execute(f"create table {name} as select * from frame")
    con.close()
    return path
