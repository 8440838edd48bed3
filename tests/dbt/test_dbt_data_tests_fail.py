"""GIVEN the built fixture warehouse with defects planted directly in raw tables and seeds
WHEN `dbt test` runs on the affected staging models and crosswalk
THEN exactly the data tests that guard against those defects fail (or warn, for rules the contract
allows to be broken), and no others."""

import duckdb
import pytest

SELECTED = ["stg_sis__students", "stg_sis__attendance", "stg_sis__enrollments", "xwalk_term"]


@pytest.fixture(scope="module")
def failed_tests(dbt, copy_of_built_warehouse):
    connection = duckdb.connect(str(copy_of_built_warehouse))
    # The same student twice in one school year (ingestion quarantines this; dbt must catch it too).
    connection.execute(
        "insert into raw_sis.students select * from raw_sis.students where student_id = 'S002'"
    )
    # A required value left empty.
    connection.execute(
        "insert into raw_sis.students select * replace ('S009' as student_id, "
        "'' as first_name) from raw_sis.students where student_id = 'S003'"
    )
    # A code no crosswalk maps, and a fraction of a day above 1.
    connection.execute(
        "insert into raw_sis.attendance select * replace ('Field Trip' as attendance_code) "
        "from raw_sis.attendance where _source_row_number = 1"
    )
    connection.execute(
        "insert into raw_sis.attendance select * replace ('2024-09-05' as date, "
        "'1.5' as day_fraction_absent) from raw_sis.attendance where _source_row_number = 1"
    )
    # A crosswalk row that maps to a code outside the set, and one that remaps a canonical code.
    connection.execute("insert into seeds.xwalk_term values ('Trimester 3', 'T3'), (' q1 ', 'Q2')")
    # An enrollment that ends before it starts: allowed by the contract, so only a warning.
    connection.execute(
        "insert into raw_sis.enrollments select * replace ('2024-08-01' as exit_date, "
        "'dropout' as exit_code, '2024-09-09' as entry_date) from raw_sis.enrollments "
        "where _source_row_number = 1"
    )
    connection.close()

    result = dbt(copy_of_built_warehouse, "test", "--select", *SELECTED)

    assert not result.success
    outcomes = {}
    for run in result.result.results:
        if run.node.resource_type == "test" and str(run.status) != "pass":
            node = run.node
            outcomes.setdefault(str(run.status), set()).add(
                (node.attached_node.split(".")[-1], node.column_name, node.test_metadata.name)
            )
    return outcomes


def test_each_planted_defect_fails_the_test_that_guards_against_it(failed_tests):
    assert failed_tests["fail"] == {
        ("stg_sis__students", None, "unique_combination_of_columns"),
        ("stg_sis__students", "first_name", "not_null"),
        ("stg_sis__attendance", "attendance_code", "accepted_values"),
        ("stg_sis__attendance", "day_fraction_absent", "accepted_range"),
        ("xwalk_term", "canonical_code", "accepted_values"),
        ("xwalk_term", "source_code", "not_accepted_values"),
    }


def test_a_rule_the_contract_allows_to_break_only_warns(failed_tests):
    assert failed_tests["warn"] == {
        ("stg_sis__enrollments", None, "expression_is_true"),
    }
    assert set(failed_tests) == {"fail", "warn"}
