"""The DuckDB warehouse as a Dagster resource: one file, one writer at a time."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource


class Warehouse(ConfigurableResource):
    """The warehouse file and the folders ingestion reads from and archives to."""

    database_path: str
    landing_dir: str
    archive_dir: str
    memory_limit: str | None = None  # a DuckDB size such as "4GB"; None keeps DuckDB's default

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database_path).parent.mkdir(parents=True, exist_ok=True)
        # Closed on exit because dbt opens the same file next, and DuckDB allows one writer.
        config = {"memory_limit": self.memory_limit} if self.memory_limit else {}
        connection = duckdb.connect(self.database_path, config=config)
        try:
            yield connection
        finally:
            connection.close()
