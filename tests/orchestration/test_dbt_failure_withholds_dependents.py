"""GIVEN a small generated district whose ledger has one posting to a fund no `fund_sources` row
names (a finance data test fails on it)
WHEN the whole pipeline runs as `k12 run` runs it (run_everything on the real definitions)
THEN every model is still built and the gate and the release run: the finance marts downstream of
the failed test are marked not publishable, the other marts publishable, every open school's
packet is released; the run still fails, naming the failed test and its model; each model's
tests are one Dagster check, not one per test; and only the first dbt parse of the run was full.
"""

import csv
import json
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from demo_district import generate_district
from orchestration.code_location import build_definitions
from orchestration.release_gate import gate_result_folder, load_gate_result
from orchestration.run_pipeline import run_everything
from orchestration.settings import Settings

pytestmark = pytest.mark.slow

UNKNOWN_FUND = "9999"  # in no row of seeds/rules/fund_sources.csv
FINANCE_MODELS = {
    "int_gl_actuals_classified",
    "int_school_spending_summed",
    "int_school_budget_totals_summed",
    "fct_school_spending",
    "fct_school_budget",
    "fct_school_budget_lines",
}


def _plant_unknown_fund(landing: Path) -> int:
    """Copy the ledger's first posting with a fund no seed names; returns the file's year."""
    path = sorted((landing / "finance" / "gl_actuals").glob("*.csv"))[-1]
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    planted = {**rows[0], "fund": UNKNOWN_FUND}
    with path.open("a", newline="", encoding="utf-8") as file:
        csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n").writerow(planted)
    return int(path.stem)


@pytest.fixture(scope="module")
def failed_finance_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("finance_failure")
    env = {
        "K12_LANDING_DIR": str(root / "landing"),
        "K12_WAREHOUSE": str(root / "warehouse.duckdb"),
        "K12_ARCHIVE_DIR": str(root / "archive"),
        "K12_RELEASE_DIR": str(root / "releases"),
        "K12_ANALYST_DB": str(root / "analytics.duckdb"),
        "K12_EXPORT_DIR": str(root / "exports"),
        "K12_WORK_DIR": str(root / "work"),
        "K12_LOG_DIR": str(root / "logs"),
        "K12_RELEASE_FRESHNESS_DAYS": "100000",  # the generated district's dates are fixed
    }
    generate_district(root / "landing", students=300, years=1, seed=7)
    _plant_unknown_fund(root / "landing")
    settings = Settings.load(env=env)
    lines: list[str] = []
    with DagsterInstance.ephemeral() as instance:
        summary = run_everything(
            build_definitions(settings), settings, instance=instance, echo=lines.append
        )
    return settings, summary, lines


def test_the_run_fails_and_names_the_failed_test_and_its_model(failed_finance_run):
    _, summary, _ = failed_finance_run
    assert not summary.succeeded
    # No step up to the release failed: the dbt step built everything, then tested.
    release_path = {"dbt_models", "release_gate", "principal_packets"}
    assert [failure for failure in summary.failures if failure.step in release_path] == []
    failed = {note.name: note for note in summary.checks_to_read if note.outcome == "failed"}
    # The unknown fund fails the ledger's fund test, and the spending sums built on it no longer
    # add up: every failed check is a finance model's.
    assert "int_gl_actuals_classified_passes_its_dbt_tests" in failed
    assert set(failed) <= {f"{model}_passes_its_dbt_tests" for model in FINANCE_MODELS}
    assert {note.kind for note in failed.values()} == {"dbt test"}
    assert (
        "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources (fail, 1 failing row"
        in failed["int_gl_actuals_classified_passes_its_dbt_tests"].reason
    )
    text = summary.render()
    assert text.startswith("k12 run FAILED")
    assert "failed dbt test int_gl_actuals_classified_passes_its_dbt_tests" in text
    assert summary.dbt_tests["failed"] >= len(failed) and summary.dbt_tests["passed"] > 100


def test_the_finance_marts_are_withheld_and_the_others_released(failed_finance_run):
    settings, summary, _ = failed_finance_run
    gate, _ = load_gate_result(gate_result_folder(settings, summary.run_id)) or (None, None)
    # The scratch folder is emptied only by the next run: this run's gate result is still there.
    assert gate is not None
    withheld = gate.withheld_marts
    assert {"int_gl_actuals_classified", "fct_school_spending"} <= set(withheld)
    assert withheld["fct_school_spending"].startswith("withheld: checks failed; ")
    assert (
        "dbt tests failed upstream: int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources"
        " on int_gl_actuals_classified" in withheld["fct_school_spending"]
    )
    # Nothing that reads no ledger is withheld.
    for mart in ("dim_school", "dim_student", "fct_student_attendance", "fct_on_track_summary"):
        assert gate.mart_is_publishable(mart), mart
    assert not any(name.startswith(("stg_sis", "dim_", "fct_student")) for name in withheld)
    # The release went out, every open school's packet with it.
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        assert connection.sql("select count(*) from marts.fct_school_spending").fetchone()[0] > 0
    manifest = json.loads((settings.release_dir / "latest" / "manifest.json").read_text())
    assert summary.release["schools_released"] == len(manifest["schools_released"]) > 1
    assert summary.release["schools_withheld"] == 0


def test_dbt_tests_are_one_check_per_model_and_parsing_was_full_only_once(failed_finance_run):
    settings, summary, lines = failed_finance_run
    checks = summary.dbt_tests.total()
    assert checks > 300  # the tests, counted from the per-model checks' metadata...
    log = summary.log_file.read_text(encoding="utf-8")
    # ...while Dagster recorded one check evaluation per model with tests, never one per test
    evaluations = log.count(" - ASSET_CHECK_EVALUATION - ")
    assert 0 < evaluations < checks / 3
    assert "_passes_its_dbt_tests" in log
    # dbt's own log in the target folder: the code location's parse was the only full one; the
    # build and the tests reused its partial_parse.msgpack (and read only the files changed since).
    # dbt writes its log as JSON under dagster-dbt, and rotates it (dbt.log.1, ...) at 10 MB.
    invocations: dict[str, list] = {}
    for path in settings.dbt_target_dir.glob("dbt.log*"):
        for line in path.read_text(encoding="utf-8").splitlines():
            info = json.loads(line)["info"]
            invocations.setdefault(info["invocation_id"], []).append((info["ts"], info["msg"]))
    in_order = sorted(invocations.values(), key=min)
    full = [any("Unable to do partial parsing" in m for _, m in inv) for inv in in_order]
    partial = [any("Partial parsing enabled" in m for _, m in inv) for inv in in_order]
    assert full == [True, False, False] and partial == [False, True, True]
    assert any("dbt build: done" in line for line in lines)
