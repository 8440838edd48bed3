"""The console lines of `k12 run`: one line per stage, a few more while a long stage runs.

`RunProgress` turns what a run reports (steps starting and ending, assets materialized, checks
evaluated, dbt nodes finished) into lines such as

    [0:08] ingestion: done in 0:07, 17 of 17 extracts, 40 files (0 unchanged), 81,234 rows ...
    [1:10] dbt build: 700 of 1,442 nodes (running 0:45)

It is plain Python fed by orchestration/run_pipeline.py, so tests drive it with hand-made events
and times. A stage shorter than MIN_SECONDS_BETWEEN_LINES prints only its closing line; a longer
one prints a progress line when another PROGRESS_STEP of it is done, or every HEARTBEAT_SECONDS
when nothing moves, so a reader knows it is alive and the console stays a handful of lines.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from orchestration.run_report import ANSI_ESCAPE, format_duration

INGESTION, DBT_BUILD, RELEASE_GATE, RELEASE = "ingestion", "dbt build", "release gate", "release"
# Before the first step: Dagster plans the run (seconds; a minute on a busy machine).
PREPARING = "preparing"
STAGE_LABELS = (INGESTION, DBT_BUILD, RELEASE_GATE, RELEASE)
# The steps of the later stages, by the names Dagster gives their ops: the @dbt_assets function
# (orchestration/assets/dbt_models.py), the gate's multi_asset_check (release_gate.py) and the
# release asset (assets/principal_packets.py). The raw extract steps are handed in.
DBT_STEP = "dbt_models"
STEP_STAGES = {DBT_STEP: DBT_BUILD, "release_gate": RELEASE_GATE, "principal_packets": RELEASE}

MIN_SECONDS_BETWEEN_LINES = 15
PROGRESS_STEP = 0.10
HEARTBEAT_SECONDS = 60
# dbt's line for a finished node: "12 of 1442 OK created sql view model ...", "13 of 1442 PASS ...";
# not its "12 of 1442 START ..." line.
_DBT_NODE_DONE = re.compile(r"^\s*\d+ of (\d+) (?!START\b)([A-Z]+)\b")
# dbt's first line of each invocation: the dbt step builds (seeds, models), then tests, and the
# count of each invocation's "N of M" lines starts again.
_DBT_INVOCATION_STARTED = re.compile(r"^\s*Running with dbt=")
# A test's outcome word in that line, as the summary names it; models say OK, ERROR or SKIP.
_DBT_TEST_OUTCOMES = {"PASS": "passed", "WARN": "warned", "FAIL": "failed"}
# What the end-to-end test allows on a small district: the opening line and a few per stage.
MAX_CONSOLE_LINES = 30


@dataclass(frozen=True)
class StepStarted:
    at: float  # seconds since the run started
    step: str


@dataclass(frozen=True)
class StepEnded:
    at: float
    step: str
    outcome: str  # "succeeded", "failed" or "skipped"


@dataclass(frozen=True)
class Materialized:
    at: float
    step: str
    metadata: Mapping


@dataclass(frozen=True)
class CheckEvaluated:
    at: float
    step: str
    outcome: str  # "passed", "warned" or "failed"


@dataclass(frozen=True)
class DbtNodeDone:
    """One node of a dbt invocation finished (seed, model or test): dbt's "N of M" line."""

    at: float
    total: int  # nodes in this invocation
    status: str = "OK"  # dbt's word: OK, PASS, WARN, FAIL, ERROR, SKIP


@dataclass(frozen=True)
class DbtInvocationStarted:
    at: float


@dataclass
class _Stage:
    label: str
    started_at: float | None = None
    last_line_at: float | None = None
    last_fraction: float = 0.0
    ended: bool = False
    failed: bool = False


