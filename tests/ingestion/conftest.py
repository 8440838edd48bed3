"""Shared fixtures: a fresh DuckDB warehouse file and a landing folder built from fixture cases."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pytest

from ingestion.guards import IngestionGuards
from ingestion.load import load_extract

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Workspace:
    root: Path
    con: duckdb.DuckDBPyConnection

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    def use(self, case: str) -> Path:
        """Copy fixtures/<case>/landing over the landing folder (later cases overwrite files)."""
        shutil.copytree(FIXTURES / case / "landing", self.landing, dirs_exist_ok=True)
        return self.landing

    def load(self, system: str, extract: str, **options):
        options.setdefault("seeds_dir", self.root / "no-seeds")
        # Fixture cases are a few rows, most of them bad on purpose: only a file rejected whole
        # fails here. tests/ingestion/test_quarantine_guard.py tests the share itself.
        options.setdefault("guards", replace(IngestionGuards.default(), max_rejected_share=1.0))
        return load_extract(self.con, self.landing, self.archive, system, extract, **options)

    def rows(self, sql: str, parameters: list | None = None) -> list[tuple]:
        return self.con.execute(sql, parameters or []).fetchall()


@pytest.fixture
def ws(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    workspace = Workspace(tmp_path, con)
    workspace.landing.mkdir()
    yield workspace
    con.close()
