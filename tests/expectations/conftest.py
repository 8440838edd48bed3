"""A tiny district that passes every expectation of the release gate, as pandas frames.

Schools 101 and 102 are open, 103 closed. The release year is 2026, counted through 2026-01-31,
validated on 2026-02-05. At 101: S1 (09), S2 (10), S3 (06) enrolled, S4 (09) left. At 102:
S5 (11), S6 (07), S7 (KG) enrolled. Each test plants one defect in a copy.
"""

from datetime import date

import pandas as pd
import pytest

from expectations.frames import ReleaseTables
from expectations.spec import GateSettings

TODAY = date(2026, 2, 5)

STUDENTS = [  # student_id, school_id, grade, enrolled on the as-of date
    ("S1", "101", "09", True),
    ("S2", "101", "10", True),
    ("S3", "101", "06", True),
    ("S4", "101", "09", False),
    ("S5", "102", "11", True),
    ("S6", "102", "07", True),
    ("S7", "102", "KG", True),
]


def build_good_tables() -> ReleaseTables:
    as_of = {2025: pd.Timestamp("2025-06-30"), 2026: pd.Timestamp("2026-01-31")}
    years = pd.DataFrame(
        {
            "school_year": [2025, 2026],
            "as_of_date": list(as_of.values()),
            "is_current_year": [False, True],
        }
    )
    schools = pd.DataFrame(
        {
            "school_id": ["101", "102", "103"],
            "school_status": ["open", "open", "closed"],
            "principal_email": ["a@district.example.org", "b@district.example.org", None],
        }
    )
    students = pd.DataFrame(
        [
            {
                "student_id": sid,
                "school_year": 2026,
                "school_id": school,
                "grade_level": grade,
                "is_enrolled_at_as_of": enrolled,
                "sex": "F" if i % 2 else "M",
                "race_ethnicity": ["asian", "black", "hispanic", "white"][i % 4],
            }
            for i, (sid, school, grade, enrolled) in enumerate(STUDENTS)
        ]
        # A previous year's row, which the release-year rules ignore.
        + [
            {
                "student_id": "S1",
                "school_year": 2025,
                "school_id": "102",
                "grade_level": "08",
                "is_enrolled_at_as_of": True,
                "sex": "M",
                "race_ethnicity": "asian",
            }
        ]
    )
    attendance = pd.DataFrame(
        [
            {
                "student_id": sid,
                "school_year": 2026,
                "reporting_level": level,
                "school_id": school if level == "school" else None,
                "attendance_rate": 0.93,
            }
            for sid, school, _, _ in STUDENTS
            for level in ("school", "district")
        ]
    )
    summary_rows = [
        ("school", "101", 4, 0.5, 1.0, 0.25),
        ("school", "102", 3, 1.0, None, 0.0),
        ("district", None, 7, 0.667, 1.0, 0.143),
    ]
    summary = pd.DataFrame(
        [
            {
                "school_year": 2026,
                "reporting_level": level,
                "school_id": school,
                "grade_level": "all",
                "subgroup": "all_students",
                "n": n,
                "on_track_rate": on_track,
                "freshman_on_track_rate": freshman,
                "chronic_absence_rate": chronic,
            }
            for level, school, n, on_track, freshman, chronic in summary_rows
        ]
    )
    high_school = [s for s in STUDENTS if s[2] in ("09", "10", "11", "12")]
    on_track = pd.DataFrame(
        {
            "student_id": [s[0] for s in high_school],
            "school_year": 2026,
            "school_id": [s[1] for s in high_school],
            "is_enrolled_at_as_of": [s[3] for s in high_school],
        }
    )
    listed = [s for s in STUDENTS if s[3] and s[2] not in ("KG",)]
    tiers = {"S1": "high_risk", "S2": "none", "S3": "warning", "S5": "none", "S6": "warning"}
    warning = pd.DataFrame(
        {
            "student_id": [s[0] for s in listed],
            "school_year": 2026,
            "school_id": [s[1] for s in listed],
            "early_warning_tier": [tiers[s[0]] for s in listed],
        }
    )
    return ReleaseTables(
        dim_school_year=years, dim_school=schools, dim_student=students,
        fct_student_attendance=attendance, fct_on_track_summary=summary,
        fct_student_on_track=on_track, fct_early_warning=warning,
    )  # fmt: skip


@pytest.fixture
def good_tables() -> ReleaseTables:
    return build_good_tables()


@pytest.fixture
def settings() -> GateSettings:
    return GateSettings(
        freshness_days=14, max_rate_change=0.15, max_count_change=0.25, today=TODAY,
        early_warning_lowest_grade=6,  # the shipped dbt var, which the fixture district assumes
    )  # fmt: skip
