"""The packet warehouse (packet_warehouse.py) with what a front page reads: an elementary school
E, `marts.fct_school_key_figures` for 2023-2026 and `seeds.packet_headline_rules`. Every row is
invented and small enough to work the front page out by hand (tests/release/test_packet_front.py
and test_packet_browser.py do).

E (Elm Elementary School): 40 students in grades 3-5 (12, 14, 14), 8 chronically absent (3, 2,
3): Hispanic 25 (5), White 15 (3); girls 20 (4), boys 20 (4). 6 teachers; no budget sent.
A and B are the high schools of packet_warehouse.py; the district is A + B + E.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from packet_warehouse import OPTIONAL, YEAR, build_packet_warehouse

# the shipped seed's values (dbt_project/seeds/rules/packet_headline_rules.csv)
RULES = {
    "min_findings": 3,
    "max_findings": 5,
    "rate_gap_points": 0.05,
    "rate_change_points": 0.03,
    "relative_gap": 0.10,
    "relative_change": 0.10,
}
HIGH, EVERY = ("A", "B"), ("A", "B", "E")
GRADUATION = "four_year_graduation_rate"
TEST = "State Test"  # the test of every proficiency figure
# measure: label, unit, higher is better, the schools it applies to, {school: {year: figure}}.
# A rate's or share's figure is (numerator, denominator: students, teachers or budget dollars);
# a count's the count; dollars (value, pupils); None: the figure is not yet known; "not_sent".
# Units, keys and labels as the seed key_figure_measures has them (the long ones too: the
# front page must fit them on its one page).
MEASURES = {
    "enrollment": ("Enrollment on census day", "students", None, EVERY, {
        "A": {2023: 50, 2024: 54, 2025: 57, 2026: 59},
        "B": {2023: 110, 2024: 114, 2025: 118, 2026: 120},
        "E": {2023: 48, 2024: 46, 2025: 44, 2026: 40},
    }),
    "on_track": ("On track to graduate", "rate", True, HIGH, {
        "A": {2023: (38, 50), 2024: (40, 54), 2025: (35, 50), 2026: (45, 59)},
        "B": {2023: (85, 110), 2024: (88, 114), 2025: (90, 118), 2026: (95, 120)},
    }),
    "freshman_on_track": ("Freshmen on track", "rate", True, HIGH, {
        "A": {2025: (6, 8), 2026: (12, 15)},
        "B": {2025: (25, 30), 2026: (25, 30)},
    }),
    "chronic_absence": ("Chronically absent", "rate", False, EVERY, {
        "A": {2024: (12, 54), 2025: (10, 50), 2026: (14, 59)},
        "B": {2024: (20, 114), 2025: (22, 118), 2026: (25, 120)},
        "E": {2024: (15, 46), 2025: (14, 42), 2026: (8, 40)},
    }),
    GRADUATION: ("Four-year graduation rate (latest complete cohort)", "rate", True, HIGH, {
        "A": {2024: (44, 50), 2025: (45, 52), 2026: (40, 50)},
        "B": {2024: (95, 105), 2025: (99, 108), 2026: (100, 110)},
    }),
    "proficiency_math": ("Proficient in math", "rate", True, EVERY, {
        "A": {2024: (16, 48), 2025: (17, 48), 2026: (18, 50)},
        "B": {2024: (55, 98), 2025: (58, 100), 2026: (60, 100)},
        "E": {2024: (11, 40), 2025: (12, 40), 2026: (12, 38)},
    }),
    "proficiency_ela": ("Proficient in English language arts", "rate", True, EVERY, {
        "A": {2025: (28, 48), 2026: (30, 50)},
        "B": {2025: (60, 100), 2026: (62, 100)},
        "E": {2025: (20, 40), 2026: (22, 38)},
    }),
    "advanced_coursework": ("Students in advanced coursework", "rate", True, HIGH, {
        "A": {2025: (17, 50), 2026: (20, 59)},
        "B": {2025: (28, 118), 2026: (30, 120)},
    }),
    "inexperienced_teachers": ("Teachers in their first years", "share", False, EVERY, {
        "A": {2026: (3, 7)}, "B": {2026: (3, 12)}, "E": {2026: (2, 6)},
    }),
    "teacher_retention": ("Teachers who stayed at the school the next year", "share", True, EVERY, {
        "A": {2024: (9, 11), 2025: (10, 12), 2026: None},
        "B": {2024: (12, 14), 2025: (11, 14), 2026: None},
        "E": {2024: (5, 7), 2025: (5, 6), 2026: None},
    }),
    "per_pupil_spending": ("Spending per pupil", "dollars", None, EVERY, {
        "A": {2024: (11500.0, 54), 2025: (11800.0, 57), 2026: (12345.67, 59)},
        "B": {2024: (10300.0, 114), 2025: (10400.0, 118), 2026: (10500.0, 120)},
        "E": {2024: (9100.0, 46), 2025: (9000.0, 44), 2026: (10000.0, 40)},
        "district": {2024: (10400.0, 214), 2025: (10500.0, 219), 2026: (11000.0, 219)},
    }),
    "budget_spent_to_date": ("Budget spent to date", "share", None, EVERY, {
        "A": {2026: (500000.0, 800000.0)}, "B": {2026: "not_sent"}, "E": {2026: "not_sent"},
        "district": {2026: (500000.0, 800000.0)},
    }),
}  # fmt: skip


def key_figure_rows() -> list[dict]:
    rows = []
    for order, (measure, spec) in enumerate(MEASURES.items(), start=1):
        label, unit, higher, schools, by_school = spec
        common = {
            "measure": measure,
            "measure_label": label,
            "unit": unit,
            "is_higher_better": higher,
            "display_order": order,
        }

        def add(level, school, year, figure, applicable=True, common=common):
            rows.append(
                {
                    "school_year": year,
                    "reporting_level": level,
                    "school_id": school,
                    **common,
                    **_figure(common["unit"], figure if applicable else "not_applicable"),
                    "is_applicable": applicable,
                    # the graduation rate of 2026 is the class of 2025's, the latest complete
                    "measured_school_year": year - (common["measure"] == GRADUATION),
                    **_test_of(common["measure"]),
                }
            )

        for school in EVERY:
            if school not in schools:  # the mart says so rather than leaving the row out
                add("school", school, YEAR, None, applicable=False)
                continue
            for year, figure in by_school[school].items():
                add("school", school, year, figure)
        years = sorted({year for figures in by_school.values() for year in figures})
        for year in years:
            if "district" in by_school:
                add("district", None, year, by_school["district"][year])
                continue
            figures = [by_school[s][year] for s in schools if year in by_school[s]]
            if any(figure is None for figure in figures):
                add("district", None, year, None)
            elif unit in ("rate", "share"):
                add("district", None, year, tuple(map(sum, zip(*figures, strict=True))))
            else:
                add("district", None, year, sum(figures))
    return rows


def _test_of(measure: str) -> dict:
    subject = measure.removeprefix("proficiency_") if measure.startswith("proficiency_") else None
    return {"test_name": TEST if subject else None, "assessment_subject": subject}


def achievement_marts(con, figures: pd.DataFrame) -> None:
    """fct_cohort_graduation and fct_assessment_proficiency as the key figures read them: all
    students, all grades, the figures' counts (the packets take these cells, as the exports do)."""
    known = figures[figures["status"] == "known"]
    graduation = known[known["measure"] == GRADUATION]
    cohorts = pd.DataFrame(  # noqa: F841 (read by DuckDB by name)
        {
            "cohort_graduation_year": graduation["measured_school_year"],
            "reporting_level": graduation["reporting_level"],
            "school_id": graduation["school_id"],
            "subgroup_category": "all_students",
            "subgroup": "all_students",
            "four_year_graduates": graduation["numerator"].astype(int),
            "adjusted_cohort": graduation["denominator"].astype(int),
            "five_year_graduates": None,
            "five_year_adjusted_cohort": None,
        }
    )
    tested = known[known["test_name"].notna()]
    proficiency = pd.DataFrame(  # noqa: F841
        {
            "school_year": tested["school_year"],
            "reporting_level": tested["reporting_level"],
            "school_id": tested["school_id"],
            "test_name": tested["test_name"],
            "assessment_subject": tested["assessment_subject"],
            "grade_level": "all",
            "subgroup_category": "all_students",
            "subgroup": "all_students",
            **{
                column: tested["denominator"].astype(int)
                for column in ("students_enrolled", "students_tested", "students_scored")
            },
            "students_proficient": tested["numerator"].astype(int),
            "mean_scale_score": float("nan"),  # a number the packets do not show
        }
    )
    for name, frame in (
        ("fct_cohort_graduation", "cohorts"),
        ("fct_assessment_proficiency", "proficiency"),
    ):
        con.execute(f"create or replace table marts.{name} as select * from {frame}")


