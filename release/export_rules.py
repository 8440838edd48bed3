"""Who sees what, mart by mart: which marts are student-level, and for the aggregate marts the
packets do not cover, what happens to each column before it leaves the warehouse.

The rules of `release/suppression.py` with the release's minimum n (dbt var
`k12_minimum_reporting_n`), decided per column (docs/connect-bi.md gives the reasons):
- `keep`: about no student (money, staff, school attributes, codes): exported as it is;
- `counts`: a count of students: withheld (NULL, `<column>_suppression` = `primary`) below the
  minimum n, 0 included, as the packets withhold an enrollment;
- `gated`: a figure about a group (per pupil, per teacher, a share of teachers): withheld when
  the group's size column is below the minimum n, as the packets withhold it;
- `coded`: a rate over students with no published total to add up to: `suppress_rates` alone
  (primary suppression and top/bottom coding);
- anything else (numerators, sums over students) is not exported.
A mart that is neither student-level nor listed here (or in release.export_outcomes), nor kept
in the warehouse on purpose (`NOT_EXPORTED`), is refused: a new mart must be given its rules
before it can leave the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STUDENT_LEVEL = ("dim_student", "fct_early_warning")  # and every fct_student_*, and student_id
YEAR_KEY = "school_year"  # the partition key of every export path, whatever the year column


@dataclass(frozen=True)
class MartRule:
    keep: tuple[str, ...] | None = None  # None: every column
    counts: tuple[str, ...] = ()
    gated: dict[str, str] = field(default_factory=dict)  # figure -> its group's size column
    coded: dict[str, tuple[str, str]] = field(default_factory=dict)  # rate -> (count, of)
    year: str | None = None  # the year column of a partitioned mart


_TEACHER_SHARES = (
    "average_teacher_base_salary",
    "inexperienced_teacher_share",
    "out_of_field_teacher_share",
    "provisionally_certified_teacher_share",
    "ineffective_teacher_share",
    "highly_effective_teacher_share",
    "collaborative_learning_hours_per_teacher",
    "other_learning_hours_per_teacher",
)
_FTE = tuple(
    f"{job}_fte"
    for job in (
        "teacher",
        "principal",
        "assistant_principal",
        "instructional_coach",
        "counselor",
        "paraprofessional",
        "other_staff",
    )
)
_BUDGET = ("adopted_budget", "revised_budget", "actual_to_date", "remaining_budget", "share_spent")
_RACES = ("hispanic", "american_indian", "asian", "black", "pacific_islander", "white")
_RACES += ("two_or_more", "race_not_reported")

RULES = {
    "dim_school": MartRule(),
    "dim_course": MartRule(),
    "dim_school_year": MartRule(),
    "fct_school_budget_lines": MartRule(year="fiscal_year"),
    # ledger rows and dollars by record type (expenditure, revenue, ...): about no student
    "fct_ledger_record_types": MartRule(year="fiscal_year"),
    "fct_school_spending": MartRule(
        keep=(
            "school_id",
            "fiscal_year",
            "census_date",
            "school_coded_expenditure",
            "central_allocated_expenditure",
            "total_expenditure",
            "personnel_expenditure",
            "non_personnel_expenditure",
            "federal_expenditure",
            "state_local_expenditure",
            "district_per_pupil_expenditure",
        ),
        counts=("census_enrollment",),
        gated={
            figure: "census_enrollment"
            for figure in (
                "need_weighted_enrollment",
                "per_pupil_expenditure",
                "federal_per_pupil_expenditure",
                "state_local_per_pupil_expenditure",
                "per_weighted_pupil_expenditure",
                "per_pupil_ratio_to_district",
            )
        },
        year="fiscal_year",
    ),
    "fct_school_budget": MartRule(
        keep=(
            "school_id",
            "fiscal_year",
            "as_of_date",
            *_BUDGET,
            "ledger_salary_actuals",
            "hr_staffing_cost",
            "staffing_reconciliation_difference",
            "staffing_reconciliation_difference_ratio",
            "projected_next_year_budget",
        ),
        counts=("census_enrollment", "projected_next_year_enrollment"),
        gated={
            "budget_per_pupil": "census_enrollment",
            "projected_next_year_per_pupil_budget_at_flat_budget": "projected_next_year_enrollment",
        },
        year="fiscal_year",
    ),
    "fct_school_staffing": MartRule(
        keep=(
            "school_id",
            "school_year",
            "census_date",
            *_FTE,
            "teacher_count",
            "teacher_stipend_amount",
            "teachers_followed",
        ),
        counts=("census_enrollment",),
        gated={
            "students_per_teacher_fte": "census_enrollment",
            **{figure: "teacher_count" for figure in _TEACHER_SHARES},
            **{
                f"teachers_{fate}_share": "teachers_followed"
                for fate in ("stayed", "moved_school", "left")
            },
        },
        year="school_year",
    ),
    "fct_staff_diversity": MartRule(
        # staff counts only: the students-of-color share is fct_school_profile's, protected there
        keep=(
            "reporting_level",
            "school_id",
            "school_year",
            "teacher_count",
            "teachers_of_color",
            *(f"teachers_{race}" for race in _RACES),
            "teachers_with_race_reported",
            "new_hire_count",
            *(f"new_hires_{race}" for race in _RACES),
            "new_hires_of_color",
            "teachers_of_color_share",
        ),
        year="school_year",
    ),
    "fct_educator_equity": MartRule(
        keep=(
            "school_year",
            "measure",
            "comparison",
            "high_quartile_school_count",
            "low_quartile_school_count",
            "high_quartile_teacher_fte",
            "low_quartile_teacher_fte",
        ),
        counts=("high_quartile_students", "low_quartile_students"),
        gated={
            "high_quartile_teacher_share": "high_quartile_teacher_fte",
            "low_quartile_teacher_share": "low_quartile_teacher_fte",
        },
        coded={
            f"{q}_quartile_student_share": (
                f"{q}_quartile_measure_students",
                f"{q}_quartile_students",
            )
            for q in ("high", "low")
        },
        year="school_year",
    ),
    "fct_enrollment_projection": MartRule(
        keep=(
            "school_id",
            "grade_level",
            "projection_year",
            "base_year",
            "is_backtest",
            "projection_method",
            "history_years_used",
            "school_backtest_mape",
        ),
        counts=("projected_enrollment_rounded",),
        gated={"projected_enrollment": "projected_enrollment_rounded"},
        year="projection_year",
    ),
}

# Aggregate marts kept out of the exports on purpose, each with the reason the catalog gives.
NOT_EXPORTED = {
    "fct_school_key_figures": (
        "not exported: the packets' front-page figures, each a cell of another mart "
        "(fct_on_track_summary, fct_course_access, fct_cohort_graduation, "
        "fct_assessment_proficiency, fct_school_profile, fct_school_staffing, "
        "fct_school_spending, fct_school_budget, fct_enrollment_projection), exported there with "
        "that mart's suppression; a second, separately suppressed copy could undo it"
    ),
}


def is_student_level(mart: str, columns: list[str]) -> bool:
    """A mart about individual students: it never goes to the export folder others read."""
    return mart in STUDENT_LEVEL or mart.startswith("fct_student_") or "student_id" in columns
