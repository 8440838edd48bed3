"""SQL text helpers. Values are written as literals rather than bound as parameters: the DuckDB
Python client imports pandas (about 2 s) the first time a query has parameters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return f"timestamp '{value.isoformat(sep=' ')}'"
    if isinstance(value, str | Path):
        return sql_string(str(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(sql_literal(item) for item in value) + "]::varchar[]"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def sql_values(*values: object) -> str:
    return ", ".join(sql_literal(value) for value in values)


@contextmanager
def insertion_order(con: duckdb.DuckDBPyConnection, preserve: bool) -> Iterator[None]:
    """Run statements with DuckDB's preserve_insertion_order set, then restore the caller's."""
    previous = con.execute("select current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute(f"set preserve_insertion_order = {str(preserve).lower()}")
    try:
        yield
    finally:
        con.execute(f"set preserve_insertion_order = {str(bool(previous)).lower()}")
