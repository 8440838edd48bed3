"""The floor: DuckDB alone reading the landing files, one all-text table per extract, nothing else.

Every file of an extract (`<system>/<extract>/<year>.csv`) goes into one table in one statement,
every column as text like the raw tables ingestion writes (type sniffing would also guess wrong on
a sample: a location code that is numeric for the first 20,000 rows). No contract, hashing,
archive, lineage or quarantine."""

import sys
from pathlib import Path

import duckdb


def extract_files(landing_dir: Path) -> dict[str, list[Path]]:
    """`<system>__<extract>` -> its year files, for every extract folder with CSV files."""
    extracts: dict[str, list[Path]] = {}
    for path in sorted(landing_dir.glob("*/*/*.csv")):
        extracts.setdefault(f"{path.parent.parent.name}__{path.parent.name}", []).append(path)
    return extracts


def read_landing_with_duckdb(landing_dir: Path, database: Path, memory_limit: str) -> int:
    """Fill `database` with one table per extract; returns the rows read."""
    rows = 0
    with duckdb.connect(str(database), config={"memory_limit": memory_limit}) as connection:
        for table, paths in extract_files(landing_dir).items():
            connection.execute(
                f"create table {table} as select * from read_csv(?, header = true, "
                "all_varchar = true, union_by_name = true)",
                [[str(path) for path in paths]],
            )
            rows += connection.execute(f"select count(*) from {table}").fetchone()[0]
    return rows


if __name__ == "__main__":
    landing, target, limit = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    print(f"floor rows: {read_landing_with_duckdb(landing, target, limit)}")
