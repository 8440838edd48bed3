"""`k12 bench`: ingestion against the DuckDB floor, and the whole run, at several district sizes.

Every figure of one size is measured in the same benchmark run, on the same files, each in a fresh
process and a fresh warehouse, so the ratios compare like with like."""

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from benchmarks.measure import Measurement, measure

YEARS = 4


@dataclass(frozen=True)
class SizeResult:
    students: int
    input_bytes: int
    input_rows: int
    generate: Measurement
    floor: Measurement
    ingest: Measurement
    full_run: Measurement

    def row(self) -> str:
        return (
            f"| {self.students:,} | {self.input_bytes / 1e9:.2f} GB | {self.input_rows:,} "
            f"| {self.generate.seconds:.0f} s | {self.floor.seconds:.1f} s "
            f"| {self.ingest.seconds:.1f} s | {self.ingest.seconds / self.floor.seconds:.2f} "
            f"| {self.ingest.peak_rss_mb / 1024:.2f} GB | {self.full_run.seconds:.1f} s "
            f"| {self.full_run.peak_rss_mb / 1024:.2f} GB |"
        )


HEADER = (
    "| students | input | input rows | generate | DuckDB floor | ingestion | ingestion / floor "
    "| ingestion peak memory | `k12 run` | `k12 run` peak memory |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def bench_size(students: int, work_dir: Path) -> SizeResult:
    python = sys.executable
    k12 = str(Path(python).with_name("k12"))
    landing = work_dir / f"landing_{students}"
    scratch = work_dir / f"scratch_{students}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    log = work_dir / f"bench_{students}.log"

    def step(what: str, command: list[str]) -> Measurement:
        measurement = measure(command, log)
        if measurement.returncode != 0:
            raise SystemExit(f"benchmark step '{what}' failed; see {log}")
        return measurement

    generate = step(
        "generate",
        [
            k12,
            "generate",
            "--students",
            str(students),
            "--years",
            str(YEARS),
            "--out",
            str(landing),
        ],
    )
    input_bytes = sum(path.stat().st_size for path in landing.rglob("*.csv"))

    floor_db = scratch / "floor.duckdb"
    floor = step("floor", [python, "-m", "benchmarks.floor", str(landing), str(floor_db)])
    input_rows = _count_rows(floor_db)
    floor_db.unlink()

    ingest = step(
        "ingestion",
        [python, "-m", "benchmarks.ingest_only", str(landing), str(scratch / "ingest.duckdb"),
         str(scratch / "archive_ingest")],
    )  # fmt: skip
    full_run = step(
        "k12 run",
        [k12, "run", "--landing", str(landing), "--warehouse", str(scratch / "run.duckdb"),
         "--archive", str(scratch / "archive_run"), "--releases", str(scratch / "releases")],
    )  # fmt: skip
    shutil.rmtree(scratch, ignore_errors=True)
    return SizeResult(students, input_bytes, input_rows, generate, floor, ingest, full_run)


def _count_rows(database: Path) -> int:
    connection = duckdb.connect(str(database), read_only=True)
    tables = [
        name for (name,) in connection.execute("select table_name from duckdb_tables()").fetchall()
    ]
    rows = sum(connection.execute(f"select count(*) from {name}").fetchone()[0] for name in tables)
    connection.close()
    return rows


def run_benchmark(sizes: list[int], work_dir: Path) -> str:
    print(HEADER, flush=True)
    rows = []
    for students in sizes:
        rows.append(bench_size(students, work_dir).row())
        print(rows[-1], flush=True)
    return "\n".join([HEADER, *rows])
