"""The dbt project built on Spark at one district size, measured; then extrapolated to a state.

Run with .venv-spark's python (it has dbt-spark and pyspark; docs/state-scale.md#simulation):

    python benchmarks/spark_scale.py measure --warehouse W --students N --years Y --work DIR
    python benchmarks/spark_scale.py extrapolate SMALL.json LARGE.json --students S --years Y

`measure` exports W's raw tables to Parquet (as `k12 export-raw` does), builds the seeds and models
on the `spark` target in a child process (`K12_SPARK_MASTER`, default local[*]), and writes
DIR/results.json: per-model seconds (dbt's run_results.json), rows and Parquet bytes of each raw
table and each built table, the child's wall and CPU seconds, its JVM start-up (the first
SparkSession) and the peak memory of its process tree. The raw extracts and built tables,
student-level, are removed when it ends. `extrapolate` fits `seconds = fixed + per_row * raw rows`
through the two sizes, model by model, and prints the estimate for S students over Y years as JSON.
"""

import argparse
import json
import math
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.measure import measure
from orchestration.export_raw import export_raw_parquet

PROJECT_DIR = Path(__file__).parents[1] / "dbt_project"


def growth_exponent(rows_small: int, rows_large: int, size_ratio: float) -> float:
    """How a table grows with the students: 1 for rows per student, 0 for a fixed table."""
    if rows_small <= 0 or rows_large <= 0:
        return 0.0
    return max(0.0, math.log(rows_large / rows_small) / math.log(size_ratio))


def table_multiplier(exponent: float, student_factor: float, year_factor: float) -> float:
    """Rows at the target over rows at the large size. Every raw extract is one file per school
    year, so every table takes the year factor; the student factor counts as far as it grew."""
    return student_factor**exponent * year_factor


def fit_line(rows_small: float, seconds_small: float, rows_large: float, seconds_large: float):
    """(fixed seconds, seconds per row) of the line through the two sizes. A time that did not
    grow (noise on a shared machine) is taken as fixed: the larger of the two, no per-row cost."""
    if rows_large <= rows_small:
        raise ValueError(f"the large size has {rows_large} rows, not more than {rows_small}")
    per_row = (seconds_large - seconds_small) / (rows_large - rows_small)
    if per_row <= 0:
        return max(seconds_small, seconds_large), 0.0
    return seconds_small - per_row * rows_small, per_row


def cluster_seconds(per_row_seconds: float, measured_cores: int, cores: int, efficiency: float):
    """Per-row seconds spread over `cores` instead of `measured_cores`, at `efficiency` (shuffles
    and skew keep a cluster from dividing the work perfectly)."""
    return per_row_seconds * measured_cores / (cores * efficiency)


