"""GIVEN hand-made gate results: a clean gate, a critical failure, a school failure that withholds
one school, a warning, and a school failure that names no school
WHEN the release gate turns them into Dagster check results
THEN the blocking `_is_publishable` check fails (ERROR) only when the release is blocked, on every
mart; the mart's `_has_no_release_warnings` check fails with WARN for withheld schools and warnings,
so Dagster shows a warning, not a failed blocking check, when the release went out."""

from datetime import date

from dagster import AssetCheckKey, AssetCheckSeverity, AssetKey

from expectations.frames import RELEASE_TABLES
from expectations.runner import ExpectationResult, GateResult
from expectations.spec import GateSettings
from orchestration.dbt_test_outcomes import DbtTestOutcome, ModelTests, save_outcomes
from orchestration.release_gate import (
    PUBLISHABLE_CHECK_SUFFIX,
    RELEASE_GATE_CHECK_SUFFIXES,
    RELEASE_WARNINGS_CHECK_SUFFIX,
    gate_check_results,
    with_dbt_verdicts,
)

ASSET_KEYS = {table: AssetKey(["marts", table]) for table in RELEASE_TABLES}
EVERY_CHECK = {
    AssetCheckKey(ASSET_KEYS[table], f"{table}{suffix}")
    for table in RELEASE_TABLES
    for suffix in RELEASE_GATE_CHECK_SUFFIXES
}
REPORT = "/releases/validation_runs/r1/validation.html"
SETTINGS = GateSettings(
    freshness_days=14,
    max_rate_change=0.15,
    max_count_change=0.25,
    today=date(2026, 2, 5),
    early_warning_lowest_grade=6,
)


def _expectation(table, name, severity, success=False, school_ids=(), unexpected=None):
    return ExpectationResult(
        table=table,
        name=name,
        severity=severity,
        success=success,
        checks="",
        why_it_matters="",
        how_to_fix="",
        gx_type="expect_x",
        frame=table,
        element_count=7 if unexpected is not None else None,
        unexpected_count=unexpected,
        school_ids=tuple(school_ids),
    )


PASSING = [
    _expectation("dim_school", "dim_school_ids_are_unique", "critical", success=True),
    _expectation("fct_early_warning", "fct_early_warning_tiers_are_known", "school", True),
]
CRITICAL = _expectation(
    "fct_student_attendance", "attendance_has_a_district_row", "critical", unexpected=1
)
SCHOOL = _expectation(
    "fct_early_warning", "roster_students_are_enrolled", "school", school_ids=["101"], unexpected=1
)
STALE = _expectation("dim_school_year", "as_of_date_is_within_the_freshness_window", "warning")
SCHOOL_NAMING_NONE = _expectation("dim_student", "race_codes_are_known", "school", unexpected=2)


def _results(*failures, selected=EVERY_CHECK):
    gate = GateResult(2026, "2026-01-31", SETTINGS, (*PASSING, *failures))
    results = gate_check_results(gate, ASSET_KEYS, selected, REPORT)
    return {result.check_name: result for result in results}


def _outcome(result):
    return result.passed, result.severity


def _failing_names(result):
    return [failure["name"] for failure in result.metadata["failing_expectations"].value]


OK = (True, AssetCheckSeverity.ERROR)
BLOCKED = (False, AssetCheckSeverity.ERROR)
NO_WARNING = (True, AssetCheckSeverity.WARN)
WARNED = (False, AssetCheckSeverity.WARN)


def test_a_clean_gate_passes_all_fourteen_checks():
    results = _results()

    assert len(results) == 2 * len(RELEASE_TABLES) == 14
    assert {_outcome(r) for n, r in results.items() if n.endswith("_is_publishable")} == {OK}
    assert {_outcome(r) for n, r in results.items() if n.endswith("_warnings")} == {NO_WARNING}
    publishable = results["dim_school_is_publishable"]
    assert publishable.metadata["expectations"].value == 1
    assert publishable.metadata["report"].value == REPORT
    assert publishable.metadata["release_year"].value == 2026
    assert publishable.description == "The release may go out: no critical expectation failed."


def test_a_critical_failure_fails_every_blocking_check_and_names_the_expectation():
    results = _results(CRITICAL)

    for table in RELEASE_TABLES:
        assert _outcome(results[f"{table}{PUBLISHABLE_CHECK_SUFFIX}"]) == BLOCKED, table
        assert results[f"{table}{PUBLISHABLE_CHECK_SUFFIX}"].metadata[
            "release_blocked_by"
        ].value == ["attendance_has_a_district_row"]
    attendance = results["fct_student_attendance_is_publishable"]
    assert _failing_names(attendance) == ["attendance_has_a_district_row"]
    assert attendance.metadata["blocking_failures"].value == 1
    assert attendance.description == "The release is blocked by attendance_has_a_district_row."
    # Another mart's check fails too, but lists no failure of its own.
    assert _failing_names(results["dim_school_is_publishable"]) == []
    # A critical failure is not also a warning.
    assert _outcome(results["fct_student_attendance_has_no_release_warnings"]) == NO_WARNING


