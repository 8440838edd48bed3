"""What a run did, for the person who reads it in the morning: `RunSummary` holds counts, names and
paths (never a value from a student's row), renders them as text for the console, and as JSON for
the notifier (orchestration/notify.py).

The reasons come from what each check and step left behind: a quarantine check's counts by
reason, the release gate's failing expectations and its report, a dbt test's failing-row count,
and the innermost cause of a step's error (DuckDB's lock message, not Dagster's "Error occurred
while executing op").
"""

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# A reason is one line: a long message is cut, and the log file holds the rest.
REASON_LIMIT = 400
# The warehouse query the README shows, with this run's warehouse in it.
README_QUERY = (
    "select school_year, round(chronic_absence_rate, 3) from marts.fct_on_track_summary "
    "where reporting_level = 'district' and grade_level = 'all' "
    "and subgroup = 'all_students' order by 1"
)


@dataclass(frozen=True)
class CheckNote:
    """A check that warned or failed: which, why in one line, and what to open."""

    outcome: str  # "warned" or "failed"
    kind: str  # "quarantine check", "release gate check" or "dbt test"
    name: str
    asset: str  # the asset key as Dagster shows it, "sis/students"
    reason: str
    look_at: str  # a file or a query
    # What failed tests say to fix, when they store messages (orchestration/dbt_test_messages.py)
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepFailure:
    step: str
    cause: str


@dataclass
class RunSummary:
    succeeded: bool
    # Set when no step ran: "nothing_new" (nothing changed since the last successful run) or
    # "not_started" (another run held the warehouse); the notifier says so, so a quiet night is
    # told apart from a cron job that never ran.
    outcome: str | None = None
    note: str = ""  # that case's one line, as the console printed it
    run_id: str = ""
    started_at: datetime | None = None  # UTC
    finished_at: datetime | None = None
    log_file: Path | None = None
    warehouse: Path | None = None
    landing_dir: Path | None = None
    archive_dir: Path | None = None
    release_dir: Path | None = None
    files_loaded: int = 0
    files_unchanged: int = 0
    rows_by_table: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_rejected: int = 0
    dbt_models: int = 0
    dbt_seeds: int = 0
    dbt_tests: Counter = field(default_factory=Counter)
    quarantine_checks: Counter = field(default_factory=Counter)
    unloaded_files_checks: Counter = field(default_factory=Counter)  # held or refused files
    release_gate_checks: Counter = field(default_factory=Counter)  # two per mart it validates
    checks_to_read: list[CheckNote] = field(default_factory=list)  # warned and failed checks
    failures: list[StepFailure] = field(default_factory=list)
    release: dict = field(default_factory=dict)  # the principal_packets asset's metadata
    published: dict = field(default_factory=dict)  # asset -> metadata: analyst db, exports
    first_packet: Path | None = None  # latest/<first school>/packet.html, when one was written

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def render(self) -> str:
        if self.outcome:
            return self.note
        took = self.duration_seconds
        lines = [
            f"k12 run {'succeeded' if self.succeeded else 'FAILED'}"
            + (f" in {format_duration(took)}" if took is not None else "")
            + (f" (run {self.run_id})" if self.run_id else ""),
            f"  files read: {self.files_loaded} loaded, {self.files_unchanged} unchanged",
            f"  rows loaded this run: {self.rows_loaded:,}; "
            f"rows quarantined: {self.rows_rejected:,} (raw_quarantine.rejected_rows)",
            "  rows per raw table:" + ("" if self.rows_by_table else " none"),
            *(f"    {table:<40} {rows:>12,}" for table, rows in sorted(self.rows_by_table.items())),
            f"  dbt models built: {self.dbt_models}; seeds loaded: {self.dbt_seeds}",
            f"  dbt tests: {_outcomes(self.dbt_tests)}",
            f"  quarantine checks: {_outcomes(self.quarantine_checks)}",
            f"  held or refused files checks: {_outcomes(self.unloaded_files_checks)}",
            f"  release gate checks: {_outcomes(self.release_gate_checks)}",
            f"  release: {_release(self.release)}",
            *(
                f"  published: {asset} -> {meta.get('path')} ({meta.get('marts')} marts)"
                for asset, meta in sorted(self.published.items())
                if "marts" in meta
            ),
        ]
        for failure in self.failures:
            lines.append(f"  FAILED step {failure.step}: {failure.cause}")
        for note in sorted(self.checks_to_read, key=lambda n: (n.outcome != "failed", n.name)):
            lines.append(f"  {note.outcome} {note.kind} {note.name} on {note.asset}: {note.reason}")
            lines.extend(f"      says: {message}" for message in note.messages)
            lines.append(f"      open: {note.look_at}")
        for label, path in [
            ("warehouse", self.warehouse),
            ("landing", self.landing_dir),
            ("archive", self.archive_dir),
            ("releases", self.release_dir),
            ("log", self.log_file),
        ]:
            if path is not None:
                lines.append(f"  {label + ':':<10} {path}")
        lines.append("  next:")
        lines.extend(f"    {step}" for step in self.next_steps())
        return "\n".join(lines)

    def next_steps(self) -> list[str]:
        steps = []
        if self.failures and self.log_file is not None:
            steps.append(f"read the failed step's log lines: {self.log_file}")
        if self.first_packet is not None:
            steps.append(f"open a packet: {self.first_packet}")
        steps.append("watch the run's steps and checks in the Dagster UI: make ui")
        analyst_db = self.published.get("analyst_database", {}).get("path")
        if analyst_db:  # what analysts read, and never locked by a run
            steps.append(f"query the marts: {warehouse_query_command(Path(analyst_db))}")
        elif self.warehouse is not None:
            steps.append(f"query the warehouse: {warehouse_query_command(self.warehouse)}")
        return steps

    def to_json(self) -> dict:
        """The summary as the notifier sends it: docs/operations.md, "Notifications"."""
        release = None
        if self.release:
            release = {
                key: self.release.get(key)
                for key in ("release_path", "schools_released", "schools_withheld")
            } | {"validation_report": self.release.get("validation_report")}
        return {
            "status": self.outcome or ("succeeded" if self.succeeded else "failed"),
            "note": self.note,
            "run_id": self.run_id,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "duration_seconds": self.duration_seconds,
            "counts": {
                "files_loaded": self.files_loaded,
                "files_unchanged": self.files_unchanged,
                "rows_loaded": self.rows_loaded,
                "rows_quarantined": self.rows_rejected,
                "rows_by_table": dict(sorted(self.rows_by_table.items())),
                "dbt_models": self.dbt_models,
                "dbt_seeds": self.dbt_seeds,
                "dbt_tests": dict(sorted(self.dbt_tests.items())),
                "quarantine_checks": dict(sorted(self.quarantine_checks.items())),
                "unloaded_files_checks": dict(sorted(self.unloaded_files_checks.items())),
                "release_gate_checks": dict(sorted(self.release_gate_checks.items())),
            },
            "failures": [_failure_json(failure, self.log_file) for failure in self.failures]
            + [_note_json(note) for note in self.checks_to_read if note.outcome == "failed"],
            "warnings": [
                _note_json(note) for note in self.checks_to_read if note.outcome == "warned"
            ],
            "release": release,
            "published": {
                asset: str(meta.get("path"))
                for asset, meta in sorted(self.published.items())
                if "marts" in meta
            },
            "first_packet": _str(self.first_packet),
            "warehouse": _str(self.warehouse),
            "log_file": _str(self.log_file),
            "text": self.render(),
        }


