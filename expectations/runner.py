"""Run the suites with GX Core's pandas data source and reduce GX's results to what may leave
the warehouse: per expectation its severity, success, counts and the school ids that failed.

Privacy rule (FERPA): a frame with a `student_id` column is student-level, and its results keep
only counts and school ids. Only frames without students (school-level or one-row aggregates)
contribute their checked values to the sample rows.
"""

import logging
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.frames import ReleaseTables, load_release_tables
from expectations.spec import Expectation, GateSettings, Suite
from expectations.suites import all_suites

SAMPLE_ROWS = 20


@dataclass(frozen=True)
class ExpectationResult:
    table: str
    name: str
    severity: str
    success: bool
    checks: str
    why_it_matters: str
    how_to_fix: str
    gx_type: str
    frame: str
    element_count: int | None = None
    unexpected_count: int | None = None
    observed_value: Any = None
    school_ids: tuple[str, ...] = ()
    sample_rows: tuple[dict, ...] = ()
    error: str | None = None

    @property
    def blocks_everything(self) -> bool:
        """Critical failures block the release; so does a school failure naming no school."""
        if self.success:
            return False
        return self.severity == "critical" or (self.severity == "school" and not self.school_ids)


@dataclass(frozen=True)
class MartVerdict:
    """Whether a mart may be published, judged from the dbt tests on it and upstream of it
    (orchestration/dbt_test_outcomes.py), and why not, in one line."""

    publishable: bool
    reason: str
    # the models (the mart or upstream of it) whose dbt tests failed, sorted: the release tells
    # a failure of the mart's own from one it inherits. Older saved results lack it: ().
    failed_models: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # read back from JSON as a list
        object.__setattr__(self, "failed_models", tuple(self.failed_models))


@dataclass(frozen=True)
class GateResult:
    release_year: int | None
    as_of_date: str | None
    settings: GateSettings
    results: tuple[ExpectationResult, ...]
    validated_at: str = field(default_factory=lambda: pd.Timestamp.now(tz="UTC").isoformat())
    # Model name -> its verdict, set by the release_gate check from this run's dbt tests. A mart
    # not listed (or a gate run without dbt in the same run) was not judged: publishable.
    marts: dict[str, MartVerdict] = field(default_factory=dict)

    def mart_is_publishable(self, mart: str) -> bool:
        verdict = self.marts.get(mart)
        return verdict is None or verdict.publishable

    def mart_withheld_reason(self, mart: str) -> str | None:
        """'withheld: checks failed; ...' naming the failed tests, or None when publishable."""
        verdict = self.marts.get(mart)
        return None if verdict is None or verdict.publishable else verdict.reason

    @property
    def withheld_marts(self) -> dict[str, str]:
        """Mart -> why it is withheld, for every mart whose dbt checks failed."""
        return {m: v.reason for m, v in sorted(self.marts.items()) if not v.publishable}

    @property
    def blocking_failures(self) -> list[ExpectationResult]:
        return [result for result in self.results if result.blocks_everything]

    @property
    def passed(self) -> bool:
        """True when the release may go out (school packets may still be withheld)."""
        return not self.blocking_failures

    @property
    def withheld_schools(self) -> dict[str, list[str]]:
        """school_id -> names of the school-severity expectations its packet failed."""
        withheld: dict[str, list[str]] = defaultdict(list)
        for result in self.results:
            if not result.success and result.severity == "school":
                for school_id in result.school_ids:
                    withheld[school_id].append(result.name)
        return dict(sorted(withheld.items()))

    @property
    def warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity == "warning"]

    def for_table(self, table: str) -> list[ExpectationResult]:
        return [result for result in self.results if result.table == table]

    def to_dict(self) -> dict:
        return {
            "release_year": self.release_year,
            "as_of_date": self.as_of_date,
            "validated_at": self.validated_at,
            "passed": self.passed,
            "settings": {**asdict(self.settings), "today": self.settings.today.isoformat()},
            "blocking_failures": [result.name for result in self.blocking_failures],
            "withheld_schools": self.withheld_schools,
            "warnings": [result.name for result in self.warnings],
            "results": [asdict(result) for result in self.results],
            "marts": {mart: asdict(verdict) for mart, verdict in sorted(self.marts.items())},
        }