def extrapolate(
    small: dict, large: dict, students: int, years: int, cluster_cores: int, efficiency: float
) -> dict:
    size_ratio = large["students"] / small["students"]
    student_factor = students / large["students"]
    year_factor = years / large["years"]
    raw_rows = {"small": 0, "large": 0, "target": 0.0}
    raw_bytes_target, multipliers = 0.0, {}
    for name, big in large["raw_tables"].items():
        exponent = growth_exponent(small["raw_tables"][name]["rows"], big["rows"], size_ratio)
        multipliers[name] = table_multiplier(exponent, student_factor, year_factor)
        raw_rows["small"] += small["raw_tables"][name]["rows"]
        raw_rows["large"] += big["rows"]
        raw_rows["target"] += big["rows"] * multipliers[name]
        raw_bytes_target += big["bytes"] * multipliers[name]
    fixed = large["jvm_start_seconds"] + large["register_seconds"]
    per_row_seconds = 0.0
    for node, seconds in large["node_seconds"].items():
        node_fixed, node_per_row = fit_line(
            raw_rows["small"], small["node_seconds"].get(node, 0.0), raw_rows["large"], seconds
        )
        fixed += node_fixed
        per_row_seconds += node_per_row
    built_bytes_target = sum(
        table["bytes"]
        * table_multiplier(
            growth_exponent(
                small["built_tables"].get(name, {}).get("rows", 0), table["rows"], size_ratio
            ),
            student_factor,
            year_factor,
        )
        for name, table in large["built_tables"].items()
    )
    here = per_row_seconds * raw_rows["target"]
    estimate = {
        "students": students,
        "years": years,
        "table_multipliers": multipliers,
        "raw_rows": raw_rows,
        "fixed_seconds": fixed,
        "seconds_per_million_raw_rows": per_row_seconds * 1e6,
        "measured_cores": large["cores"],
        "hours_on_measured_cores": (fixed + here) / 3600,
        f"hours_on_{cluster_cores}_cores": (
            fixed + cluster_seconds(here, large["cores"], cluster_cores, efficiency)
        )
        / 3600,
        "cluster_efficiency_assumed": efficiency,
        "raw_parquet_gb": raw_bytes_target / 1e9,
        "built_parquet_gb": built_bytes_target / 1e9,
    }
    if "cpu_seconds" in small and "cpu_seconds" in large:  # measured since b69d912
        cpu_fixed, cpu_per_row = fit_line(
            raw_rows["small"], small["cpu_seconds"], raw_rows["large"], large["cpu_seconds"]
        )
        # CPU seconds are one core's: spread over the cluster's cores like the wall time's share
        cpu_spread = cluster_seconds(cpu_per_row * raw_rows["target"], 1, cluster_cores, efficiency)
        estimate["cpu_fixed_seconds"] = cpu_fixed
        estimate["cpu_seconds_per_million_raw_rows"] = cpu_per_row * 1e6
        estimate[f"hours_on_{cluster_cores}_cores_from_cpu"] = (fixed + cpu_spread) / 3600
    return estimate


def parquet_tables(root: Path, suffix: str = "") -> dict[str, dict[str, int]]:
    """Rows and bytes of each `<root>/<schema><suffix>/<table>/` folder of Parquet files."""
    tables = {}
    for folder in sorted(path for path in root.glob("*/*") if path.is_dir()):
        files = sorted(folder.glob("*.parquet"))
        if not files:
            continue
        rows = duckdb.sql(f"select count(*) from read_parquet({[str(f) for f in files]})")
        name = f"{folder.parent.name.removesuffix(suffix)}.{folder.name}"
        tables[name] = {"rows": rows.fetchone()[0], "bytes": sum(f.stat().st_size for f in files)}
    return tables


