"""Ingestion alone (every extract, contract enforced, archived), as `k12 run` does it."""

import sys
from pathlib import Path

import duckdb

from ingestion import load_all
from orchestration.settings import Settings

if __name__ == "__main__":
    landing_dir, database, archive_dir = (Path(arg) for arg in sys.argv[1:4])
    connection = duckdb.connect(
        str(database), config={"memory_limit": Settings.load().duckdb_memory_limit}
    )
    load_all(connection, landing_dir, archive_dir)
    connection.close()
