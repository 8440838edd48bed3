"""Streams DataFrame chunks into contract CSV files through DuckDB's CSV writer.

DuckDB formats dates, decimals and quoting in vectorised C++ code, so the generator hands it integer
day numbers, integer ids and pandas categoricals, and the SELECT list turns them into text. COPY
cannot append, so each chunk goes to a scratch file whose bytes are appended to the target.
"""

import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd


def sql_date(column: str) -> str:
    """Days since 1970-01-01 as a DATE; -1 marks a missing date (earlier days are real)."""
    return f"CASE WHEN {column} <> -1 THEN DATE '1970-01-01' + CAST({column} AS INTEGER) END"


def sql_id(prefix: str, column: str, width: int) -> str:
    return f"'{prefix}' || lpad(CAST({column} AS VARCHAR), {width}, '0')"


def sql_flag(column: str) -> str:
    return f"CASE WHEN {column} THEN 'Y' ELSE 'N' END"


def categorical(codes, categories) -> pd.Categorical:
    """Integer codes (-1 = missing) as a categorical: written as text, never built per row."""
    return pd.Categorical.from_codes(codes, categories=list(categories))


def column_name(select_item: str) -> str:
    return select_item.rsplit(" AS ", 1)[-1].strip()


class CsvSink:
    """Owns every output file of one generation run and counts the rows written to each."""

    def __init__(self, root: Path):
        self.root = root
        self.rows: dict[str, int] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix="demo_district_"))
        self._con = duckdb.connect()
        # Row order must not depend on thread scheduling, or the same seed would give other bytes.
        self._con.execute("SET preserve_insertion_order = true")
        self._con.execute("SET enable_progress_bar = false")

    def write(self, relpath: str, frame: pd.DataFrame, select: list[str]) -> None:
        target = self.root / relpath
        first = relpath not in self.rows
        if first:
            target.parent.mkdir(parents=True, exist_ok=True)
            if len(frame) == 0:
                target.write_text(",".join(map(column_name, select)) + "\n", encoding="utf-8")
                self.rows[relpath] = 0
                return
        if len(frame) == 0:
            return
        scratch = self._scratch / "chunk.csv"
        self._con.register("chunk", frame)
        try:
            self._con.execute(
                f"COPY (SELECT {', '.join(select)} FROM chunk) TO '{scratch}' "
                f"(HEADER {'true' if first else 'false'}, DELIMITER ',')"
            )
        finally:
            self._con.unregister("chunk")
        with open(target, "wb" if first else "ab") as out, open(scratch, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 22)
        self.rows[relpath] = self.rows.get(relpath, 0) + len(frame)

    def close(self) -> None:
        self._con.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