def _cpu_seconds() -> float:
    """CPU seconds of this process and its JVM (pyspark's gateway) so far: unlike wall time, not
    stretched by other work on a shared machine."""
    from pyspark import SparkContext

    own = resource.getrusage(resource.RUSAGE_SELF)
    seconds = own.ru_utime + own.ru_stime
    if SparkContext._gateway is not None:
        stat = Path(f"/proc/{SparkContext._gateway.proc.pid}/stat").read_text()
        utime, stime = stat[stat.rindex(")") + 2 :].split()[11:13]
        seconds += (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")
    return seconds


def build_on_spark(work: Path) -> int:
    """The child: register the raw tables, build seeds and models; timings to work/timings.json."""
    from dbt.cli.main import dbtRunner
    from pyspark.sql import SparkSession

    # The JVM starts in dbt-spark's first getOrCreate: time that call alone.
    first_session = {}
    original = SparkSession.Builder.getOrCreate

    def timed_get_or_create(builder):
        started = time.perf_counter()
        session = original(builder)
        first_session.setdefault("seconds", time.perf_counter() - started)
        return session

    SparkSession.Builder.getOrCreate = timed_get_or_create
    common = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    common += ["--target", "spark", "--target-path", str(work / "target")]
    common += ["--log-path", str(work / "logs")]
    runner, started = dbtRunner(), time.perf_counter()
    if not runner.invoke(["run-operation", "register_raw_tables", *common]).success:
        return 1
    registered, registered_cpu = time.perf_counter(), _cpu_seconds()
    built = runner.invoke(["build", "--resource-type", "seed", "--resource-type", "model", *common])
    timings = {
        "jvm_start_seconds": first_session.get("seconds", 0.0),
        "register_seconds": registered - started - first_session.get("seconds", 0.0),
        "build_seconds": time.perf_counter() - registered,
        "register_cpu_seconds": registered_cpu,
        "cpu_seconds": _cpu_seconds(),
    }
    (work / "timings.json").write_text(json.dumps(timings))
    return 0 if built.success else 1


def measure_size(warehouse: Path, students: int, years: int, work: Path) -> dict:
    """The measurement; the student-level Parquet it wrote (raw extracts, built tables) is
    removed afterwards, failed or not: only counts, sizes, timings and dbt's logs stay."""
    try:
        return _measure_size(warehouse, students, years, work)
    finally:
        for student_level in ("raw", "spark/tables", "spark/metastore_db"):
            shutil.rmtree(work / student_level, ignore_errors=True)


def _measure_size(warehouse: Path, students: int, years: int, work: Path) -> dict:
    raw, spark = work / "raw", work / "spark"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    export_raw_parquet(warehouse, raw)
    export_seconds = time.perf_counter() - started
    env = {**os.environ, "DO_NOT_TRACK": "1", "K12_SPARK_RAW_DIR": str(raw)}
    env["K12_SPARK_WAREHOUSE_DIR"] = str(spark)
    os.chdir(work)  # Spark's derby.log and scratch files stay in the work folder
    child = measure(
        [sys.executable, str(Path(__file__).resolve()), "_build", str(spark)],
        work / "spark.log",
        env,
    )
    if child.returncode != 0:
        raise SystemExit(f"dbt on Spark failed; see {work / 'spark.log'} and {spark / 'logs'}")
    run_results = json.loads((spark / "target" / "run_results.json").read_text())
    return {
        "students": students,
        "years": years,
        "cores": os.cpu_count(),
        # the machine is shared: how busy it was says how far to trust the seconds
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "spark_master": env.get("K12_SPARK_MASTER", "local[*]"),
        "export_seconds": export_seconds,
        "child_wall_seconds": child.seconds,
        "peak_tree_bytes": child.peak_tree_bytes,
        **json.loads((spark / "timings.json").read_text()),
        "node_seconds": {r["unique_id"]: r["execution_time"] for r in run_results["results"]},
        "raw_tables": parquet_tables(raw),
        "built_tables": parquet_tables(spark / "tables", suffix=".db"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    measured = commands.add_parser("measure")
    measured.add_argument("--warehouse", type=Path, required=True)
    measured.add_argument("--students", type=int, required=True)
    measured.add_argument("--years", type=int, required=True)
    measured.add_argument("--work", type=Path, required=True)
    extrapolated = commands.add_parser("extrapolate")
    extrapolated.add_argument("small", type=Path)
    extrapolated.add_argument("large", type=Path)
    extrapolated.add_argument("--students", type=int, default=5_000_000)
    extrapolated.add_argument("--years", type=int, default=10)
    extrapolated.add_argument("--cluster-cores", type=int, default=64)
    extrapolated.add_argument("--efficiency", type=float, default=0.5)
    commands.add_parser("_build").add_argument("work", type=Path)
    args = parser.parse_args(argv)
    if args.command == "_build":
        return build_on_spark(args.work)
    if args.command == "measure":
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
        results = measure_size(args.warehouse.resolve(), args.students, args.years, work)
        (work / "results.json").write_text(json.dumps(results, indent=2))
        return 0
    small, large = (json.loads(path.read_text()) for path in (args.small, args.large))
    estimate = extrapolate(
        small, large, args.students, args.years, args.cluster_cores, args.efficiency
    )
    print(json.dumps(estimate, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
