"""dim_school: every open school is in the release, and each can be addressed."""

import pandas as pd

from expectations.frames import ReleaseTables, open_school_coverage, open_schools
from expectations.spec import Expectation, GateSettings, Suite

# What a packet's address must look like; a deliberately loose check that it is an address.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    schools = open_schools(tables)[["school_id", "principal_email"]]
    return {
        "all_schools": tables.dim_school[["school_id", "school_status"]],
        "open_schools": schools.assign(principal_email=schools["principal_email"].fillna("")),
        "coverage": open_school_coverage(tables),
    }


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="dim_school",
        frames=frames,
        expectations=(
            Expectation(
                name="school_status_is_open_or_closed",
                severity="critical",
                gx_type="ExpectColumnValuesToBeInSet",
                kwargs={"column": "school_status", "value_set": ["open", "closed"]},
                frame="all_schools",
                checks="Every school's status is 'open' or 'closed'.",
                why_it_matters="The release sends a packet to each open school; an unknown "
                "status silently drops or adds a school.",
                how_to_fix="Map the SIS's status code in the schools extract to open or closed.",
            ),
            Expectation(
                name="dim_school_has_open_schools",
                severity="critical",
                gx_type="ExpectTableRowCountToBeBetween",
                kwargs={"min_value": 1},
                frame="open_schools",
                checks="At least one school is open.",
                why_it_matters="With no open school there is no packet to send: the schools "
                "extract is empty or its statuses are wrong.",
                how_to_fix="Check the latest SIS schools extract and its status column.",
            ),
            Expectation(
                name="every_open_school_has_students_on_the_as_of_date",
                severity="critical",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "students_enrolled_at_as_of", "min_value": 1},
                frame="coverage",
                checks="Every open school has students enrolled on the as-of date (dim_student).",
                why_it_matters="An open school without students means its enrollments were lost "
                "on the way in, so the district figures every packet compares with are wrong too.",
                how_to_fix="Look for the school in raw_quarantine.rejected_rows and in the "
                "enrollments extract; correct the export or the school's status.",
            ),
            Expectation(
                name="every_open_school_has_a_principal_email",
                severity="school",
                gx_type="ExpectColumnValuesToMatchRegex",
                kwargs={"column": "principal_email", "regex": EMAIL_PATTERN},
                frame="open_schools",
                checks="Every open school has a principal e-mail that looks like an address.",
                why_it_matters="The packet is addressed to the principal; without an address it "
                "cannot be delivered to the one person allowed to read it.",
                how_to_fix="Fill in the principal's e-mail in the SIS schools extract.",
            ),
        ),
    )