def warehouse_query_command(warehouse: Path) -> str:
    return (
        f'{sys.executable} -c "import duckdb; '
        f'print(duckdb.connect(\'{warehouse}\', read_only=True).sql(\\"{README_QUERY}\\"))"'
    )


def format_duration(seconds: float) -> str:
    """0:42, 12:05, 1:02:03: the shape a reader expects of a clock."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def one_line(text: str) -> str:
    """A message as one line without colour codes, cut at REASON_LIMIT characters."""
    flat = " ".join(ANSI_ESCAPE.sub("", text).split())
    return flat if len(flat) <= REASON_LIMIT else flat[: REASON_LIMIT - 3] + "..."


def _failure_json(failure: StepFailure, log_file: Path | None) -> dict:
    return {
        "kind": "step",
        "name": failure.step,
        "asset": None,
        "reason": failure.cause,
        "look_at": _str(log_file),
    }


def _note_json(note: CheckNote) -> dict:
    return {
        "kind": note.kind,
        "name": note.name,
        "asset": note.asset,
        "reason": note.reason,
        "messages": list(note.messages),
        "look_at": note.look_at,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _release(release: dict) -> str:
    if not release:
        return "none published"
    return (
        f"{release['release_path']} ({release['schools_released']} schools released, "
        f"{release['schools_withheld']} withheld; report {release['validation_report']})"
    )


def _outcomes(counts: Counter) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
