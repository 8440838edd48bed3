"""`k12 bench`: the whole pipeline against the DuckDB floor, at several district sizes.

For each size, in one benchmark run and on the same files: generate the district, then the floor,
a full `k12 run` on a fresh warehouse (its dbt project parsed beforehand, untimed, as a nightly
run finds it), a no-change rerun of it, and the floor again (so a busy shared machine weighs on
both sides of the ratio). Each step is its own process; peak memory counts
the step's whole process tree. Results are kept in benchmarks/results.json, one record per size,
and rendered into docs/performance.md between its markers."""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.measure import Measurement, measure
from benchmarks.stages import STAGES, stage_seconds

YEARS = 4
REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = REPO_ROOT / "benchmarks" / "results.json"
PERFORMANCE_DOC = REPO_ROOT / "docs" / "performance.md"
BEGIN_MARKER = "<!-- k12 bench: begin (written by `k12 bench`; do not edit by hand) -->"
END_MARKER = "<!-- k12 bench: end -->"
GB = 1e9


@dataclass
class SizeResult:
    students: int
    measured_at: str
    commit: str
    duckdb_memory_limit: str
    input_bytes: int
    input_rows: int
    generate_seconds: float
    floor_seconds: list[float]  # before and after the runs
    run_seconds: float
    rerun_seconds: float
    run_peak_bytes: int  # the whole process tree of the full run
    rerun_peak_bytes: int
    floor_peak_bytes: int
    stages: dict[str, int] = field(default_factory=dict)  # seconds, from the run's console
    # Not in the run's time: an installation parses its dbt project once, not every night.
    dbt_parse_seconds: float = 0.0

    @property
    def floor_mean(self) -> float:
        return sum(self.floor_seconds) / len(self.floor_seconds)

    @property
    def run_over_floor(self) -> float:
        return self.run_seconds / self.floor_mean

    @property
    def rerun_over_run(self) -> float:
        return self.rerun_seconds / self.run_seconds

    def row(self) -> str:
        floors = " / ".join(f"{seconds:.1f}" for seconds in self.floor_seconds)
        return (
            f"| {self.students:,} | {self.input_bytes / GB:.2f} GB | {self.input_rows:,} "
            f"| {self.generate_seconds:.0f} s | {floors} s | {self.run_seconds:.1f} s "
            f"| **{self.run_over_floor:.2f}** | {self.rerun_seconds:.1f} s "
            f"| {self.rerun_over_run:.1%} | {self.run_peak_bytes / GB:.2f} GB "
            f"| {self.floor_peak_bytes / GB:.2f} GB |"
        )

    def stage_row(self) -> str:
        named = {**{"before ingestion": 0}, **{stage: 0 for stage in STAGES}, **self.stages}
        other = self.run_seconds - sum(named.values())
        cells = [f"{named[name]} s ({named[name] / self.floor_mean:.2f})" for name in named]
        ingestion = named["ingestion"] / self.floor_mean
        return (
            f"| {self.students:,} | {' | '.join(cells)} | {other:.0f} s "
            f"| {ingestion:.2f} | `{self.commit}`, {self.measured_at[:10]} |"
        )


HEADER = (
    "| students (4 years) | input | input rows | generate | DuckDB floor (before / after) "
    "| `k12 run` | run ÷ floor | no-change rerun | rerun ÷ run | peak memory, all processes "
    "| floor peak memory |\n|---|---|---|---|---|---|---|---|---|---|---|"
)
STAGE_HEADER = (
    f"| students | before ingestion | {' | '.join(STAGES)} "
    "| rest (start, between stages, summary) | ingestion ÷ floor | measured at |\n"
    f"|{'---|' * (len(STAGES) + 5)}"
)


