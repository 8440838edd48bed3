"""The floor: DuckDB alone reading every landing file into a table, nothing else.

Every column is read as text, like the raw tables ingestion writes; type sniffing would also guess
wrong on a sample (a location code that is numeric for the first 20,000 rows) and fail."""

import sys
import time
from pathlib import Path

import duckdb


def read_landing_with_duckdb(landing_dir: Path, database: Path) -> float:
    connection = duckdb.connect(str(database))
    started = time.perf_counter()
    for number, path in enumerate(sorted(landing_dir.rglob("*.csv"))):
        connection.execute(
            f"create table t{number} as "
            "select * from read_csv(?, header = true, all_varchar = true)",
            [str(path)],
        )
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


if __name__ == "__main__":
    read_landing_with_duckdb(Path(sys.argv[1]), Path(sys.argv[2]))
