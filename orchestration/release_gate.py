"""The release gate as Dagster asset checks, all computed in one Great Expectations run
(expectations/). Each mart that feeds the principal packets gets two checks, so the UI shows what
happened to the release:

- `<mart>_is_publishable`, blocking, fails with ERROR only when a critical failure blocks the whole
  release, so nothing downstream of the marts (the release) materializes;
- `<mart>_has_no_release_warnings`, not blocking, fails with WARN when one of the mart's school
  expectations withholds schools' packets or a warning expectation fails. The release still goes
  out, and Dagster draws this as a yellow warning. (A failed WARN check that is blocking would
  show as a failed blocking check although the release went out.)

The checks can be run for any subset, so a single mart can be materialized from the UI; the gate
always validates every release table, because its expectations compare the tables.

The gate also judges every mart from this run's dbt tests (orchestration/dbt_test_outcomes.py):
a mart with a failed test on it or upstream of it is not publishable. `GateResult.marts` carries
each verdict to the release, which withholds only those marts' sections; the mart's
`_is_publishable` check then fails with WARN, so the release of everything else goes on.

The gate runs once per run: the check saves its result and this release's school metrics (both
aggregates and expectation names, no student-level value) under the run's scratch folder,
`<scratch>/gate/<run_id>/`, and `principal_packets` publishes from them in the same run. Only when
the asset is materialized without the check does it validate the warehouse itself."""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    ResourceParam,
    multi_asset_check,
)

from expectations.frames import RELEASE_TABLES
from orchestration.dbt_test_outcomes import load_outcomes, mart_verdicts, outcomes_folder
from orchestration.resources import Warehouse
from orchestration.settings import Settings

if TYPE_CHECKING:  # the runner imports pandas, which loading the code location does not need
    import pandas as pd

    from expectations.runner import ExpectationResult, GateResult

GATE_RESULT_FILE = "gate.json"
GATE_METRICS_FILE = "school_metrics.json"
PUBLISHABLE_CHECK_SUFFIX = "_is_publishable"
RELEASE_WARNINGS_CHECK_SUFFIX = "_has_no_release_warnings"
# Every check of the gate ends in one of these (str.endswith takes the tuple).
RELEASE_GATE_CHECK_SUFFIXES = (PUBLISHABLE_CHECK_SUFFIX, RELEASE_WARNINGS_CHECK_SUFFIX)


def _described(failures: Iterable["ExpectationResult"]) -> list[dict]:
    # Counts, names and school ids only: the gate's results hold no student-level values.
    return [
        {
            "name": result.name,
            "severity": result.severity,
            "school_ids": list(result.school_ids),
            "unexpected_count": result.unexpected_count,
            "element_count": result.element_count,
            "observed_value": result.observed_value,
            "sample_rows": list(result.sample_rows),
            "error": result.error,
        }
        for result in failures
    ]


def _common_metadata(gate: "GateResult", table: str, report: str) -> dict:
    return {
        "expectations": len(gate.for_table(table)),
        "release_year": gate.release_year,
        "as_of_date": str(gate.as_of_date),
        "report": MetadataValue.path(report),
    }


def publishable_result(
    gate: "GateResult", table: str, asset_key: AssetKey, report: str
) -> AssetCheckResult:
    """Fails, with ERROR, whenever the release is blocked, whichever mart the critical failure is
    in: whichever marts the release reads, it must not run. Otherwise fails, with WARN (which
    blocks nothing), when dbt tests on this mart or upstream of it failed: the release goes out
    without this mart's sections."""
    blocking_here = [r for r in gate.for_table(table) if r.blocks_everything]
    blocked_by = [r.name for r in gate.blocking_failures]
    withheld = gate.mart_withheld_reason(table)
    if not gate.passed:
        description = "The release is blocked by " + ", ".join(blocked_by) + "."
    elif withheld:
        description = f"The release goes out without {table}: {withheld}."
    else:
        description = "The release may go out: no critical expectation failed."
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=f"{table}{PUBLISHABLE_CHECK_SUFFIX}",
        passed=gate.passed and withheld is None,
        severity=AssetCheckSeverity.WARN if gate.passed and withheld else AssetCheckSeverity.ERROR,
        description=description,
        metadata={
            **_common_metadata(gate, table, report),
            "failing_expectations": MetadataValue.json(_described(blocking_here)),
            "blocking_failures": len(blocking_here),
            "release_blocked_by": MetadataValue.json(blocked_by),
            "publishable": withheld is None,
            "withheld_because": withheld or "",
        },
    )


def warnings_result(
    gate: "GateResult", table: str, asset_key: AssetKey, report: str
) -> AssetCheckResult:
    """Fails, with WARN, when one of this mart's school expectations withholds schools or a
    warning expectation fails; the critical failures are the publishable check's."""
    failures = [r for r in gate.for_table(table) if not r.success and not r.blocks_everything]
    schools = sorted({school for result in failures for school in result.school_ids})
    warned = [r.name for r in failures if r.severity == "warning"]
    parts = []
    if schools:
        parts.append(f"Packets withheld for schools {', '.join(schools)}")
    if warned:
        parts.append(f"Warnings: {', '.join(warned)}")
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=f"{table}{RELEASE_WARNINGS_CHECK_SUFFIX}",
        passed=not failures,
        severity=AssetCheckSeverity.WARN,
        description="; ".join(parts) + "." if parts else "No warnings.",
        metadata={
            **_common_metadata(gate, table, report),
            "failing_expectations": MetadataValue.json(_described(failures)),
            "school_ids_failing": MetadataValue.json(schools),
        },
    )


