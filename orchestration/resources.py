"""The DuckDB warehouse as a Dagster resource: one file, one run at a time, one writer at a time."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext

from orchestration.run_lock import run_lock
from orchestration.scratch import clean_leftovers
from orchestration.settings import Settings


class Warehouse(ConfigurableResource):
    """The warehouse file and the folders ingestion reads from and archives to. Built from the
    settings (orchestration.definitions); holding it for a run holds the run lock."""

    database_path: str
    landing_dir: str
    archive_dir: str
    release_dir: str
    scratch_dir: str
    analyst_db: str
    memory_limit: str

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator["Warehouse"]:
        # A run started from the UI or the schedule takes the lock here for the whole run; under
        # `k12 run`, which took it already in this process, this is a no-op. A second run fails
        # at once, naming the first, before any step has touched the warehouse.
        # A Dagster run waits for nobody (0 s): the queue in dagster.yaml already serializes the
        # runs Dagster itself starts, and a clash with `k12 run` is better said at once.
        with run_lock(Path(self.database_path), 0, on_acquire=self._clean_leftovers):
            yield self

    def _clean_leftovers(self) -> None:
        clean_leftovers(
            Path(self.scratch_dir),
            Path(self.archive_dir),
            Path(self.release_dir),
            Path(self.analyst_db),
        )

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database_path).parent.mkdir(parents=True, exist_ok=True)
        config = {
            "memory_limit": self.memory_limit,
            # Spill files hold student data: they go where the next run cleans.
            "temp_directory": str(Path(self.scratch_dir) / "duckdb"),
        }
        # Closed on exit because dbt opens the same file next, and DuckDB allows one writer.
        connection = duckdb.connect(self.database_path, config=config)
        try:
            yield connection
        finally:
            connection.close()


def pipeline_resources(settings: Settings) -> dict:
    """The resources every asset and check may ask for: the settings themselves, handed down
    whole, and the warehouse they name."""
    warehouse = Warehouse(
        database_path=str(settings.warehouse),
        landing_dir=str(settings.landing_dir),
        archive_dir=str(settings.archive_dir),
        release_dir=str(settings.release_dir),
        scratch_dir=str(settings.scratch_dir),
        analyst_db=str(settings.analyst_db),
        memory_limit=settings.duckdb_memory_limit,
    )
    return {"settings": settings, "warehouse": warehouse}
