"""GIVEN a tiny generated district, built once in this process, and `make ui PORT=<free port>`
serving the Dagster UI on 127.0.0.1 with every K12_* folder in the test's temporary folder
WHEN a data engineer opens the asset marts/dim_school in headless Chromium and clicks Materialize
THEN the run (dbt for that one model, its dbt tests and its two release gate checks) succeeds.

Playwright drives Debian's chromium (system package `chromium`); it never downloads a browser.
Screenshots go to the test's temporary folder; with K12_REFRESH_DOCS_SCREENSHOT=1 the asset
groups picture refreshes docs/dagster-asset-groups.png (the README's)."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from dagster import AssetSelection, DagsterInstance
from playwright.sync_api import Page, sync_playwright

from demo_district import generate_district
from orchestration.code_location import build_definitions
from orchestration.settings import Settings

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
REPO_ROOT = Path(__file__).parents[2]
DOCS_SCREENSHOT = REPO_ROOT / "docs" / "dagster-asset-groups.png"
SERVER_START_SECONDS = 120
RUN_SECONDS = 150

RUNS_QUERY = """
query { runsOrError { ... on Runs { results { runId status assetSelection { path } } } } }
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def _runs(port: int) -> list[dict]:
    return _graphql(port, RUNS_QUERY)["runsOrError"]["results"]


def _ended(run: dict) -> bool:
    return run["status"] in ("SUCCESS", "FAILURE", "CANCELED")


def _gate_check_statuses(port: int, run_id: str) -> dict[str, list[str]]:
    """check name -> the statuses of its executions in the run."""
    statuses = {}
    for check in ("dim_school_is_publishable", "dim_school_has_no_release_warnings"):
        query = (
            'query { assetCheckExecutions(assetKey: {path: ["marts", "dim_school"]}, '
            f'checkName: "{check}", limit: 5) {{ runId status }} }}'
        )
        executions = _graphql(port, query)["assetCheckExecutions"]
        statuses[check] = [e["status"] for e in executions if e["runId"] == run_id]
    return statuses


def _wait_for(condition, seconds: float, what: str, server: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the UI server exited ({server.returncode}) waiting for {what}")
        try:
            value = condition()
        except OSError:  # the server is not listening yet
            value = None
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"no {what} within {seconds} s")


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM to the whole process group (make, k12, dagster dev, its webserver, daemon and code
    servers); SIGKILL to whatever is left after a grace period."""
    os.killpg(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        server.poll()  # reap make, so a finished group is really empty
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def _build_the_warehouse(settings: Settings) -> None:
    """Every table, as in a data engineer's warehouse: dbt's (eager) indirect selection also runs
    tests of other models that touch dim_school. What is published from them is not needed."""
    defs = build_definitions(settings)
    the_warehouse = AssetSelection.all() - AssetSelection.groups("release", "published")
    job = defs.resolve_implicit_global_asset_job_def().get_subset(
        asset_selection=the_warehouse.resolve(defs.resolve_asset_graph())
    )
    # The UI's own instance (dagster.yaml, storage in tmp), so it knows the upstream is built.
    with DagsterInstance.from_config(str(REPO_ROOT)) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    failures = [e.step_failure_data.error for e in result.all_events if e.is_step_failure]
    assert result.success, [error.message if error else "" for error in failures]


def _materialize_dim_school(page: Page, port: int, screenshots: Path) -> None:
    page.goto(f"http://127.0.0.1:{port}/assets/marts/dim_school")
    button = page.locator("button", has_text="Materialize")
    button.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / "dim_school-before.png"))
    button.click()


def test_materialize_dim_school_from_the_ui(tmp_path, isolated_paths):
    refresh_docs = os.environ.get("K12_REFRESH_DOCS_SCREENSHOT") == "1"
    generate_district(isolated_paths / "landing", students=300, years=2, seed=11)
    settings = Settings.load()
    _build_the_warehouse(settings)
    port = _free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "ui", f"PORT={port}"],
        cwd=REPO_ROOT,
        env=os.environ,  # the K12_* variables of tests/conftest.py: every folder in tmp
        stdout=(tmp_path / "ui.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, k12, dagster and its children
    )
    try:
        _wait_for(lambda: _runs(port) is not None, SERVER_START_SECONDS, "UI", server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(f"http://127.0.0.1:{port}/asset-groups")
                page.get_by_text("marts", exact=True).first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")  # the graph's layout and edges
                groups = tmp_path / "dagster-asset-groups.png"
                page.screenshot(path=str(DOCS_SCREENSHOT if refresh_docs else groups))

                built = {r["runId"] for r in _runs(port)}  # the run that built the warehouse
                _materialize_dim_school(page, port, tmp_path)
                run = _wait_for(
                    lambda: [r for r in _runs(port) if r["runId"] not in built], 30, "run", server
                )[0]
                finished = _wait_for(
                    lambda: next(
                        (r for r in _runs(port) if r["runId"] == run["runId"] and _ended(r)), None
                    ),
                    RUN_SECONDS,
                    "finished run",
                    server,
                )
                gate_checks = _gate_check_statuses(port, run["runId"])
                page.goto(f"http://127.0.0.1:{port}/runs/{run['runId']}")
                page.get_by_text("Success").first.wait_for(timeout=30_000)
                page.screenshot(path=str(tmp_path / "dim_school-run.png"))
            finally:
                browser.close()
    finally:
        _stop(server)
    assert finished["status"] == "SUCCESS", (tmp_path / "ui.log").read_text()[-3000:]
    assert finished["assetSelection"] == [{"path": ["marts", "dim_school"]}]
    # The blocking check passed; the generated district may warn (an old as-of date), not fail.
    assert gate_checks["dim_school_is_publishable"] == ["SUCCEEDED"], gate_checks
    assert len(gate_checks["dim_school_has_no_release_warnings"]) == 1, gate_checks
    assert (tmp_path / "dim_school-run.png").stat().st_size > 10_000
