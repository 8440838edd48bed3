"""`k12 run` from start to end: one run at a time, clean what a killed run left, run only what
changed (or say "nothing new"), remember a success, tell whoever asked to be told."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime

from orchestration.run_lock import RunLockBusy, run_lock
from orchestration.run_plan import RunPlan, plan_run, record_success
from orchestration.scratch import clean_leftovers
from orchestration.settings import Settings

EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the warehouse; try again later


def run_command(
    settings: Settings,
    *,
    wait_seconds: float,  # `k12 run --wait`, whose default (0) is the one home
    full: bool = False,
    verbose: bool = False,
    echo: Callable[[str], None] = print,
) -> int:
    """Run the pipeline once; returns the process's exit code."""
    started = time.monotonic()
    started_at = datetime.now(UTC)

    def clean() -> None:
        clean_leftovers(
            settings.scratch_dir, settings.archive_dir, settings.release_dir, settings.analyst_db
        )

    try:
        with run_lock(settings.warehouse, wait_seconds, on_acquire=clean):
            plan = plan_run(settings, force=full)
            if plan.nothing_new:
                lines = [
                    "k12 run: nothing new since the last successful run: no landing file, "
                    "model, seed, var, setting or code changed, so nothing ran "
                    f"({time.monotonic() - started:.1f} s). `k12 run --full` runs everything.",
                    *(f"  still not loaded: {line}" for line in _files_waiting(settings)),
                ]
                for line in lines:
                    echo(line)
                _tell(settings, "nothing_new", "\n".join(lines), started_at, echo)
                return 0
            echo(f"k12 run: {_describe(plan)}")
            try:
                return _run_dagster(settings, plan, verbose, echo)
            finally:
                clean()  # no file with student data outlives the run
    except RunLockBusy as busy:
        line = f"k12 run: not started: {busy}"
        echo(line)
        _tell(settings, "not_started", line, started_at, echo)
        return EXIT_BUSY


def _tell(settings: Settings, outcome: str, note: str, started_at: datetime, echo) -> None:
    """A run that ran no step still tells the notifier (K12_NOTIFY_COMMAND, _WEBHOOK)."""
    if not (settings.notify_command or settings.notify_webhook):
        return
    from orchestration.notify import notify
    from orchestration.run_report import RunSummary

    summary = RunSummary(
        succeeded=outcome == "nothing_new",
        outcome=outcome,
        note=note,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        warehouse=settings.warehouse,
        landing_dir=settings.landing_dir,
        release_dir=settings.release_dir,
    )
    notify(summary, settings, echo=echo)


def _files_waiting(settings: Settings) -> list[str]:
    """Held and refused files (names and counts only), so "nothing new" never hides them."""
    import duckdb

    from ingestion.quarantine import unloaded_files

    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            files = unloaded_files(con)
    except duckdb.Error:  # no warehouse yet
        return []
    return [f"{file['path']} ({file['status']}: {file['reason']})" for file in files]


def _describe(plan: RunPlan) -> str:
    if plan.everything:
        return f"running everything ({plan.reason})"
    extracts = ", ".join("/".join(key) for key in plan.changed_extracts)
    return f"loading {extracts} and rebuilding what depends on them"


def _run_dagster(settings: Settings, plan: RunPlan, verbose: bool, echo) -> int:
    # Dagster's instance reads dagster.yaml from DAGSTER_HOME, and its storage folders from the
    # variables dagster.yaml names: the environment is its only way in.
    os.environ.update(settings.dagster_env())
    from dagster import AssetKey, AssetSelection, DagsterInstance

    from orchestration.code_location import build_definitions
    from orchestration.run_pipeline import notify, run_everything

    defs = build_definitions(settings)
    selection = None
    if not plan.everything:
        changed = [AssetKey(list(key)) for key in plan.changed_extracts]
        selection = AssetSelection.assets(*changed).downstream()
    with DagsterInstance.get() as instance:
        summary = run_everything(
            defs, settings, instance=instance, echo=echo, verbose=verbose, selection=selection
        )
    if summary.succeeded:
        record_success(settings, plan)
    echo(summary.render())
    notify(summary, settings)
    return 0 if summary.succeeded else 1
