"""dim_student in the release year: the roster spine every packet is cut from."""

import pandas as pd

from expectations.frames import ReleaseTables
from expectations.spec import Expectation, GateSettings, Suite

# The canonical codes of the export contract (seeds xwalk_grade_level, xwalk_sex,
# xwalk_race_ethnicity): the codes a packet knows how to label.
GRADE_LEVELS = ["PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
SEXES = ["F", "M", "X"]
RACE_ETHNICITIES = [
    "american_indian",
    "asian",
    "black",
    "hispanic",
    "pacific_islander",
    "two_or_more",
    "white",
]


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    return {"release_year": tables.in_release_year("dim_student")}


def _code_in_set(column: str, codes: list[str], seed: str, label: str) -> Expectation:
    return Expectation(
        name=f"dim_student_{column}_codes_are_known",
        severity="school",
        gx_type="ExpectColumnValuesToBeInSet",
        kwargs={"column": column, "value_set": codes},
        checks=f"Every release-year student's {label} is one of the contract's codes.",
        why_it_matters=f"A student with an unknown {label} falls out of the packet's subgroup "
        "tables, so that school's counts would not add up.",
        how_to_fix=f"Add the district's spelling to seed {seed} (canonical code) and rerun dbt.",
    )


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="dim_student",
        frames=frames,
        expectations=(
            Expectation(
                name="dim_student_has_release_year_students",
                severity="critical",
                gx_type="ExpectTableRowCountToBeBetween",
                kwargs={"min_value": 1},
                checks="dim_student has students in the release year.",
                why_it_matters="Without them every packet is empty and every roster check "
                "passes vacuously.",
                how_to_fix="Check the current year's SIS enrollments extract and var "
                "k12_as_of_date, then rerun dbt.",
            ),
            Expectation(
                name="dim_student_enrollment_on_the_as_of_date_is_known",
                severity="critical",
                gx_type="ExpectColumnValuesToNotBeNull",
                kwargs={"column": "is_enrolled_at_as_of"},
                checks="is_enrolled_at_as_of is never null in the release year (dbt tests the "
                "other key columns).",
                why_it_matters="Rosters hold only students enrolled in the school on the as-of "
                "date (FERPA); an unknown flag would let the release guess.",
                how_to_fix="Check int_student_years for enrollment spells without dates.",
            ),
            _code_in_set("grade_level", GRADE_LEVELS, "xwalk_grade_level", "grade level"),
            _code_in_set("sex", SEXES, "xwalk_sex", "sex"),
            _code_in_set(
                "race_ethnicity", RACE_ETHNICITIES, "xwalk_race_ethnicity", "race/ethnicity"
            ),
        ),
    )
