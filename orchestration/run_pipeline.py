"""Run the whole graph in this process for `k12 run`: progress on the console, everything else in
the run's log file (orchestration/run_log.py), and a summary of what happened at the end.

Dagster runs in the calling thread, so Ctrl-C reaches it as usual; a watcher thread turns the
run's events, which the run's Dagster logger hands over, into the few console lines of
orchestration/progress.py, and prints a heartbeat when a stage is quiet.
"""

import queue
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dagster import (
    AssetCheckEvaluation,
    AssetKey,
    AssetSelection,
    DagsterEvent,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
)
from dagster._core.utils import make_new_run_id

from orchestration.automation import JOB_NAME
from orchestration.notify import notify
from orchestration.progress import (
    DBT_STEP,
    CheckEvaluated,
    Materialized,
    RunProgress,
    StepEnded,
    StepStarted,
    dbt_line_event,
)
from orchestration.run_log import (
    LOGGER_KEY,
    ConsoleRouting,
    DagsterRecords,
    RunLog,
    dagster_logger,
    log_path_for,
    run_output_to_log,
)
from orchestration.run_reasons import (
    GATE_KIND,
    QUARANTINE_KIND,
    UNLOADED_KIND,
    check_kind,
    check_note,
    check_outcome,
    failure_cause,
)
from orchestration.run_report import RunSummary, StepFailure, one_line

# `k12 run` (orchestration/run_command.py) imports these from here.
__all__ = ["RunSummary", "notify", "run_everything", "summarize"]

_TICK_SECONDS = 1.0  # how often the watcher looks at a quiet stage
_STEP_ENDS = {
    DagsterEventType.STEP_SUCCESS: "succeeded",
    DagsterEventType.STEP_FAILURE: "failed",
    DagsterEventType.STEP_SKIPPED: "skipped",
}


@dataclass(frozen=True)
class _RunEnded:
    at: float
    succeeded: bool


def run_everything(
    defs: Definitions,
    settings,
    *,
    instance: DagsterInstance | None = None,
    echo: Callable[[str], None] | None = None,
    verbose: bool = False,
    selection: AssetSelection | None = None,
) -> RunSummary:
    """Materialize every asset of `defs` (job materialize_everything) in this process, or the
    assets of `selection` and their checks.

    `settings` gives landing_dir, warehouse, archive_dir, release_dir and log_dir. `echo` prints
    a console line (default print); with `verbose`, Dagster's and dbt's log lines are echoed too.
    Without `instance`, Dagster's own (DAGSTER_HOME's dagster.yaml) records the run."""
    echo = echo or print
    started_at = datetime.now(UTC)
    started = time.monotonic()
    run_id = make_new_run_id()
    summary = RunSummary(
        succeeded=False,
        run_id=run_id,
        started_at=started_at,
        log_file=log_path_for(Path(settings.log_dir), started_at, run_id),
        warehouse=Path(settings.warehouse),
        landing_dir=Path(settings.landing_dir),
        archive_dir=Path(settings.archive_dir),
        release_dir=Path(settings.release_dir),
    )
    echo(f"k12 run started {started_at:%Y-%m-%d %H:%M:%S} UTC; log: {summary.log_file}")

    def clock() -> float:
        return time.monotonic() - started

    observed: queue.SimpleQueue = queue.SimpleQueue()
    run_log = RunLog(summary.log_file, ConsoleRouting(), echo if verbose else None)
    run_log.line_listeners.append(lambda line: _observe_dbt_line(line, observed, clock))
    records = DagsterRecords(run_log, lambda event: _observe_event(event, observed, clock))
    selected = selection.resolve(defs.resolve_asset_graph()) if selection is not None else None
    progress = RunProgress(ingestion_steps=raw_extract_steps(defs, selected))
    watcher = threading.Thread(
        target=_show_progress, args=(observed, progress, echo, run_log, clock), daemon=True
    )
    result = None
    try:
        with run_output_to_log(run_log):
            watcher.start()
            try:
                result = _execute(defs, records, instance, run_id, selected)
            except Exception as error:  # Dagster could not run the job at all
                run_log.write(traceback.format_exc())
                cause = one_line(f"{type(error).__name__}: {error}")
                summary.failures.append(StepFailure("run", cause))
            finally:
                observed.put(_RunEnded(clock(), result is not None and result.success))
                watcher.join()
    finally:
        run_log.close()
    summary.finished_at = datetime.now(UTC)
    if result is not None:
        summarize(result, summary)
    if summary.release:
        summary.first_packet = first_packet(Path(settings.release_dir))
    return summary


def _execute(
    defs: Definitions,
    records: DagsterRecords,
    instance: DagsterInstance | None,
    run_id: str,
    selected: AbstractSet[AssetKey] | None,
) -> ExecuteInProcessResult:
    # Naming the run's logger in the run config is what replaces Dagster's console logger.
    job = defs.resolve_job_def(JOB_NAME).with_logger_defs({LOGGER_KEY: dagster_logger(records)})
    run = {"run_config": {"loggers": {LOGGER_KEY: {}}}, "raise_on_error": False, "run_id": run_id}
    if selected is not None:
        run["asset_selection"] = sorted(selected, key=lambda key: key.path)
    if instance is not None:
        return job.execute_in_process(instance=instance, **run)
    with DagsterInstance.get() as own_instance:
        return job.execute_in_process(instance=own_instance, **run)


