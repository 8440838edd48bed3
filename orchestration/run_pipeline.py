"""Run the whole graph in this process and sum up what happened, for `k12 run` and the tests."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dagster import AssetCheckEvaluation, DagsterInstance, ExecuteInProcessResult

from orchestration.checks import QUARANTINE_CHECK_SUFFIX
from orchestration.release_gate import PUBLISHABLE_CHECK_SUFFIX
from orchestration.settings import Paths


@dataclass
class RunSummary:
    succeeded: bool
    files_loaded: int = 0
    files_unchanged: int = 0
    rows_by_table: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_rejected: int = 0
    dbt_models: int = 0
    dbt_seeds: int = 0
    dbt_tests: Counter = field(default_factory=Counter)
    quarantine_checks: Counter = field(default_factory=Counter)
    release_gate_checks: Counter = field(default_factory=Counter)  # one per mart it validates
    failures: list[str] = field(default_factory=list)
    release: dict = field(default_factory=dict)  # the principal_packets asset's metadata

    def render(self, paths: Paths) -> str:
        lines = [
            f"k12 run {'succeeded' if self.succeeded else 'FAILED'}",
            f"  files read: {self.files_loaded} loaded, {self.files_unchanged} unchanged",
            f"  rows loaded this run: {self.rows_loaded:,}; "
            f"rows quarantined: {self.rows_rejected:,} (raw_quarantine.rejected_rows)",
            "  rows per raw table:",
            *(f"    {table:<40} {rows:>12,}" for table, rows in sorted(self.rows_by_table.items())),
            f"  dbt models built: {self.dbt_models}; seeds loaded: {self.dbt_seeds}",
            f"  dbt tests: {_outcomes(self.dbt_tests)}",
            f"  quarantine checks: {_outcomes(self.quarantine_checks)}",
            f"  release gate checks (one per mart): {_outcomes(self.release_gate_checks)}",
            f"  release: {_release(self.release)}",
            *(f"  failure: {failure}" for failure in self.failures),
            f"  warehouse: {paths.warehouse}",
            f"  landing:   {paths.landing_dir}",
            f"  archive:   {paths.archive_dir}",
            f"  releases:  {paths.release_dir}",
        ]
        return "\n".join(lines)


def _release(release: dict) -> str:
    if not release:
        return "none published"
    return (
        f"{release['release_path']} ({release['schools_released']} schools released, "
        f"{release['schools_withheld']} withheld; report {release['validation_report']})"
    )


def _outcomes(counts: Counter) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"


def run_everything(instance: DagsterInstance | None = None) -> RunSummary:
    from orchestration.definitions import defs

    job = defs.resolve_job_def("materialize_everything")
    with instance or DagsterInstance.get() as active_instance:
        result = job.execute_in_process(instance=active_instance, raise_on_error=False)
        return summarize(result)


def summarize(result: ExecuteInProcessResult) -> RunSummary:
    summary = RunSummary(succeeded=result.success)
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
        elif materialization.asset_key.path[0] == "seeds":
            summary.dbt_seeds += 1
        else:
            summary.dbt_models += 1
    count_checks(summary, result.get_asset_check_evaluations())
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            summary.failures.append(f"{event.step_key}: {error.message.strip() if error else ''}")
    return summary


def count_checks(summary: RunSummary, evaluations: Iterable[AssetCheckEvaluation]) -> None:
    """Count each check's outcome under its kind. The quarantine and release gate checks are
    told apart by their name's suffix; every other asset check is a dbt test."""
    for evaluation in evaluations:
        if evaluation.passed:
            outcome = "passed"
        else:
            outcome = "warned" if evaluation.severity.value == "WARN" else "failed"
        if evaluation.check_name.endswith(QUARANTINE_CHECK_SUFFIX):
            summary.quarantine_checks[outcome] += 1
        elif evaluation.check_name.endswith(PUBLISHABLE_CHECK_SUFFIX):
            summary.release_gate_checks[outcome] += 1
        else:
            summary.dbt_tests[outcome] += 1
