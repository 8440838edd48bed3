"""SQL text helpers. Values are written as literals rather than bound as parameters: the DuckDB
Python client imports pandas (about 2 s) the first time a query has parameters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


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
