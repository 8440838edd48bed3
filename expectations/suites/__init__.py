"""One suite per published table, in the order the report lists them."""

from expectations.spec import GateSettings, Suite
from expectations.suites import (
    dim_school,
    dim_school_year,
    dim_student,
    fct_early_warning,
    fct_on_track_summary,
    fct_student_attendance,
    fct_student_on_track,
)

SUITE_MODULES = (
    dim_school_year,
    dim_school,
    dim_student,
    fct_student_attendance,
    fct_on_track_summary,
    fct_student_on_track,
    fct_early_warning,
)
PUBLISHED_TABLES = tuple(module.__name__.rsplit(".", 1)[1] for module in SUITE_MODULES)


def all_suites(settings: GateSettings) -> list[Suite]:
    return [module.suite(settings) for module in SUITE_MODULES]
