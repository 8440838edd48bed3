"""fct_student_on_track in the release year: the off-track roster's source."""

import pandas as pd

from expectations.frames import (
    ReleaseTables,
    roster_students_not_enrolled_here,
    row_count_against,
)
from expectations.spec import GateSettings, Suite
from expectations.suites._roster import (
    roster_students_are_enrolled_in_their_school,
    row_count_matches,
)

HIGH_SCHOOL_GRADES = ["09", "10", "11", "12"]


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    on_track = tables.in_release_year("fct_student_on_track")
    students = tables.in_release_year("dim_student")
    # Rosters list students the mart itself places in the school on the as-of date.
    roster = on_track[on_track["is_enrolled_at_as_of"].fillna(False).astype(bool)]
    return {
        "row_count": row_count_against(
            on_track, students[students["grade_level"].isin(HIGH_SCHOOL_GRADES)]
        ),
        "roster": roster_students_not_enrolled_here(tables, roster),
    }


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="fct_student_on_track",
        frames=frames,
        expectations=(
            row_count_matches("fct_student_on_track", "dim_student rows in grades 9-12"),
            roster_students_are_enrolled_in_their_school("fct_student_on_track"),
        ),
    )