def gate_check_results(
    gate: "GateResult",
    asset_keys: Mapping[str, AssetKey],
    selected: set[AssetCheckKey],
    report: str,
) -> list[AssetCheckResult]:
    """The results of the selected checks only: a run of one mart selects that mart's checks."""
    results = [
        build(gate, table, asset_keys[table], report)
        for table in RELEASE_TABLES
        for build in (publishable_result, warnings_result)
    ]
    return [r for r in results if AssetCheckKey(r.asset_key, r.check_name) in selected]


def _specs(asset_keys: Mapping[str, AssetKey]) -> list[AssetCheckSpec]:
    specs = []
    for table in RELEASE_TABLES:
        specs.append(
            AssetCheckSpec(
                name=f"{table}{PUBLISHABLE_CHECK_SUFFIX}",
                asset=asset_keys[table],
                blocking=True,
                description=f"The Great Expectations suite of {table} for the principal-packet "
                "release: fails, and stops the release, when any critical expectation fails. "
                "See the validation report.",
            )
        )
        specs.append(
            AssetCheckSpec(
                name=f"{table}{RELEASE_WARNINGS_CHECK_SUFFIX}",
                asset=asset_keys[table],
                description=f"Warns when a school expectation of {table} withholds schools' "
                "packets or a warning expectation fails; the release still goes out. See the "
                "validation report.",
            )
        )
    return specs


def build_release_gate_checks(asset_keys: Mapping[str, AssetKey]) -> AssetChecksDefinition:
    """`asset_keys` maps each table the gate reads to its asset (the dbt marts)."""

    @multi_asset_check(specs=_specs(asset_keys), name="release_gate", can_subset=True)
    def release_gate(
        context: AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: ResourceParam[Settings],
    ) -> Iterator[AssetCheckResult]:
        # Imported here: Great Expectations takes seconds to import, and loading the code
        # location must not wait for it.
        from expectations.frames import load_release_tables
        from expectations.report import write_report
        from expectations.runner import validate_release
        from expectations.snapshot import school_metrics
        from release.release_run import previous_snapshot

        tables = load_release_tables(warehouse.database_path)
        previous = previous_snapshot(settings.release_dir)
        run_id = context.run.run_id
        gate = with_dbt_verdicts(
            validate_release(tables, settings.gate_for_this_run, previous),
            outcomes_folder(settings.scratch_dir, run_id),
        )
        save_gate_result(gate_result_folder(settings, run_id), gate, school_metrics(tables))
        report = write_report(gate, settings.release_dir / "validation_runs" / run_id)
        context.log.info(f"release gate: passed={gate.passed}; report at {report}")
        selected = set(context.selected_asset_check_keys)
        yield from gate_check_results(gate, asset_keys, selected, str(report))

    return release_gate


def with_dbt_verdicts(gate: "GateResult", dbt_outcomes: Path) -> "GateResult":
    """The gate's result with a verdict for every model the dbt step of this run tested; as it
    was when no dbt step ran in this run (nothing judged, everything publishable)."""
    by_model = load_outcomes(dbt_outcomes)
    return gate if by_model is None else replace(gate, marts=mart_verdicts(by_model))


def gate_result_folder(settings: Settings, run_id: str) -> Path:
    """Where the check leaves its result for `principal_packets` in the same run."""
    return settings.scratch_dir / "gate" / run_id


def save_gate_result(folder: Path, gate: "GateResult", metrics: "pd.DataFrame") -> None:
    """The gate's result and this release's school metrics, for the release in the same run.
    Written to a temporary name and renamed, so a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "release_year": gate.release_year,
        "as_of_date": gate.as_of_date,
        "validated_at": gate.validated_at,
        "settings": {**asdict(gate.settings), "today": gate.settings.today.isoformat()},
        "results": [asdict(result) for result in gate.results],
        "marts": {mart: asdict(verdict) for mart, verdict in gate.marts.items()},
    }
    for name, text in [
        (GATE_METRICS_FILE, metrics.to_json(orient="table", index=False)),
        (GATE_RESULT_FILE, json.dumps(record, default=str)),  # last: its presence means both
    ]:
        partial = folder / f".{name}.partial"
        partial.write_text(text, encoding="utf-8")
        partial.replace(folder / name)


def load_gate_result(folder: Path) -> "tuple[GateResult, pd.DataFrame] | None":
    """What `save_gate_result` saved in `folder`, or None when the check did not run."""
    if not (folder / GATE_RESULT_FILE).exists():
        return None
    import pandas as pd

    from expectations.runner import ExpectationResult, GateResult, MartVerdict
    from expectations.spec import GateSettings

    record = json.loads((folder / GATE_RESULT_FILE).read_text(encoding="utf-8"))
    settings = {**record["settings"], "today": date.fromisoformat(record["settings"]["today"])}
    results = tuple(
        ExpectationResult(
            **{
                **result,
                "school_ids": tuple(result["school_ids"]),
                "sample_rows": tuple(result["sample_rows"]),
            }
        )
        for result in record["results"]
    )
    gate = GateResult(
        release_year=record["release_year"],
        as_of_date=record["as_of_date"],
        settings=GateSettings(**settings),
        results=results,
        validated_at=record["validated_at"],
        marts={mart: MartVerdict(**verdict) for mart, verdict in record["marts"].items()},
    )
    metrics = pd.read_json(folder / GATE_METRICS_FILE, orient="table")
    return gate, metrics
