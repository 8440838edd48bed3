"""Hold a snapshot that would shrink its loaded year too much, unless the shrink is accepted.

Two ways to accept, both explicit: the run's accepted shrinks (`k12 run --accept-shrink
sis/students/2026`), or an empty marker `sis/students/2026.accept-shrink` beside the file. A marker
accepts one shrink: its modification time is recorded with the load it accepted (in
raw_meta.file_loads, next to the accepted file's sha256), and a later shrink of the same year finds
the marker spent and is held again until the marker is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.contract import Extract
from ingestion.guards import IngestionGuards, shrink_key
from ingestion.landing import SHRINK_MARKER_SUFFIX
from ingestion.sql import sql_string
from ingestion.warehouse import FILE_LOADS_TABLE

ACCEPTED_BY_OPTION = "option"
ACCEPTED_BY_MARKER = "marker"


@dataclass(frozen=True)
class ShrinkAcceptance:
    by: str  # ACCEPTED_BY_OPTION or ACCEPTED_BY_MARKER
    marker_mtime_ns: int | None
    reason: str


@dataclass(frozen=True)
class ShrinkDecision:
    held_reason: str | None = None  # set when the file must not load
    accepted: ShrinkAcceptance | None = None  # set when a shrink loads because it was accepted


def shrink_decision(
    con: duckdb.DuckDBPyConnection,
    spec: Extract,
    guards: IngestionGuards,
    marker: Path | None,
    school_year: int,
    rows_in_file: int,
    rows_loaded_now: int | None,
) -> ShrinkDecision:
    """Load, hold, or load as an accepted shrink; counts only, never a value."""
    if rows_loaded_now is None or not guards.shrinks_too_much(rows_in_file, rows_loaded_now):
        return ShrinkDecision()
    key = shrink_key(spec.system, spec.name, school_year)
    size = _size_text(rows_in_file, rows_loaded_now, guards.max_shrink)
    if key in guards.accepted_shrinks:
        reason = f"{size}; accepted by --accept-shrink {key}"
        return ShrinkDecision(accepted=ShrinkAcceptance(ACCEPTED_BY_OPTION, None, reason))
    marker_name = f"{key}{SHRINK_MARKER_SUFFIX}"
    spent = ""
    if marker is not None:
        mtime_ns = marker.stat().st_mtime_ns
        if not _marker_spent(con, spec, school_year, mtime_ns):
            reason = f"{size}; accepted by {marker_name}"
            return ShrinkDecision(accepted=ShrinkAcceptance(ACCEPTED_BY_MARKER, mtime_ns, reason))
        spent = f" (the {marker_name} there already accepted an earlier shrink: replace it)"
    return ShrinkDecision(
        held_reason=(
            f"held: {size}; the previous load stays. To load this file, run with "
            f"--accept-shrink {key} or create an empty {marker_name}{spent}"
        )
    )


def _size_text(rows_in_file: int, rows_loaded_now: int, max_shrink: float) -> str:
    if rows_in_file == 0:
        return f"the file has no rows, the year has {rows_loaded_now} loaded"
    fewer = (rows_loaded_now - rows_in_file) / rows_loaded_now
    return (
        f"{rows_in_file} rows in the file, {rows_loaded_now} loaded now: {fewer:.0%} fewer, "
        f"more than the {max_shrink:.0%} allowed"
    )


def _marker_spent(
    con: duckdb.DuckDBPyConnection, spec: Extract, school_year: int, mtime_ns: int
) -> bool:
    used = con.execute(
        f"select count(*) from {FILE_LOADS_TABLE} where system = {sql_string(spec.system)} "
        f"and extract = {sql_string(spec.name)} and school_year = {int(school_year)} "
        f"and accept_marker_mtime_ns = {int(mtime_ns)}"
    ).fetchone()[0]
    return used > 0
