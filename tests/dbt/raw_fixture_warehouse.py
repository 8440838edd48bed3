"""Build raw tables the way ingestion writes them, from a folder of hand-written CSVs.

The folder mirrors the landing layout, `<system>/<extract>/<school_year>.csv`. Each file becomes
rows of `raw_<system>.<extract>`: every CSV column as VARCHAR exactly as written (whitespace and
case kept, empty stays empty) plus the lineage columns ingestion adds. Nothing is validated here:
the fixtures are written to be valid, and tests that need a defect plant it themselves.

Local development:
    uv run python tests/dbt/raw_fixture_warehouse.py /tmp/dev.duckdb
    export K12_WAREHOUSE=/tmp/dev.duckdb
    uv run dbt build --project-dir dbt_project --profiles-dir dbt_project
"""

import csv
import hashlib
import sys
from pathlib import Path

import duckdb

FIXTURES = Path(__file__).parent / "fixtures" / "raw"
LINEAGE = (
    "_school_year integer, _source_file varchar, _source_sha256 varchar, "
    "_source_row_number bigint, _loaded_at timestamp"
)


def build_raw_warehouse(database: Path, fixtures: Path = FIXTURES) -> None:
    connection = duckdb.connect(str(database))
    for path in sorted(fixtures.glob("*/*/*.csv")):
        system, extract, school_year = path.parent.parent.name, path.parent.name, int(path.stem)
        with path.open(newline="") as file:
            header, *rows = list(csv.reader(file))
        table = f"raw_{system}.{extract}"
        columns = ", ".join(f'"{name}" varchar' for name in header)
        connection.execute(f"create schema if not exists raw_{system}")
        connection.execute(f"create table if not exists {table} ({columns}, {LINEAGE})")
        for name in header:  # a later file may carry an extra column an earlier one lacked
            connection.execute(f'alter table {table} add column if not exists "{name}" varchar')
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        names = ", ".join(f'"{name}"' for name in header)
        placeholders = ", ".join("?" for _ in header)
        connection.executemany(
            f"insert into {table} ({names}, _school_year, _source_file, _source_sha256, "
            f"_source_row_number, _loaded_at) values ({placeholders}, ?, ?, ?, ?, now())",
            [
                [*row, school_year, str(path), sha256, number]
                for number, row in enumerate(rows, start=1)
            ],
        )
    connection.close()


if __name__ == "__main__":
    build_raw_warehouse(Path(sys.argv[1]))