def bench_size(students: int, work_dir: Path, memory_limit: str) -> SizeResult:
    """Measure one size; its files and warehouses live in `work_dir` and are deleted after."""
    python = sys.executable
    k12 = str(Path(python).with_name("k12"))
    root = work_dir / f"bench_{students}"
    shutil.rmtree(root, ignore_errors=True)
    landing = root / "landing"
    log = work_dir / f"bench_{students}.log"
    work_dir.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    env = _isolated_env(root / "run", landing, memory_limit)

    def step(what: str, command: list[str]) -> Measurement:
        with log.open("a") as handle:
            handle.write(f"\n===== {what}: {' '.join(command)}\n")
        measurement = measure(command, log, env)
        # Each step's figures as soon as it ends: a benchmark stopped part way keeps them.
        with log.open("a") as handle:
            handle.write(
                f"===== {what} took {measurement.seconds:.1f} s, peak of all processes "
                f"{measurement.peak_bytes / GB:.2f} GB, exit {measurement.returncode}\n"
            )
        if measurement.returncode != 0:
            last_lines = "\n".join(measurement.output.splitlines()[-40:])
            raise SystemExit(f"benchmark step '{what}' failed; see {log}. It ended:\n{last_lines}")
        return measurement

    def floor(number: int) -> tuple[Measurement, int]:
        database = root / f"floor_{number}.duckdb"
        command = [python, "-m", "benchmarks.floor", str(landing), str(database), memory_limit]
        measurement = step(f"floor {number}", command)
        database.unlink()
        return measurement, int(measurement.output.rsplit("floor rows: ", 1)[1].split()[0])

    try:
        generate = step("generate", [k12, "generate", "--students", str(students),
                                     "--years", str(YEARS), "--out", str(landing)])  # fmt: skip
        input_bytes = sum(path.stat().st_size for path in landing.rglob("*.csv"))
        first_floor, input_rows = floor(1)
        parse = step("dbt parse (untimed)", [python, "-c", _PARSE_DBT_PROJECT])
        full_run = step("k12 run", [k12, "run"])
        rerun = step("k12 run (no change)", [k12, "run"])
        if "nothing new" not in rerun.output:
            raise SystemExit(f"the rerun found something new; see {log}")
        second_floor, _ = floor(2)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return SizeResult(
        students=students,
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
        commit=_commit(),
        duckdb_memory_limit=memory_limit,
        input_bytes=input_bytes,
        input_rows=input_rows,
        generate_seconds=generate.seconds,
        floor_seconds=[first_floor.seconds, second_floor.seconds],
        run_seconds=full_run.seconds,
        rerun_seconds=rerun.seconds,
        run_peak_bytes=full_run.peak_bytes,
        rerun_peak_bytes=rerun.peak_bytes,
        floor_peak_bytes=max(first_floor.peak_bytes, second_floor.peak_bytes),
        stages=stage_seconds(full_run.output),
        dbt_parse_seconds=parse.seconds,
    )


# Building the definitions parses the dbt project when its manifest is stale (a new installation):
# done before the timed run, as every nightly run but an installation's first finds it parsed.
_PARSE_DBT_PROJECT = (
    "from orchestration.code_location import build_definitions; "
    "from orchestration.settings import Settings; build_definitions(Settings.load())"
)


def _isolated_env(root: Path, landing: Path, memory_limit: str) -> dict[str, str]:
    """Every path a run writes, under `root`: a fresh warehouse, nothing shared with data/."""
    paths = {
        "K12_WAREHOUSE": "warehouse.duckdb", "K12_ARCHIVE_DIR": "archive",
        "K12_RELEASE_DIR": "releases", "K12_ANALYST_DB": "analytics.duckdb",
        "K12_EXPORT_DIR": "exports", "K12_WORK_DIR": "work", "K12_LOG_DIR": "logs",
        "K12_DAGSTER_STORAGE": "dagster/storage", "K12_DAGSTER_COMPUTE_LOGS": "dagster/logs",
    }  # fmt: skip
    env = {key: value for key, value in os.environ.items() if not key.startswith("K12_")}
    env.update({key: str(root / name) for key, name in paths.items()})
    env["K12_LANDING_DIR"] = str(landing)
    env["K12_DUCKDB_MEMORY_LIMIT"] = memory_limit
    return env


def _commit() -> str:
    described = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return described.stdout.strip() or "unknown"


def load_results(path: Path) -> dict[int, SizeResult]:
    if not path.exists():
        return {}
    records = json.loads(path.read_text(encoding="utf-8"))
    return {record["students"]: SizeResult(**record) for record in records}


def save_results(results: dict[int, SizeResult], path: Path) -> None:
    records = [asdict(results[students]) for students in sorted(results)]
    path.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")


def render_tables(results: dict[int, SizeResult]) -> str:
    ordered = [results[students] for students in sorted(results)]
    return "\n".join(
        [
            HEADER,
            *(result.row() for result in ordered),
            "",
            "Where the full run's time goes (seconds, and in brackets as a multiple of the floor):",
            "",
            STAGE_HEADER,
            *(result.stage_row() for result in ordered),
        ]
    )


def write_doc(results: dict[int, SizeResult], doc: Path) -> None:
    """Replace the text between the markers of `doc` with the tables."""
    text = doc.read_text(encoding="utf-8")
    if BEGIN_MARKER not in text or END_MARKER not in text:
        raise SystemExit(f"{doc} has no `k12 bench` markers:\n{BEGIN_MARKER}\n{END_MARKER}")
    before, rest = text.split(BEGIN_MARKER, 1)
    _, after = rest.split(END_MARKER, 1)
    doc.write_text(
        f"{before}{BEGIN_MARKER}\n{render_tables(results)}\n{END_MARKER}{after}", encoding="utf-8"
    )


def run_benchmark(
    sizes: list[int],
    work_dir: Path,
    memory_limit: str,
    results_file: Path = RESULTS_FILE,
    doc: Path = PERFORMANCE_DOC,
) -> dict[int, SizeResult]:
    """Measure each size in turn; after each, record it (replacing that size's earlier record)
    and rewrite the doc's tables, so a long benchmark keeps what it has measured."""
    measured = {}
    for students in sizes:
        result = bench_size(students, work_dir, memory_limit)
        measured[students] = result
        # Read again: another benchmark (another size) may have recorded since this one began.
        results = load_results(results_file) | measured
        save_results(results, results_file)
        write_doc(results, doc)
        print(HEADER.splitlines()[0], result.row(), sep="\n", flush=True)
    return measured
