"""GIVEN one model's dbt test outcomes, made by hand
WHEN its one Dagster check sums them up
THEN it fails with ERROR, naming every failed test and its failing rows, when one failed or could
not run; it passes when every test passed or only warned, and counts each outcome."""

from dagster import AssetCheckSeverity, AssetKey

from orchestration.checks import dbt_tests_result
from orchestration.dbt_test_outcomes import DbtTestOutcome, ModelTests

KEY = AssetKey(["intermediate", "int_gl_actuals_classified"])


def _tests(*outcomes: DbtTestOutcome) -> ModelTests:
    return ModelTests("int_gl_actuals_classified", outcomes, upstream=())


def test_a_failed_test_fails_the_models_check_and_is_named_with_its_rows():
    result = dbt_tests_result(
        KEY,
        _tests(
            DbtTestOutcome("not_null_int_gl_actuals_classified_fiscal_year", "pass", 0),
            DbtTestOutcome(
                "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources", "fail", 33
            ),
            DbtTestOutcome("int_gl_actuals_classified__ledger_codes_fit", "error", None),
            DbtTestOutcome(
                "int_gl_actuals_classified__every_ledger_location_is_in_the_chart", "warn", 2
            ),
        ),
    )
    assert result.check_name == "int_gl_actuals_classified_passes_its_dbt_tests"
    assert (result.passed, result.severity) == (False, AssetCheckSeverity.ERROR)
    assert result.description == (
        "Failed: int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources (fail, 33 failing "
        "rows), int_gl_actuals_classified__ledger_codes_fit (error)."
    )
    metadata = {key: value.value for key, value in result.metadata.items()}
    assert (metadata["tests"], metadata["passed"], metadata["warned"], metadata["failed"]) == (
        4,
        1,
        1,
        2,
    )
    assert metadata["failed_tests"][0] == {
        "test": "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources",
        "status": "fail",
        "failing_rows": 33,
    }


def test_passed_and_warned_tests_pass_the_check():
    result = dbt_tests_result(
        KEY,
        _tests(
            DbtTestOutcome("not_null_int_gl_actuals_classified_fiscal_year", "pass", 0),
            DbtTestOutcome(
                "int_gl_actuals_classified__every_ledger_location_is_in_the_chart", "warn", 2
            ),
        ),
    )
    assert result.passed
    assert result.description == "Every dbt test passed or warned."
    assert result.metadata["warned_tests"].value == [
        "int_gl_actuals_classified__every_ledger_location_is_in_the_chart"
    ]
