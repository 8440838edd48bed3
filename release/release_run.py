"""The early release: gate the warehouse, then publish one packet per open school, all at once.

    published = release_principal_packets(
        warehouse, release_dir, staging_dir, minimum_n=..., run_id=..., settings=gate_settings
    )

The caller hands every setting down (orchestration.settings.Settings): the minimum n is the dbt
var k12_minimum_reporting_n, which the marts and the packets share.

1. The release tables are read once and validated once (`expectations.runner.validate_release`),
   against the previous release's `school_metrics.json` (`<release_dir>/latest/`), unless the
   caller passes the result of this run's gate (`validated`).
2. A blocking failure raises `ReleaseBlockedError` before anything is written: the previous
   release and `latest` stay as they are.
3. Otherwise, inside `release.publish.write_release` (all-or-nothing, written in `staging_dir`
   and renamed into `release_dir`), every open school of the
   release year gets its packet, except the schools the gate withholds; the release root gets
   the validation report, the per-school metrics the next release's jump checks compare with,
   and `manifest.json`; each school folder gets its own `manifest.json`. `bi/` holds the
   suppressed district and school aggregates for BI tools (`release.bi_exports`), listed in the
   root manifest like every other file.

Manifests carry file names, row counts, hashes, school ids and expectation names: never a value
from a student's row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from expectations.frames import load_release_tables
from expectations.report import write_report
from expectations.runner import ExpectationResult, GateResult, validate_release
from expectations.snapshot import SNAPSHOT_FILE_NAME, read_snapshot, school_metrics, write_snapshot
from expectations.spec import GateSettings
from release.bi_exports import BI_FOLDER, write_bi_exports
from release.export_outcomes import achievement_cells
from release.outcome_tables import outcome_tables
from release.packet import open_schools, write_school_packet
from release.packet_key_figures import KEY_FIGURES, key_figure_tables, measure_sources
from release.previous_release import published_cells, write_achievement_cells
from release.publish import LATEST, latest_release, manifest, write_release
from release.rosters import ROSTERS, rosters
from release.sources import available, shared_reads

MANIFEST = "manifest.json"
# the root manifest's name of the release whose published cells this one took as known
SUPPRESSED_AGAINST = "suppressed_against_release"


class ReleaseBlockedError(RuntimeError):
    """The gate found a blocking failure; nothing was published."""


@dataclass(frozen=True)
class PublishedRelease:
    release_id: str
    path: Path
    school_year: int
    as_of_date: str
    released: list[str]
    withheld: dict[str, list[str]]  # school_id -> names of the expectations it failed
    warnings: list[str] = field(default_factory=list)

    @property
    def report(self) -> Path:
        return self.path / "validation.html"


def previous_snapshot(release_dir: Path) -> pd.DataFrame | None:
    """The latest release's per-school metrics, or None before the first release."""
    path = Path(release_dir) / LATEST / SNAPSHOT_FILE_NAME
    return read_snapshot(path) if path.exists() else None


def release_id_for(as_of_date: str, started_at: datetime) -> str:
    """`<as-of date>_<UTC start time>`: sorts by data date, then by run; never reused."""
    return f"{as_of_date}_{started_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def release_principal_packets(
    warehouse: Path,
    release_dir: Path,
    staging_dir: Path,
    *,
    minimum_n: int,
    run_id: str,
    settings: GateSettings,
    started_at: datetime | None = None,
    validated: tuple[GateResult, pd.DataFrame] | None = None,
) -> PublishedRelease:
    """Validate the warehouse once, then publish (or raise ReleaseBlockedError). `validated`:
    the gate's result and school metrics for this warehouse, when the caller has them already
    (the release_gate check of the same run); then nothing is validated again."""
    if validated is None:
        tables = load_release_tables(warehouse)
        validated = (
            validate_release(tables, settings, previous_snapshot(release_dir)),
            school_metrics(tables),
        )
    gate, metrics = validated
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return publish_release(
            con,
            release_dir,
            staging_dir,
            gate,
            metrics,
            minimum_n=minimum_n,
            run_id=run_id,
            started_at=started_at,
        )


