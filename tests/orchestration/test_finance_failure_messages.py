"""GIVEN a model's dbt tests failed, and one of them stored its failing rows with messages (the
finance tests: dbt_project/macros/finance_tests/)
WHEN `k12 run` sums up the run
THEN the summary prints what the test says to fix (the missing fund codes and the seed file),
and a test whose stored rows carry no message shows nothing of them."""

from pathlib import Path

import duckdb
from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey, MetadataValue

from orchestration.dbt_test_messages import MESSAGES_SHOWN, stored_test_messages
from orchestration.run_pipeline import RunSummary, count_checks

FUND_TEST = "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources"
NOT_NULL_TEST = "not_null_int_gl_actuals_classified_posted_cents"
MISSING_FUND = (
    "fund 250 (3 rows of int_gl_actuals_classified) is missing from "
    "dbt_project/seeds/rules/fund_sources.csv: add a row for it"
)


def _warehouse(tmp_path: Path, fund_messages: list[str]) -> Path:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema dbt_test__audit")
        con.execute(f'create table dbt_test__audit."{FUND_TEST}" (code varchar, message varchar)')
        for message in fund_messages:
            con.execute(f'insert into dbt_test__audit."{FUND_TEST}" values (?, ?)', ["x", message])
        # dbt's own tests store the rows themselves: nothing there is a message to print
        con.execute(f'create table dbt_test__audit."{NOT_NULL_TEST}" (posted_cents bigint)')
        con.execute(f'insert into dbt_test__audit."{NOT_NULL_TEST}" values (null)')
    return warehouse


def _failed_model_check(*tests: str) -> AssetCheckEvaluation:
    return AssetCheckEvaluation(
        asset_key=AssetKey(["intermediate", "int_gl_actuals_classified"]),
        check_name="int_gl_actuals_classified_passes_its_dbt_tests",
        passed=False,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "tests": MetadataValue.int(9),
            "failed_tests": MetadataValue.json(
                [{"test": test, "status": "fail", "failing_rows": 1} for test in tests]
            ),
            "warned_tests": MetadataValue.json([]),
        },
    )


def test_the_summary_prints_what_a_failed_finance_test_says(tmp_path):
    warehouse = _warehouse(tmp_path, [MISSING_FUND])
    summary = RunSummary(succeeded=False, warehouse=warehouse)

    count_checks(summary, [_failed_model_check(FUND_TEST, NOT_NULL_TEST)])

    [note] = summary.checks_to_read
    assert note.messages == (f"{FUND_TEST}: {MISSING_FUND}",)
    assert f"      says: {FUND_TEST}: {MISSING_FUND}" in summary.render().splitlines()
    assert summary.to_json()["failures"][0]["messages"] == [f"{FUND_TEST}: {MISSING_FUND}"]


def test_a_long_list_of_messages_is_cut_to_the_first_few(tmp_path):
    many = [f"fund {code} is missing" for code in range(900, 920)]
    warehouse = _warehouse(tmp_path, many)
    assert stored_test_messages(warehouse, [FUND_TEST]) == tuple(
        f"{FUND_TEST}: {message}" for message in sorted(many)[:MESSAGES_SHOWN]
    )


def test_no_messages_without_a_message_column_or_a_readable_warehouse(tmp_path):
    warehouse = _warehouse(tmp_path, [MISSING_FUND])
    assert stored_test_messages(warehouse, [NOT_NULL_TEST]) == ()
    assert stored_test_messages(tmp_path / "absent.duckdb", [FUND_TEST]) == ()
    assert stored_test_messages(None, [FUND_TEST]) == ()
    # a warehouse held open for writing cannot be read: the summary goes without its messages
    with duckdb.connect(str(warehouse)):
        assert stored_test_messages(warehouse, [FUND_TEST]) == ()
    assert stored_test_messages(warehouse, [FUND_TEST]) == (f"{FUND_TEST}: {MISSING_FUND}",)
