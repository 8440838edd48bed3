"""GIVEN the asset check results of a run: dbt tests, quarantine checks and the release gate's
checks (one per mart), some passed, some warned, one failed
WHEN `k12 run` sums them up
THEN each kind is counted on its own line: a release gate warning is not a dbt test warning."""

from pathlib import Path

from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey

from expectations.frames import RELEASE_TABLES
from orchestration.run_pipeline import RunSummary, count_checks
from orchestration.settings import Paths

WARN, ERROR = AssetCheckSeverity.WARN, AssetCheckSeverity.ERROR


def _check(name: str, passed: bool, severity=ERROR) -> AssetCheckEvaluation:
    return AssetCheckEvaluation(
        asset_key=AssetKey(["marts", "any"]), check_name=name, passed=passed, severity=severity
    )


def test_release_gate_checks_are_not_counted_as_dbt_tests():
    gate = [_check(f"{table}_is_publishable", True) for table in RELEASE_TABLES[1:]]
    stale = _check("dim_school_year_is_publishable", False, WARN)  # the freshness warning
    dbt = [
        _check("not_null_dim_school_school_id", True),
        _check("unique_dim_student_student_id", True),
        _check("accepted_values_dim_school_school_status", False, WARN),
        _check("relationships_fct_early_warning_school_id", False, ERROR),
    ]
    quarantine = [
        _check("sis_enrollments_has_no_quarantined_rows", True),
        _check("sis_students_has_no_quarantined_rows", False, WARN),
    ]
    summary = RunSummary(succeeded=False)

    count_checks(summary, [*gate, stale, *dbt, *quarantine])

    assert summary.release_gate_checks == {"passed": 6, "warned": 1}
    assert summary.dbt_tests == {"passed": 2, "warned": 1, "failed": 1}
    assert summary.quarantine_checks == {"passed": 1, "warned": 1}
    lines = summary.render(Paths(*(Path("/x"),) * 4)).splitlines()
    assert "  dbt tests: 1 failed, 2 passed, 1 warned" in lines
    assert "  quarantine checks: 1 passed, 1 warned" in lines
    assert "  release gate checks (one per mart): 6 passed, 1 warned" in lines