def publish_release(
    con: duckdb.DuckDBPyConnection,
    release_dir: Path,
    staging_dir: Path,
    gate: GateResult,
    snapshot: pd.DataFrame,
    *,
    minimum_n: int,
    run_id: str,
    started_at: datetime | None = None,
) -> PublishedRelease:
    """Publish the packets `gate` allows; `snapshot` is this release's school_metrics."""
    if not gate.passed:
        names = ", ".join(result.name for result in gate.blocking_failures)
        raise ReleaseBlockedError(
            f"release blocked by {len(gate.blocking_failures)} critical expectation(s): {names}. "
            "Nothing was published; the previous release stays. See the release_gate check's "
            "report for this run."
        )
    year, as_of = gate.release_year, str(gate.as_of_date)
    schools = open_schools(con, year)
    withheld = {s: names for s, names in gate.withheld_schools.items() if s in schools}
    released = [school for school in schools if school not in withheld]
    release_id = release_id_for(as_of, started_at or datetime.now(UTC))
    validation = {
        "run_id": run_id,
        "validated_at": gate.validated_at,
        "passed": gate.passed,
        "report": "validation.html",
    }
    common = {"release_id": release_id, "school_year": year, "as_of_date": as_of}
    # one suppression for packets and BI files, with the cells the previous release of the year
    # published taken as known (the exports read its id from the manifest and do the same)
    previous_id = latest_release(release_dir)
    previous = (
        None if previous_id is None else published_cells(Path(release_dir) / previous_id, year)
    )
    outcomes = outcome_tables(con, year, minimum_n, previous)
    # the graduation and assessment cells of the exports, suppressed against it too
    achievement = achievement_cells(con, minimum_n, previous)
    # the front pages' key figures, suppressed once for every school (unless the gate withholds
    # them: then each packet says so); the marts whose dbt checks failed leave their sections
    withheld_marts = gate.withheld_marts
    key_figures = None
    present = available(con)
    if KEY_FIGURES in present:
        failed_measures = withheld_key_figure_measures(gate, measure_sources(con, present))
        if failed_measures is not None:
            tables = key_figure_tables(con, year, minimum_n, outcomes, achievement)
            key_figures = replace(tables, withheld_measures=failed_measures)
            # shown, with the measures of the failed marts marked: not withheld as a whole
            withheld_marts.pop(KEY_FIGURES.split(".")[1], None)
    # one query per roster for every school, compared with the previous release's lists (read
    # before this release is written, so `release_dir` holds only earlier ones)
    by_roster = {name: rosters(con, name, released, year, release_dir) for name in ROSTERS}
    # every packet reads the same district rows: read once, each packet takes its school's
    with shared_reads(), write_release(release_dir, release_id, staging_dir) as folder:
        for school_id in released:
            written = write_school_packet(
                con,
                folder,
                school_id,
                year,
                minimum_n=minimum_n,
                outcomes=outcomes,
                key_figures=key_figures,
                rosters={name: frames[school_id] for name, frames in by_roster.items()},
                withheld_marts=withheld_marts,
            )
            files = _with_rows(manifest(folder / school_id), written["files"])
            _write_json(
                folder / school_id / MANIFEST,
                {
                    **common,
                    "school_id": school_id,
                    "minimum_n": minimum_n,
                    "validation": validation,
                    "warnings": [_warning(r) for r in gate.warnings if _concerns(r, school_id)],
                    "files": files,
                },
            )
        write_bi_exports(folder / BI_FOLDER, outcomes, released)
        write_achievement_cells(folder / BI_FOLDER, achievement, year, set(withheld))
        write_report(gate, folder)
        write_snapshot(snapshot, folder)
        _write_json(
            folder / MANIFEST,
            {
                **common,
                "minimum_n": minimum_n,
                SUPPRESSED_AGAINST: previous_id if previous is not None else None,
                "validation": validation,
                "warnings": [_warning(result) for result in gate.warnings],
                "schools_released": released,
                "schools_withheld": [
                    {"school_id": school_id, "failed": [_reason(gate, n) for n in names]}
                    for school_id, names in withheld.items()
                ],
                "files": manifest(folder),  # every file but this one, school manifests included
            },
        )
    return PublishedRelease(
        release_id=release_id,
        path=Path(release_dir) / release_id,
        school_year=year,
        as_of_date=as_of,
        released=released,
        withheld=withheld,
        warnings=[result.name for result in gate.warnings],
    )


def withheld_key_figure_measures(
    gate: GateResult, sources: dict[str, str] | None
) -> frozenset[str] | None:
    """The front page's measures to mark withheld, or None when the whole front page is.

    The key figures read every mart, so a failed finance test withholds their mart too. When
    every model whose tests failed on or upstream of it also failed upstream of a withheld mart
    it reads (`sources`: measure -> that mart), the failure is those marts': only their measures
    are withheld. A failure of the key figures' own models, one no withheld mart explains, or a
    verdict or seed that does not say (an older gate result or warehouse) withholds them all."""
    key_figures = KEY_FIGURES.split(".")[1]
    if gate.mart_is_publishable(key_figures):
        return frozenset()
    if sources is None:
        return None
    failed_marts = {mart for mart in sources.values() if not gate.mart_is_publishable(mart)}
    explained = {model for mart in failed_marts for model in gate.marts[mart].failed_models}
    failed = set(gate.marts[key_figures].failed_models)
    if not failed or not failed <= explained:
        return None
    return frozenset(measure for measure, mart in sources.items() if mart in failed_marts)


def _with_rows(entries: list[dict], rows_written: dict[str, int | None]) -> list[dict]:
    """publish.manifest counts CSV rows; the packet writer knows the .xlsx rows too."""
    return [
        {
            **entry,
            "rows": entry["rows"] if entry["rows"] is not None else rows_written.get(entry["path"]),
        }
        for entry in entries
    ]


def _concerns(result: ExpectationResult, school_id: str) -> bool:
    """A warning about the whole release (no school named) or about this school."""
    return not result.school_ids or school_id in result.school_ids


def _warning(result: ExpectationResult) -> dict:
    return {
        "expectation": result.name,
        "table": result.table,
        "checks": result.checks,
        "school_ids": list(result.school_ids),
    }


def _reason(gate: GateResult, name: str) -> dict:
    result = next(r for r in gate.results if r.name == name)
    return {"expectation": name, "checks": result.checks, "how_to_fix": result.how_to_fix}


def _write_json(path: Path, content: dict) -> None:
    path.write_text(json.dumps(content, indent=2, default=str) + "\n", encoding="utf-8")