@dataclass
class RunProgress:
    ingestion_steps: frozenset[str]
    stages: dict[str, _Stage] = field(init=False)
    extracts_ended: set[str] = field(default_factory=set)
    files_loaded: int = 0
    files_unchanged: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    dbt_nodes_done: int = 0
    dbt_nodes_total: int = 0
    dbt_earlier_invocations_total: int = 0  # nodes of the dbt step's finished invocations
    dbt_invocation_total: int = 0
    dbt_tests: Counter = field(default_factory=Counter)
    gate_checks: Counter = field(default_factory=Counter)
    release: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stages = {label: _Stage(label) for label in STAGE_LABELS}
        # Heard from only by its heartbeat; it ends, silently, when a stage starts.
        self.preparing = _Stage(PREPARING, started_at=0.0)

    def stage_of(self, step: str) -> str | None:
        """Which stage a step belongs to; None for steps no stage waits on (the quarantine
        checks, which take milliseconds and are counted in the summary)."""
        return INGESTION if step in self.ingestion_steps else STEP_STAGES.get(step)

    def observe(self, event) -> list[str]:
        label = self.stage_of(getattr(event, "step", "")) if hasattr(event, "step") else DBT_BUILD
        if label is None:
            return []
        stage = self.stages[label]
        self.preparing.ended = True
        if isinstance(event, StepStarted):
            if stage.started_at is None:
                stage.started_at = event.at
            return []
        if isinstance(event, Materialized):
            self._count_materialization(label, event.metadata)
        elif isinstance(event, CheckEvaluated):
            (self.dbt_tests if label == DBT_BUILD else self.gate_checks)[event.outcome] += 1
        elif isinstance(event, DbtInvocationStarted):
            self.dbt_earlier_invocations_total += self.dbt_invocation_total
            self.dbt_invocation_total = 0
        elif isinstance(event, DbtNodeDone):
            self.dbt_nodes_done += 1
            self.dbt_invocation_total = max(self.dbt_invocation_total, event.total)
            self.dbt_nodes_total = self.dbt_earlier_invocations_total + self.dbt_invocation_total
            if event.status in _DBT_TEST_OUTCOMES:
                self.dbt_tests[_DBT_TEST_OUTCOMES[event.status]] += 1
        elif isinstance(event, StepEnded):
            return self._step_ended(stage, event)
        return self._maybe_progress(stage, event.at)

    def tick(self, at: float) -> list[str]:
        """Heartbeats of the stages running at `at`, for when nothing is reported for a while."""
        stages = [self.preparing, *self.stages.values()]
        return [line for stage in stages for line in self._maybe_progress(stage, at)]

    def finish(self, at: float, succeeded: bool) -> list[str]:
        """Closing lines for stages that never ended. In a run that succeeded, a stage that never
        started was not selected (a run of what changed); in a failed one, a failure stopped it."""
        lines = []
        for stage in self.stages.values():
            if stage.ended or (succeeded and stage.started_at is None):
                continue
            stage.ended = True
            lines.append(f"[{format_duration(at)}] {stage.label}: not run ({self._why_not()})")
        return lines

    def _why_not(self) -> str:
        if any(stage.failed for stage in self.stages.values()):
            return "an earlier stage failed"
        return "the run stopped before it"

    def _count_materialization(self, label: str, metadata: Mapping) -> None:
        if label == INGESTION:
            self.files_loaded += metadata.get("files_loaded", 0)
            self.files_unchanged += metadata.get("files_unchanged", 0)
            self.rows_loaded += metadata.get("rows_loaded_this_run", 0)
            self.rows_quarantined += metadata.get("rows_rejected_this_run", 0)
        elif label == RELEASE:
            self.release = metadata

    def _step_ended(self, stage: _Stage, event: StepEnded) -> list[str]:
        if stage.started_at is None:
            stage.started_at = event.at
        stage.failed = stage.failed or event.outcome == "failed"
        if stage.label == INGESTION:
            self.extracts_ended.add(event.step)
            if len(self.extracts_ended) < len(self.ingestion_steps):
                return self._maybe_progress(stage, event.at)
        stage.ended = True
        clock = f"[{format_duration(event.at)}] {stage.label}:"
        if event.outcome == "skipped":
            return [f"{clock} skipped (an earlier step or a blocking check failed)"]
        verdict = "FAILED after" if stage.failed else "done in"
        return [
            f"{clock} {verdict} {format_duration(event.at - stage.started_at)}, "
            f"{self._detail(stage.label)}"
        ]

    def _maybe_progress(self, stage: _Stage, at: float) -> list[str]:
        if stage.started_at is None or stage.ended:
            return []
        since = at - (stage.last_line_at if stage.last_line_at is not None else stage.started_at)
        if since < MIN_SECONDS_BETWEEN_LINES:
            return []
        fraction = self._fraction(stage.label)
        # Rounded: 0.9 - 0.8 is a hair under 0.1 in floating point. All done is said by the
        # stage's closing line.
        moved = (
            fraction is not None
            and fraction < 1
            and round(fraction - stage.last_fraction, 9) >= PROGRESS_STEP
        )
        if not moved and since < HEARTBEAT_SECONDS:
            return []
        stage.last_line_at = at
        stage.last_fraction = fraction if fraction is not None else stage.last_fraction
        running = format_duration(at - stage.started_at)
        return [
            f"[{format_duration(at)}] {stage.label}: {self._detail(stage.label)} "
            f"(running {running})"
        ]

    def _fraction(self, label: str) -> float | None:
        if label == INGESTION and self.ingestion_steps:
            return len(self.extracts_ended) / len(self.ingestion_steps)
        if label == DBT_BUILD and self.dbt_nodes_total:
            return self.dbt_nodes_done / self.dbt_nodes_total
        return None

    def _detail(self, label: str) -> str:
        if label == INGESTION:
            return (
                f"{len(self.extracts_ended)} of {len(self.ingestion_steps)} extracts, "
                f"{self.files_loaded} files ({self.files_unchanged} unchanged), "
                f"{self.rows_loaded:,} rows loaded, {self.rows_quarantined:,} quarantined"
            )
        if label == DBT_BUILD:
            tests = ", ".join(f"{n:,} {outcome}" for outcome, n in sorted(self.dbt_tests.items()))
            nodes = f"{self.dbt_nodes_done:,} of {self.dbt_nodes_total:,} nodes"
            return f"{nodes}; tests {tests}" if tests else nodes
        if label == PREPARING:
            return "Dagster is planning the run"
        if label == RELEASE_GATE:
            checks = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.gate_checks.items()))
            return f"marts checked: {checks or 'none yet'}"
        if not self.release:
            return "no packets written" if self.stages[RELEASE].ended else "writing packets"
        return (
            f"{self.release.get('schools_released', 0)} packets written, "
            f"{self.release.get('schools_withheld', 0)} schools withheld"
        )


