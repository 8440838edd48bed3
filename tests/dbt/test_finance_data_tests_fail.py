"""GIVEN the built fixture warehouse (fixtures/raw) with finance defects planted in its raw ledger
and budget: a posting with neither a date nor a fiscal period, a posting at a location the chart
does not list, a 5-digit function code, a fund no seed row has, and a budget line at an unmapped
location with a 5-digit function and a 2-digit object code
WHEN the finance intermediates are rebuilt and tested
THEN exactly the finance tests that guard against those defects fail (or warn), and each stored
message names the file, line, code or seed to fix."""

import duckdb
import pytest
from dbt_run_results import failed_nodes

LEDGER_COLUMNS = (
    "posting_date, fund, function, object, location, program, amount, record_type, "
    "fiscal_period, _school_year, _source_row_number"
)
PLANTED_LEDGER = [
    # no date and no period: nothing to count it on
    "('', '100', '1000', '110', '0101', '', '10.00', '', '', 2025, 90)",
    # a location the 2025 chart does not list
    "('2024-09-01', '100', '1000', '110', 'X77', '', '20.00', '', '', 2025, 91)",
    # a function code wider than the declared 4 digits
    "('2024-09-01', '100', '10000', '110', '0101', '', '30.00', '', '', 2025, 92)",
    # a fund missing from seeds/rules/fund_sources.csv
    "('2024-09-01', '999', '1000', '110', '0101', '', '40.00', '', '', 2025, 93)",
]
PLANTED_BUDGET = (
    "insert into raw_finance.budget (fund, function, object, location, program, amount, "
    "budget_version, _school_year, _source_row_number) "
    "values ('100', '10000', '11', 'X88', '', '5.00', 'adopted', 2025, 90)"
)


@pytest.fixture(scope="module")
def finance_tests(dbt, built_warehouse, copy_of_built_warehouse):
    assert built_warehouse[1].result is not None, failed_nodes(built_warehouse[1])
    connection = duckdb.connect(str(copy_of_built_warehouse))
    for row in PLANTED_LEDGER:
        connection.execute(f"insert into raw_finance.gl_actuals ({LEDGER_COLUMNS}) values {row}")
    connection.execute(PLANTED_BUDGET)
    connection.close()

    # built first and tested after, as a production run does: a failed test skips nothing
    models = ["int_gl_postings_dated", "int_gl_actuals_classified", "int_budget_lines_versioned"]
    built = dbt(copy_of_built_warehouse, "run", "--select", *models)
    assert built.success, failed_nodes(built)
    result = dbt(
        copy_of_built_warehouse,
        "test",
        "--select",
        *models,
        "finance_segment_code_widths",
        "fund_sources",
        "--indirect-selection",
        "cautious",
        "--exclude-resource-type",
        "unit_test",
    )
    assert not result.success
    outcomes = {}
    for run in result.result.results:
        if str(run.status) not in ("pass", "success"):
            outcomes.setdefault(str(run.status), set()).add(run.node.name)
    connection = duckdb.connect(str(copy_of_built_warehouse), read_only=True)
    yield outcomes, connection
    connection.close()


def messages(connection, test: str) -> list[str]:
    rows = connection.sql(f'select message from dbt_test__audit."{test}" order by message')
    return [message for (message,) in rows.fetchall()]


def test_exactly_the_finance_tests_guarding_the_defects_fail(finance_tests):
    outcomes, _ = finance_tests
    assert outcomes == {
        "fail": {
            "int_gl_postings_dated__every_posting_has_a_date_or_a_fiscal_period",
            "int_gl_actuals_classified__ledger_codes_fit_the_segment_widths",
            "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources",
            "int_budget_lines_versioned__every_budget_location_is_mapped",
            "int_budget_lines_versioned__budget_codes_fit_the_segment_widths",
        },
        # the fixture's own posting at 0010 warned already; X77 joins it
        "warn": {"int_gl_actuals_classified__every_ledger_location_is_in_the_chart_of_accounts"},
    }


def test_a_posting_without_a_date_or_period_is_named_by_file_line_and_column(finance_tests):
    _, connection = finance_tests
    assert messages(
        connection, "int_gl_postings_dated__every_posting_has_a_date_or_a_fiscal_period"
    ) == [
        "finance/gl_actuals/2025.csv line 91, column posting_date: empty, and no fiscal_period "
        "to date the row by"
    ]


def test_codes_that_do_not_fit_the_widths_are_named_with_the_segment(finance_tests):
    _, connection = finance_tests
    assert messages(
        connection, "int_gl_actuals_classified__ledger_codes_fit_the_segment_widths"
    ) == [
        "ledger function codes in int_gl_actuals_classified (e.g. 10000) are wider than 4 "
        "digits (seed finance_segment_code_widths)"
    ]
    # the budget's 2-digit object among 3-digit ones may have lost a leading zero: it fits
    assert messages(
        connection, "int_budget_lines_versioned__budget_codes_fit_the_segment_widths"
    ) == [
        "ledger function codes in int_budget_lines_versioned (e.g. 10000) are wider than 4 "
        "digits (seed finance_segment_code_widths)"
    ]


def test_missing_fund_and_unmapped_locations_name_what_to_add_where(finance_tests):
    _, connection = finance_tests
    assert messages(
        connection, "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources"
    ) == [
        "fund 999 (1 rows of int_gl_actuals_classified) is missing from "
        "dbt_project/seeds/rules/fund_sources.csv: add a row for it"
    ]
    assert messages(connection, "int_budget_lines_versioned__every_budget_location_is_mapped") == [
        "budget location X88 (fiscal year 2025, fund 100, function 10000, object 11) is not in "
        "the chart of accounts: add it to finance/chart_of_accounts/2025.csv"
    ]
    located = messages(
        connection, "int_gl_actuals_classified__every_ledger_location_is_in_the_chart_of_accounts"
    )
    assert (
        "ledger location X77 (fiscal year 2025, ledger row 2025-91) is not in the chart of "
        "accounts: add it to finance/chart_of_accounts/2025.csv"
    ) in located
