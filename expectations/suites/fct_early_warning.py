"""fct_early_warning in the release year: the high-risk roster's source."""

import pandas as pd

from expectations.frames import (
    ReleaseTables,
    count_by_school,
    grade_number,
    roster_students_not_enrolled_here,
    row_count_against,
)
from expectations.spec import Expectation, GateSettings, Suite
from expectations.suites._roster import (
    roster_students_are_enrolled_in_their_school,
    row_count_matches,
)

# Above this share of a school's students at high risk, read the school's extracts first.
MAX_PLAUSIBLE_HIGH_RISK_SHARE = 0.60


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    warning = tables.in_release_year("fct_early_warning")
    students = tables.in_release_year("dim_student")
    enrolled = students[
        students["is_enrolled_at_as_of"].fillna(False).astype(bool)
        # int_early_warning_indicators' rule, with the var the mart was built with.
        & (grade_number(students["grade_level"]) >= settings.early_warning_lowest_grade)
    ]
    listed = count_by_school(warning, "students_listed")
    high_risk = count_by_school(warning[warning["early_warning_tier"] == "high_risk"], "high_risk")
    shares = listed.merge(high_risk, on="school_id", how="left").fillna({"high_risk": 0})
    shares["high_risk_share"] = shares["high_risk"] / shares["students_listed"]
    return {
        "row_count": row_count_against(warning, enrolled),
        "roster": roster_students_not_enrolled_here(tables, warning),
        "by_school": shares[["school_id", "high_risk_share"]],
    }


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="fct_early_warning",
        frames=frames,
        expectations=(
            row_count_matches(
                "fct_early_warning",
                "dim_student rows enrolled on the as-of date in grade "
                f"{settings.early_warning_lowest_grade} or above (var "
                "k12_early_warning_lowest_grade; KG is 0, PK -1)",
            ),
            roster_students_are_enrolled_in_their_school("fct_early_warning"),
            Expectation(
                name="school_high_risk_shares_are_plausible",
                severity="warning",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "high_risk_share", "max_value": MAX_PLAUSIBLE_HIGH_RISK_SHARE},
                frame="by_school",
                checks=f"At most {MAX_PLAUSIBLE_HIGH_RISK_SHARE:.0%} of a school's listed "
                "students are in the high-risk tier.",
                why_it_matters="Higher shares happen at a struggling school, but more often "
                "mean final marks or suspensions were loaded twice; the principal should know.",
                how_to_fix="Check the school's discipline and course marks extracts and the "
                "k12_early_warning_* vars.",
            ),
        ),
    )