def _figure(unit: str, figure) -> dict:
    empty = {"value": None, "numerator": None, "denominator": None}
    if figure is None:
        return {**empty, "status": "not_yet_known"}
    if figure in ("not_sent", "not_applicable"):
        return {**empty, "status": figure}
    if unit in ("rate", "share"):
        numerator, denominator = figure
        value = numerator / denominator
    elif unit == "dollars":
        (value, denominator), numerator = figure, None
    else:
        value, numerator, denominator = figure, None, None
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "status": "known",
    }


def _add_elementary_school(con) -> None:
    con.execute(
        "insert into marts.dim_school by name select 'E' as school_id, "
        "'Elm Elementary School' as school_name, 'elementary' as school_level, "
        "false as serves_high_school_grades, 'open' as school_status, "
        "'Eve Educator' as principal_name, 2023 as first_school_year, 2026 as last_school_year"
    )
    summary = []
    for grade, students, absent in [("03", 12, 3), ("04", 14, 2), ("05", 14, 3), ("all", 40, 8)]:
        summary.append((grade, "all_students", "all_students", students, absent))
    for category, subgroup, students, absent in [
        ("race_ethnicity", "hispanic", 25, 5), ("race_ethnicity", "white", 15, 3),
        ("sex", "F", 20, 4), ("sex", "M", 20, 4),
    ]:  # fmt: skip
        summary.append(("all", category, subgroup, students, absent))
    for grade, category, subgroup, students, absent in summary:
        con.execute(
            "insert into marts.fct_on_track_summary values "
            "(?, 'school', 'E', ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)",
            [YEAR, grade, category, subgroup, students, students, absent],
        )
        district = (grade, category, subgroup)
        exists = con.execute(
            "select count(*) from marts.fct_on_track_summary where reporting_level = 'district' "
            "and grade_level = ? and subgroup_category = ? and subgroup = ?",
            list(district),
        ).fetchone()[0]
        if not exists:  # E's grades are the district's only grades 3-5
            con.execute(
                "insert into marts.fct_on_track_summary values "
                "(?, 'district', null, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0)",
                [YEAR, *district],
            )
        con.execute(
            "update marts.fct_on_track_summary set n = n + $1, chronic_absence_eligible = "
            "chronic_absence_eligible + $1, chronically_absent_count = chronically_absent_count "
            "+ $2 where reporting_level = 'district' and grade_level = $3 "
            "and subgroup_category = $4 and subgroup = $5",
            [students, absent, *district],
        )
    con.execute(
        "insert into marts.fct_school_profile by name select 'school' as reporting_level, "
        f"'E' as school_id, {YEAR} as school_year, date '2025-10-01' as census_date, "
        "40 as census_enrollment, 30 as economically_disadvantaged_count, "
        "10 as english_learner_count, 6 as students_with_disability_count, "
        "25 as students_of_color_count"
    )
    con.execute(  # and the district's row, the schools' sum
        "update marts.fct_school_profile set census_enrollment = census_enrollment + 40, "
        "economically_disadvantaged_count = economically_disadvantaged_count + 30, "
        "english_learner_count = english_learner_count + 10, "
        "students_with_disability_count = students_with_disability_count + 6, "
        "students_of_color_count = students_of_color_count + 25 "
        "where reporting_level = 'district'"
    )
    con.execute(
        "insert into marts.fct_school_staffing by name select 'E' as school_id, "
        f"{YEAR} as school_year, 5.5 as teacher_fte, 6 as teacher_count, "
        "40 as census_enrollment, 7.27 as students_per_teacher_fte, "
        "0.33 as inexperienced_teacher_share, 0.0 as out_of_field_teacher_share, "
        "0.0 as provisionally_certified_teacher_share, 0.0 as ineffective_teacher_share, "
        "6 as teachers_followed, 0.5 as teachers_stayed_share"
    )
    con.execute(
        "insert into marts.fct_school_spending by name select 'E' as school_id, "
        f"{YEAR} as fiscal_year, 40 as census_enrollment, 10000.0 as per_pupil_expenditure, "
        "11000.0 as district_per_pupil_expenditure, 0.9091 as per_pupil_ratio_to_district, "
        "1000.0 as federal_per_pupil_expenditure, 9000.0 as state_local_per_pupil_expenditure"
    )


def build_front_page_warehouse(path: Path) -> Path:
    """Every mart of the packet, school E, the key figures and the headline rule."""
    build_packet_warehouse(path, {f"marts.{name}" for name in OPTIONAL})
    with duckdb.connect(str(path)) as con:
        _add_elementary_school(con)
        figures = pd.DataFrame(key_figure_rows())  # noqa: F841 (read by DuckDB by name)
        con.execute("create table marts.fct_school_key_figures as select * from figures")
        achievement_marts(con, figures)
        con.execute("create schema if not exists seeds")
        rules = pd.DataFrame({"setting": list(RULES), "value": list(map(float, RULES.values()))})  # noqa: F841
        con.execute("create table seeds.packet_headline_rules as select * from rules")
    return path