@cache
def _gx():
    """Great Expectations and one ephemeral context per process: the import takes seconds."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # no stderr spam
    return gx, context.data_sources.add_pandas("k12_release")


def _batch(data_source, asset_name: str, frame: pd.DataFrame):
    try:
        asset = data_source.get_asset(asset_name)
    except LookupError:
        asset = data_source.add_dataframe_asset(asset_name)
        asset.add_batch_definition_whole_dataframe("whole")
    return asset.get_batch_definition("whole").get_batch(batch_parameters={"dataframe": frame})


def _exception_message(info: dict) -> str | None:
    if info.get("raised_exception"):
        return info.get("exception_message") or "expectation raised an exception"
    nested = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return nested[0].get("exception_message") if nested else None


def _reduce(suite: Suite, spec: Expectation, frame: pd.DataFrame, gx_result) -> ExpectationResult:
    result = gx_result.result or {}
    error = _exception_message(gx_result.exception_info or {})
    student_level = "student_id" in frame.columns
    failing_schools: dict[str, int] = defaultdict(int)
    failing_values: list[dict] = []
    for row in result.get("unexpected_index_list") or []:
        if isinstance(row, dict) and pd.notna(row.get("school_id")):
            failing_schools[str(row["school_id"])] += 1
            failing_values.append({k: _plain(v) for k, v in row.items()})
    if student_level:
        samples = [{"school_id": s, "failing_rows": n} for s, n in sorted(failing_schools.items())]
    else:
        samples = failing_values
    observed = result.get("observed_value")
    if not student_level and observed is None and result.get("partial_unexpected_list"):
        observed = result["partial_unexpected_list"][0] if len(frame) == 1 else None
    unexpected = result.get("unexpected_count")
    return ExpectationResult(
        table=suite.table,
        name=spec.name,
        severity=spec.severity,
        success=bool(gx_result.success) and error is None,
        checks=spec.checks,
        why_it_matters=spec.why_it_matters,
        how_to_fix=spec.how_to_fix,
        gx_type=spec.gx_type,
        frame=spec.frame,
        element_count=result.get("element_count", len(frame)),
        unexpected_count=None if unexpected is None else int(unexpected),
        # A row count is an aggregate whatever the frame; other values only off student frames.
        observed_value=_plain(observed)
        if not student_level or spec.gx_type.startswith("ExpectTableRowCount")
        else None,
        school_ids=tuple(sorted(failing_schools)),
        sample_rows=tuple(samples[:SAMPLE_ROWS]),
        error=error,
    )


def _plain(value: Any) -> Any:
    """numpy scalars and dates as JSON-ready Python values."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, (date, pd.Timestamp)):
        return value.isoformat()
    return value


def validate_suite(
    suite: Suite, tables: ReleaseTables, settings: GateSettings, previous: pd.DataFrame | None
) -> list[ExpectationResult]:
    gx, data_source = _gx()
    frames = suite.frames(tables, settings, previous)
    by_name: dict[str, ExpectationResult] = {}
    for frame_name in dict.fromkeys(spec.frame for spec in suite.expectations):
        frame = frames[frame_name]
        specs = [spec for spec in suite.expectations if spec.frame == frame_name]
        gx_suite = gx.ExpectationSuite(
            name=f"{suite.name}__{frame_name}",
            expectations=[
                getattr(gx.expectations, spec.gx_type)(
                    **spec.kwargs, meta={"name": spec.name, **spec.meta}
                )
                for spec in specs
            ],
        )
        result_format: dict[str, Any] = {"result_format": "SUMMARY"}
        if "school_id" in frame.columns:
            result_format = {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": ["school_id"],
            }
        batch = _batch(data_source, f"{suite.table}__{frame_name}", frame)
        validation = batch.validate(gx_suite, result_format=result_format)
        specs_by_name = {spec.name: spec for spec in specs}
        for gx_result in validation.results:  # GX does not keep the suite's order
            spec = specs_by_name[gx_result.expectation_config.meta["name"]]
            by_name[spec.name] = _reduce(suite, spec, frame, gx_result)
    return [by_name[spec.name] for spec in suite.expectations]


def validate_release(
    tables: ReleaseTables,
    settings: GateSettings,
    previous: pd.DataFrame | None = None,
    suites: list[Suite] | None = None,
) -> GateResult:
    """Validate every suite (or those given). `settings` come from the caller, which knows the
    dbt vars the marts were built with (orchestration.release_gate.release_gate_settings).
    `previous` is the last release's snapshot (expectations.snapshot.read_snapshot); without it
    the jump checks compare no school."""
    results = []
    for suite in suites if suites is not None else all_suites(settings):
        results.extend(validate_suite(suite, tables, settings, previous))
    year = tables.in_release_year("dim_school_year")
    as_of = None if year.empty else _plain(pd.Timestamp(year["as_of_date"].max()).date())
    return GateResult(tables.release_year, as_of, settings, tuple(results))


def validate_warehouse(
    database_path: str | Path,
    settings: GateSettings,
    previous: pd.DataFrame | None = None,
) -> GateResult:
    return validate_release(load_release_tables(database_path), settings, previous)
