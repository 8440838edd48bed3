"""GIVEN the built fixture warehouse with defects planted directly in a raw table and a seed
WHEN `dbt test` runs on the affected staging model and crosswalk
THEN exactly the data tests that guard against those defects fail (or warn, for rules the contract
allows to be broken), and no others. (Keys, required values, codes and ranges of the raw extracts
are ingestion's to check, once: test_dbt_staging_rules_in_ingestion.py.)"""

import duckdb
import pytest

SELECTED = ["stg_sis__enrollments", "xwalk_term"]


@pytest.fixture(scope="module")
def failed_tests(dbt, copy_of_built_warehouse):
    connection = duckdb.connect(str(copy_of_built_warehouse))
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
        ("xwalk_term", "canonical_code", "accepted_values"),
        ("xwalk_term", "source_code", "not_accepted_values"),
    }


def test_a_rule_the_contract_allows_to_break_only_warns(failed_tests):
    assert failed_tests["warn"] == {
        ("stg_sis__enrollments", None, "expression_is_true"),
    }
    assert set(failed_tests) == {"fail", "warn"}