def dbt_node_total(line: str) -> int | None:
    """The node count of dbt's invocation when `line` (colour codes removed) says a node
    finished."""
    match = _DBT_NODE_DONE.match(line)
    return int(match.group(1)) if match else None


def dbt_line_event(line: str, at: float) -> DbtNodeDone | DbtInvocationStarted | None:
    """What a line of dbt's output tells the progress: a node finished, or an invocation
    started; None for every other line."""
    if _DBT_INVOCATION_STARTED.match(line):
        return DbtInvocationStarted(at)
    match = _DBT_NODE_DONE.match(line)
    return DbtNodeDone(at, int(match.group(1)), match.group(2)) if match else None


def console_output_problems(lines: Iterable[str], max_lines: int = MAX_CONSOLE_LINES) -> list[str]:
    """What is wrong with a run's console output before its summary: an empty list when it is a
    handful of plain lines that name every stage. For the end-to-end test."""
    lines = list(lines)
    problems = []
    if len(lines) > max_lines:
        problems.append(f"{len(lines)} console lines, more than {max_lines}")
    for label in STAGE_LABELS:
        if not any(f"] {label}: " in line for line in lines):
            problems.append(f"no line for the {label} stage")
    for line in lines:
        if ANSI_ESCAPE.search(line):
            problems.append(f"colour codes in {line!r}")
        if " - DEBUG - " in line or " - STEP_START - " in line:
            problems.append(f"a Dagster log line on the console: {line!r}")
    return problems
