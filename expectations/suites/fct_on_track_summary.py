"""fct_on_track_summary in the release year: the numbers on every packet's first page."""

import pandas as pd

from expectations.frames import ReleaseTables, open_school_coverage
from expectations.snapshot import COUNT_METRICS, RATE_METRICS, changes_since, school_metrics
from expectations.spec import Expectation, GateSettings, Suite

# Plausible whole-school rates (all grades, all students). Published US figures: chronic
# absence ran 14-30% in 2018-2023; freshman on-track in Chicago 70-90%.
PLAUSIBLE_SCHOOL_RATES = {
    "chronic_absence_rate": (0.0, 0.60),
    "on_track_rate": (0.20, 1.0),
    "freshman_on_track_rate": (0.30, 1.0),
}


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    summary = tables.in_release_year("fct_on_track_summary")
    district = summary[
        (summary["reporting_level"] == "district")
        & (summary["grade_level"] == "all")
        & (summary["subgroup"] == "all_students")
    ]
    students = len(tables.in_release_year("dim_student"))
    counted = int(district["n"].sum())
    return {
        "coverage": open_school_coverage(tables),
        "district_count": pd.DataFrame(
            {"district_rows": [len(district)], "students_missing_or_extra": [counted - students]}
        ),
        "schools": school_metrics(tables),
        "changes": changes_since(school_metrics(tables), previous),
    }


def _plausible(metric: str, low: float, high: float) -> Expectation:
    return Expectation(
        name=f"school_{metric}s_are_plausible",
        severity="school",
        gx_type="ExpectColumnValuesToBeBetween",
        kwargs={"column": metric, "min_value": low, "max_value": high},
        frame="schools",
        checks=f"Each school's {metric} (all grades, all students) is between {low:.0%} and "
        f"{high:.0%}.",
        why_it_matters="A whole-school rate outside that range is far beyond what schools "
        "report and almost always a data error; a principal would act on it.",
        how_to_fix="Trace the school's row in fct_on_track_summary back to its marks, "
        "enrollments or attendance extract.",
    )


def _moved_less_than(metric: str, settings: GateSettings) -> Expectation:
    is_count = metric in COUNT_METRICS
    limit = settings.max_count_change if is_count else settings.max_rate_change
    setting = "K12_RELEASE_MAX_COUNT_CHANGE" if is_count else "K12_RELEASE_MAX_RATE_CHANGE"
    size = f"{limit:.0%}" if is_count else f"{limit * 100:.0f} points"
    return Expectation(
        name=f"school_{metric}_moved_less_than_the_max_change_since_the_previous_release",
        severity="school",
        gx_type="ExpectColumnValuesToBeBetween",
        kwargs={"column": f"{metric}_change", "max_value": limit},
        frame="changes",
        checks=f"Each school's {metric} moved at most {size} since the previous release "
        f"({setting}); schools without a previous release are not compared.",
        why_it_matters="Schools change slowly; a jump between two releases is more often a "
        "partial or duplicated extract, and principals compare packets.",
        how_to_fix="Compare the school's extracts of both releases; if the change is real, "
        "raise the setting for this release.",
    )


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="fct_on_track_summary",
        frames=frames,
        expectations=(
            Expectation(
                name="every_open_school_has_summary_rows",
                severity="critical",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "summary_rows", "min_value": 1},
                frame="coverage",
                checks="Every open school has school rows in the release year's summary.",
                why_it_matters="The packet's first page is those rows; a school without them "
                "means the summary was built from an incomplete dim_student.",
                how_to_fix="Rerun dbt; check int_student_year_outcomes for the school.",
            ),
            Expectation(
                name="district_summary_counts_every_student_once",
                severity="critical",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "students_missing_or_extra", "min_value": 0, "max_value": 0},
                frame="district_count",
                checks="The district's all-students row counts exactly the release year's "
                "dim_student rows.",
                why_it_matters="Every packet compares the school with the district; a wrong "
                "district total misstates every school's position.",
                how_to_fix="Look for students lost or duplicated in int_student_year_outcomes.",
            ),
            *(_plausible(metric, *bounds) for metric, bounds in PLAUSIBLE_SCHOOL_RATES.items()),
            *(_moved_less_than(metric, settings) for metric in COUNT_METRICS + RATE_METRICS),
        ),
    )
