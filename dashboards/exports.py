"""The public Parquet exports, read with DuckDB: one version, the marts the pages need.

The export folder is a link swapped by each run, so it is resolved once and every mart is read
from that one version (docs/connect-bi.md). Every figure here is a published cell or is worked
out from published cells only; a withheld cell stays NULL and keeps its `_suppression` reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

CATALOG = "catalog.json"


class ExportsError(ValueError):
    """The export folder cannot be read as a publication of k12-warehouse."""


@dataclass(frozen=True)
class ExportVersion:
    folder: Path  # the resolved version folder, not the link
    release_id: str
    as_of_date: str
    school_year: int
    marts: frozenset[str]

    @classmethod
    def open(cls, export_dir: Path) -> ExportVersion:
        folder = Path(export_dir).resolve()
        catalog_path = folder / CATALOG
        if not catalog_path.is_file():
            raise ExportsError(
                f"{catalog_path}: no catalog; is {export_dir} an export folder? "
                "A run that passed the release gate writes it (`make run`)."
            )
        try:
            catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ExportsError(
                f"{catalog_path}, line {error.lineno}, column {error.colno}: {error.msg}"
            ) from error
        missing = {"release_id", "as_of_date", "school_year", "marts"} - catalog.keys()
        if missing:
            raise ExportsError(f"{catalog_path}: no {', '.join(sorted(missing))} field")
        return cls(
            folder=folder,
            release_id=catalog["release_id"],
            as_of_date=catalog["as_of_date"],
            school_year=int(catalog["school_year"]),
            marts=frozenset(catalog["marts"]),
        )

    def read(
        self, mart: str, sql: str = "select * from mart", parameters: dict | None = None
    ) -> pd.DataFrame:
        """`sql` over the mart's files, named `mart`; an empty frame if the run exported none."""
        files = self.folder / mart
        if mart not in self.marts or not any(files.rglob("*.parquet")):
            return pd.DataFrame()
        with duckdb.connect() as con:
            pattern = str(files / "**" / "*.parquet").replace("'", "''")
            con.execute(
                f"create view mart as select * from read_parquet('{pattern}', "
                "hive_partitioning = true, union_by_name = true)"
            )
            return con.execute(sql, parameters or {}).df()
