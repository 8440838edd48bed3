"""Build a district's marts on local Spark with dbt-spark's session method, in one process.

Run as a script by tests/spark (a fresh process: the JVM and its Derby metastore end with it):
    python tests/spark/spark_build.py
with K12_SPARK_RAW_DIR (the `k12 export-raw --format parquet` folder) and K12_SPARK_WAREHOUSE_DIR
(where the tables and metastore go) set; K12_SPARK_MASTER defaults to local[*]. One process for
both dbt invocations: the Spark session, started once, serves them both.
"""

import sys
from pathlib import Path

from dbt.cli.main import dbtRunner

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"


def build_on_spark(work: Path) -> bool:
    common = [
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target",
        "spark",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    runner = dbtRunner()
    registered = runner.invoke(["run-operation", "register_raw_tables", *common])
    if not registered.success:
        return False
    # Seeds and models only: the comparison with DuckDB is the test (tests/spark).
    built = runner.invoke(["build", "--resource-type", "seed", "--resource-type", "model", *common])
    return built.success


if __name__ == "__main__":
    sys.exit(0 if build_on_spark(Path(sys.argv[1])) else 1)