def _show_progress(observed, progress: RunProgress, echo, run_log: RunLog, clock) -> None:
    with run_log.routing.console():
        while True:
            try:
                item = observed.get(timeout=_TICK_SECONDS)
            except queue.Empty:
                lines = progress.tick(clock())
            else:
                if isinstance(item, _RunEnded):
                    for line in progress.finish(item.at, item.succeeded):
                        echo(line)
                    return
                lines = progress.observe(item)
            for line in lines:
                echo(line)


def _observe_event(event: DagsterEvent, observed: queue.SimpleQueue, clock) -> None:
    item = progress_event(event, clock())
    if item is not None:
        observed.put(item)


def _observe_dbt_line(line: str, observed: queue.SimpleQueue, clock) -> None:
    item = dbt_line_event(line, clock())
    if item is not None:
        observed.put(item)


def progress_event(event: DagsterEvent, at: float):
    """The part of a Dagster event the console lines need, or None."""
    step = event.step_key or ""
    if event.event_type == DagsterEventType.STEP_START:
        return StepStarted(at, step)
    if event.event_type in _STEP_ENDS:
        return StepEnded(at, step, _STEP_ENDS[event.event_type])
    if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
        metadata = event.step_materialization_data.materialization.metadata
        return Materialized(at, step, {key: value.value for key, value in metadata.items()})
    if event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
        return CheckEvaluated(at, step, check_outcome(event.event_specific_data))
    return None


def raw_extract_steps(
    defs: Definitions, selected: AbstractSet[AssetKey] | None = None
) -> frozenset[str]:
    """The steps of the raw extract assets, grouped `raw_<system>` (assets/raw_extracts.py),
    of those selected when a selection is given."""
    return frozenset(
        spec.key.to_python_identifier()
        for spec in defs.resolve_all_asset_specs()
        if (spec.group_name or "").startswith("raw_") and (selected is None or spec.key in selected)
    )


def first_packet(release_dir: Path) -> Path | None:
    """`latest/<first school>/packet.html`, the path a principal's bookmark keeps."""
    latest = release_dir / "latest"
    try:
        schools = sorted(path for path in latest.iterdir() if (path / "packet.html").is_file())
    except OSError:
        return None
    return schools[0] / "packet.html" if schools else None


def summarize(result: ExecuteInProcessResult, summary: RunSummary) -> RunSummary:
    summary.succeeded = result.success and not summary.failures
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata = {key: value.value for key, value in materialization.metadata.items()}
        if "rows_in_table" in metadata:
            summary.rows_by_table[metadata["table"]] = metadata["rows_in_table"]
            summary.rows_loaded += metadata["rows_loaded_this_run"]
            summary.rows_rejected += metadata["rows_rejected_this_run"]
            summary.files_loaded += metadata["files_loaded"]
            summary.files_unchanged += metadata["files_unchanged"]
        elif materialization.asset_key.path == ["principal_packets"]:
            summary.release = metadata
        elif event.step_key != DBT_STEP:
            # The analyst database, the exports, an import: published, not built by dbt.
            summary.published[materialization.asset_key.to_user_string()] = metadata
        elif materialization.asset_key.path[0] == "seeds":
            summary.dbt_seeds += 1
        else:
            summary.dbt_models += 1
    count_checks(summary, result.get_asset_check_evaluations())
    # A failed dbt test no longer fails the dbt step (the release of what does not depend on it
    # goes on), so it fails the run here.
    if summary.dbt_tests["failed"]:
        summary.succeeded = False
    for event in result.all_events:
        if event.is_step_failure:
            failure = event.step_failure_data
            description = (
                failure.user_failure_data.description if failure.user_failure_data else None
            )
            summary.failures.append(
                StepFailure(event.step_key or "?", failure_cause(failure.error, description))
            )
    return summary


def count_checks(summary: RunSummary, evaluations: Iterable[AssetCheckEvaluation]) -> None:
    """Count each check's outcome under its kind, and note each one that did not pass."""
    for evaluation in evaluations:
        kind = check_kind(evaluation.check_name)
        counts = {
            QUARANTINE_KIND: summary.quarantine_checks,
            UNLOADED_KIND: summary.unloaded_files_checks,
            GATE_KIND: summary.release_gate_checks,
        }
        if kind in counts:
            counts[kind][check_outcome(evaluation)] += 1
        else:  # one check per model sums up its dbt tests (orchestration/checks.py)
            summary.dbt_tests.update(dbt_test_counts(evaluation))
        note = check_note(evaluation, summary.log_file, summary.warehouse)
        if note is not None:
            summary.checks_to_read.append(note)


def dbt_test_counts(evaluation: AssetCheckEvaluation) -> Counter:
    """The outcomes of the dbt tests a model's check sums up, by outcome."""
    metadata = {key: value.value for key, value in evaluation.metadata.items()}
    return Counter(
        {
            outcome: metadata[outcome]
            for outcome in ("passed", "warned", "failed")
            if metadata.get(outcome)
        }
    )