def test_a_school_failure_warns_on_its_mart_only_and_the_release_goes_out():
    results = _results(SCHOOL)

    warning = results["fct_early_warning_has_no_release_warnings"]
    assert _outcome(warning) == WARNED
    assert warning.metadata["school_ids_failing"].value == ["101"]
    assert _failing_names(warning) == ["roster_students_are_enrolled"]
    assert warning.metadata["failing_expectations"].value[0]["unexpected_count"] == 1
    assert warning.description == "Packets withheld for schools 101."
    assert _outcome(results["fct_early_warning_is_publishable"]) == OK
    others = {n: r for n, r in results.items() if n != warning.check_name}
    assert {_outcome(r) for n, r in others.items() if n.endswith("_warnings")} == {NO_WARNING}


def test_a_warning_only_gate_warns_and_blocks_nothing():
    results = _results(STALE)

    stale = results["dim_school_year_has_no_release_warnings"]
    assert _outcome(stale) == WARNED
    assert stale.metadata["school_ids_failing"].value == []
    assert stale.description == "Warnings: as_of_date_is_within_the_freshness_window."
    assert {_outcome(r) for n, r in results.items() if n.endswith("_is_publishable")} == {OK}


def test_a_school_failure_naming_no_school_blocks_instead_of_warning():
    results = _results(SCHOOL_NAMING_NONE, STALE)

    assert _outcome(results["dim_student_is_publishable"]) == BLOCKED
    assert _failing_names(results["dim_student_is_publishable"]) == ["race_codes_are_known"]
    assert _outcome(results["dim_student_has_no_release_warnings"]) == NO_WARNING
    assert _outcome(results["dim_school_year_has_no_release_warnings"]) == WARNED


def test_only_the_selected_checks_are_returned():
    selected = {
        AssetCheckKey(ASSET_KEYS["dim_school"], f"dim_school{RELEASE_WARNINGS_CHECK_SUFFIX}")
    }

    assert list(_results(STALE, selected=selected)) == ["dim_school_has_no_release_warnings"]


def test_a_mart_whose_dbt_tests_failed_is_withheld_with_a_warning_that_blocks_nothing(tmp_path):
    # GIVEN this run's dbt tests: 4 rows of fct_student_attendance fail a relationships test
    by_model = {
        "fct_student_attendance": ModelTests(
            "fct_student_attendance",
            (DbtTestOutcome("relationships_fct_student_attendance_student_id", "fail", 4),),
            upstream=("dim_student",),
        ),
        "dim_student": ModelTests("dim_student", (), upstream=()),
    }
    save_outcomes(tmp_path / "dbt", by_model)
    gate = with_dbt_verdicts(
        GateResult(2026, "2026-01-31", SETTINGS, tuple(PASSING)), tmp_path / "dbt"
    )
    # WHEN the gate turns it into checks
    results = {r.check_name: r for r in gate_check_results(gate, ASSET_KEYS, EVERY_CHECK, REPORT)}
    # THEN that mart's publishable check fails with WARN (the release goes on without it)...
    attendance = results["fct_student_attendance_is_publishable"]
    assert _outcome(attendance) == (False, AssetCheckSeverity.WARN)
    reason = (
        "withheld: checks failed; its dbt tests failed: "
        "relationships_fct_student_attendance_student_id on fct_student_attendance"
    )
    assert attendance.metadata["withheld_because"].value == reason
    assert gate.mart_withheld_reason("fct_student_attendance") == reason
    # ...and every other mart stays publishable, the one upstream of it included
    others = [
        r for n, r in results.items() if n.endswith("_is_publishable") and r is not attendance
    ]
    assert {_outcome(r) for r in others} == {OK}
    assert gate.mart_is_publishable("dim_student")
    assert gate.withheld_marts == {"fct_student_attendance": reason}


def test_without_dbt_in_the_run_no_mart_is_judged(tmp_path):
    gate = GateResult(2026, "2026-01-31", SETTINGS, tuple(PASSING))
    assert with_dbt_verdicts(gate, tmp_path / "no dbt step") is gate
    assert gate.mart_is_publishable("fct_school_spending")
    assert gate.mart_withheld_reason("fct_school_spending") is None
