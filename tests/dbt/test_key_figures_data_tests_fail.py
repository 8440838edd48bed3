"""GIVEN the built fixture warehouse (fixtures/raw) with defects planted in fct_school_key_figures
WHEN `dbt test` runs its data tests
THEN exactly the tests that guard against those defects fail, and no others."""

import duckdb
import pytest
from dbt_run_results import failed_nodes

DEFECTS = [
    # said to be known, with no value (the district's 2025 chronic absence is not yet known)
    "update marts.fct_school_key_figures set status = 'known' "
    "where reporting_level = 'district' and measure = 'chronic_absence' and school_year = 2025",
    # said not to apply to a high school that has the measure
    "update marts.fct_school_key_figures set status = 'not_applicable' "
    "where school_id = '0305' and measure = 'four_year_graduation_rate' and school_year = 2025",
    # the same figure twice
    "insert into marts.fct_school_key_figures select * from marts.fct_school_key_figures "
    "where school_id = '0101' and measure = 'enrollment' and school_year = 2025",
]


@pytest.fixture(scope="module")
def failed_tests(dbt, built_warehouse, copy_of_built_warehouse):
    assert built_warehouse[1].result is not None, failed_nodes(built_warehouse[1])
    connection = duckdb.connect(str(copy_of_built_warehouse))
    for statement in DEFECTS:
        assert connection.execute(statement).fetchone()[0] == 1, statement
    connection.close()

    result = dbt(
        copy_of_built_warehouse,
        "test",
        "--select",
        "fct_school_key_figures",
        "--exclude",
        "test_type:unit",
    )
    assert not result.success
    return {run.node.name for run in result.result.results if str(run.status) != "pass"}


def test_each_planted_defect_fails_the_test_that_guards_against_it(failed_tests):
    assert failed_tests == {
        "fct_school_key_figures__a_value_exactly_when_known",
        "fct_school_key_figures__not_applicable_exactly_when_the_flag_says_so",
        "fct_school_key_figures__one_row_per_year_level_school_and_measure",
    }
