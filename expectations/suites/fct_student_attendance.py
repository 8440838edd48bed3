"""fct_student_attendance in the release year: every student counted, school rates plausible."""

import pandas as pd

from expectations.frames import ReleaseTables, row_count_against
from expectations.spec import Expectation, GateSettings, Suite

# A school whose students average below 80% or above 99% attendance is far outside what US
# schools report (national averages are about 90-95%); more likely a calendar or code error.
PLAUSIBLE_SCHOOL_ATTENDANCE = (0.80, 0.99)


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    attendance = tables.in_release_year("fct_student_attendance")
    district_rows = attendance[attendance["reporting_level"] == "district"]
    school_rows = attendance[attendance["reporting_level"] == "school"]
    by_school = (
        school_rows.groupby("school_id")["attendance_rate"]
        .mean()
        .rename("mean_attendance_rate")
        .reset_index()
    )
    return {
        "row_count": row_count_against(district_rows, tables.in_release_year("dim_student")),
        "by_school": by_school,
    }


def suite(settings: GateSettings) -> Suite:
    low, high = PLAUSIBLE_SCHOOL_ATTENDANCE
    return Suite(
        table="fct_student_attendance",
        frames=frames,
        expectations=(
            Expectation(
                name="fct_student_attendance_has_a_district_row_per_student",
                severity="critical",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "rows_missing_or_extra", "min_value": 0, "max_value": 0},
                frame="row_count",
                checks="The release year has exactly one district row per dim_student row.",
                why_it_matters="A student missing from attendance is missing from chronic "
                "absence, which every packet reports against the district.",
                how_to_fix="Compare int_student_years with int_student_school_attendance for "
                "students without enrolled days; check the calendar extract.",
            ),
            Expectation(
                name="school_attendance_rates_are_plausible",
                severity="school",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "mean_attendance_rate", "min_value": low, "max_value": high},
                frame="by_school",
                checks=f"Each school's mean student attendance rate is between {low:.0%} and "
                f"{high:.0%}.",
                why_it_matters="A rate outside that range is almost always a missing calendar, "
                "a duplicated attendance file or an unmapped code, not a real school.",
                how_to_fix="Check the school's calendar and attendance extracts and "
                "var k12_attendance_codes_not_absence.",
            ),
        ),
    )
