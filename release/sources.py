"""Every warehouse relation a principal packet reads, with the columns it reads: the one place to
look when a mart is added or renamed.

A packet section whose relation is absent (or lacks a column listed here) is shown as "not
available" instead of failing, so packets can be released while the equity marts land one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import duckdb
import pandas as pd

# Within `shared_reads()`: (connection, SQL, parameters) -> the rows read
_SHARED: ContextVar[dict | None] = ContextVar("shared_reads", default=None)

SOURCES: dict[str, tuple[str, ...]] = {
    "marts.dim_school": (
        "school_id",
        "school_name",
        "school_level",
        "serves_high_school_grades",
        "school_status",
        "principal_name",
        "first_school_year",
        "last_school_year",
    ),
    "marts.dim_school_year": ("school_year", "as_of_date", "is_complete"),
    "marts.dim_student": (
        "student_id",
        "school_year",
        "school_id",
        "grade_level",
        "is_enrolled_at_as_of",
    ),
    "marts.dim_course": ("course_code", "course_title"),
    "marts.fct_school_profile": (
        "reporting_level",
        "school_id",
        "school_year",
        "census_date",
        "census_enrollment",
        "economically_disadvantaged_count",
        "english_learner_count",
        "students_with_disability_count",
        "students_of_color_count",
        "poverty_quartile",
        "minority_quartile",
    ),
    "marts.fct_enrollment_projection": (
        "school_id",
        "base_year",
        "projection_year",
        "projected_enrollment",
        "school_backtest_mape",
    ),
    "marts.fct_on_track_summary": (
        "school_year",
        "reporting_level",
        "school_id",
        "grade_level",
        "subgroup_category",
        "subgroup",
        "on_track_evaluated",
        "on_track_count",
        "freshman_on_track_evaluated",
        "freshman_on_track_count",
        "chronic_absence_eligible",
        "chronically_absent_count",
    ),
    "marts.fct_course_access": (
        "reporting_level",
        "school_id",
        "school_year",
        "subgroup_category",
        "subgroup",
        "students",
        "advanced_course_students",
        "offers_ap",
        "offers_ib",
        "offers_dual_enrollment",
    ),
    "marts.fct_school_staffing": (
        "school_id",
        "school_year",
        "teacher_fte",
        "teacher_count",
        "census_enrollment",
        "students_per_teacher_fte",
        "inexperienced_teacher_share",
        "out_of_field_teacher_share",
        "provisionally_certified_teacher_share",
        "ineffective_teacher_share",
        "teachers_followed",
        "teachers_stayed_share",
    ),
    "marts.fct_educator_equity": (
        "school_year",
        "measure",
        "comparison",
        "high_quartile_teacher_fte",
        "low_quartile_teacher_fte",
        "high_quartile_teacher_share",
        "low_quartile_teacher_share",
    ),
    "marts.fct_school_spending": (
        "school_id",
        "fiscal_year",
        "census_enrollment",
        "per_pupil_expenditure",
        "district_per_pupil_expenditure",
        "per_pupil_ratio_to_district",
        "federal_per_pupil_expenditure",
        "state_local_per_pupil_expenditure",
    ),
    "marts.fct_school_budget": (
        "school_id",
        "fiscal_year",
        "as_of_date",
        "revised_budget",
        "actual_to_date",
        "remaining_budget",
        "share_spent",
        "census_enrollment",
        "budget_per_pupil",
    ),
    "marts.fct_school_key_figures": (
        "school_year",
        "reporting_level",
        "school_id",
        "measure",
        "measure_label",
        "unit",
        "is_higher_better",
        "display_order",
        "is_applicable",
        "status",
        "measured_school_year",
        "value",
        "numerator",
        "denominator",
    ),
    "seeds.packet_headline_rules": ("setting", "value"),
    "seeds.key_figure_measures": ("measure", "source_mart"),
    "marts.fct_student_on_track": (
        "student_id",
        "school_year",
        "is_on_track",
        "off_track_reasons",
        "cumulative_credits_earned",
        "credits_expected",
    ),
    "marts.fct_early_warning": (
        "student_id",
        "school_year",
        "early_warning_tier",
        "attendance_tier",
        "suspension_tier",
        "course_tier",
    ),
    "marts.fct_student_attendance": (
        "student_id",
        "school_year",
        "reporting_level",
        "school_id",
        "days_enrolled",
        "days_absent",
        "attendance_rate",
        "is_chronically_absent",
    ),
    "marts.fct_student_course_performance": (
        "student_id",
        "school_year",
        "core_semester_fs",
        "cumulative_gpa_unweighted",
    ),
    # The rosters: shaped and ranked by dbt; release.roster_sheet lists the columns it shows.
    "restricted.rpt_principal_roster_off_track": (
        "school_id",
        "school_year",
        "roster_rank",
        "student_id",
        "last_name",
        "first_name",
        "grade_level",
        "early_warning_tier",
        "reasons",
        "reason_keys",
        "reason_count",
        "total_credits_short",
        "attendance_rate",
        "core_semester_fs",
        "current_courses_and_marks",
    ),
    "restricted.rpt_principal_roster_chronic_absence": (
        "school_id",
        "school_year",
        "roster_rank",
        "student_id",
        "last_name",
        "first_name",
        "grade_level",
        "early_warning_tier",
        "reasons",
        "reason_keys",
        "reason_count",
        "days_enrolled",
        "days_absent",
        "attendance_rate",
        "current_courses_and_marks",
    ),
    "restricted.rpt_principal_roster_schools": (
        "school_id",
        "school_year",
        "school_name",
        "as_of_date",
        "students_enrolled",
    ),
}


def available(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The relations of SOURCES present in the warehouse with every listed column."""
    rows = query(
        con,
        "select table_schema || '.' || table_name as name, list(column_name) as columns "
        "from information_schema.columns group by all",
        [],
    ).itertuples(index=False)
    present = {name: set(columns) for name, columns in rows}
    return {
        name
        for name, columns in SOURCES.items()
        if name in present and set(columns) <= present[name]
    }


def require(present: set[str], *names: str) -> None:
    """Raise unless every relation named is available (for parts no packet can go without)."""
    missing = [name for name in names if name not in present]
    if missing:
        raise LookupError(f"the warehouse lacks {missing} (or columns of them); is it built?")


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within it, a read repeated with the same SQL and parameters on the same connection is
    answered from the first one. Every packet reads the district's rows of the same marts; the
    release reads them once (one query per table) and each packet takes its school's rows. For a
    read-only warehouse only: a write in between would not be seen."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    shared = _SHARED.get()
    if shared is None:
        return con.execute(sql, params).df()
    key = (id(con), sql, tuple(params))
    if key not in shared:
        shared[key] = con.execute(sql, params).df()
    return shared[key].copy()  # a caller may change its frame; the next one gets the rows read
