"""The analyst database: the warehouse's `marts` schema, published as its own DuckDB file that
analysts and BI servers may hold open for as long as they like.

    published = publish_analyst_database(
        warehouse, settings.analyst_db, mart_docs(dbt_dir), release_id=..., withheld=gate_withheld
    )

Why a separate file: DuckDB lets one process write a file, and a reader holding the warehouse
open makes every ingestion step fail to lock it. The pipeline never opens the analyst database;
it builds a new file and swaps it in (it reads the previous file only to carry a withheld mart):

- The new file is written under a hidden temporary name (`.<name>.tmp-<random>`) in the target's
  own folder, so it is on the same filesystem and the swap is one `os.replace`, which POSIX makes
  atomic. A reader that opened the old file keeps its open file, and so the old data, until it
  closes; a reader that opens after the swap gets the new file. No reader can make the publish
  wait or fail, and no reader ever opens a half-built file (nobody opens a hidden temporary name).
- It holds the `marts` tables only (no raw, staging, intermediate or restricted data), built with
  `create table ... as select` from the warehouse attached read-only. `COPY FROM DATABASE` copies
  every schema and cannot be limited to one: on the demo district it was 3 times slower (0.6 s
  against 0.2 s) and 5 times bigger (34 MB against 6.6 MB), holding the very schemas analysts
  must not see.
- The restricted schema's direct identifiers (`restricted.student_identities`: names, birth
  date, state id) never come along: a mart holding one of those columns is refused, naming it,
  rather than copied, as the rosters built on them (`restricted.principal_roster_students`,
  `rpt_principal_roster_*`) are for principals, not analysts.
- The dbt YAML's descriptions become `COMMENT ON TABLE` and `COMMENT ON COLUMN`.
- A mart the gate withheld (its own or an upstream dbt test failed: `withheld`, mart -> reason,
  handed down as plain data) is not copied from the warehouse: the new file carries the previous
  analyst database's table of it, rows as they were, if there is one, else no table. The table
  `main.published_status` says of every mart whether it is current or withheld, why, and which
  release's run built its rows, so a withheld mart never passes for a fresh one.
- If anything fails, the temporary file (and its write-ahead log) is removed and the old analyst
  database is untouched. A temporary file a killed run left is removed by the next publish.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from release.mart_docs import MartDoc
from release.publish import fsync_path

SCHEMA = "marts"
# the model whose columns, other than its keys, are the direct identifiers of a student
IDENTITIES = ("restricted", "student_identities")
IDENTITY_KEYS = ("student_id", "school_year")
_TEMPORARY_INFIX = ".tmp-"
STATUS_TABLE = "published_status"  # in the file's default schema, main, beside `marts`
_PREVIOUS = "previous"
CURRENT, WITHHELD = "current", "withheld"


@dataclass(frozen=True)
class AnalystDatabase:
    path: Path
    tables: dict[str, int]  # mart -> rows, withheld marts' carried rows included
    # withheld mart -> the release whose rows it carries (None: no previous copy, no table)
    withheld: dict[str, str | None] = field(default_factory=dict)


def withheld_note(release_id: str, reason: str) -> str:
    """'withheld in release <id>: checks failed; ...', from the gate's 'withheld: ...' reason."""
    return f"withheld in release {release_id}: {reason.removeprefix('withheld: ')}"


def publish_analyst_database(
    warehouse: Path,
    target: Path,
    docs: dict[str, MartDoc],
    *,
    release_id: str,
    withheld: Mapping[str, str],
) -> AnalystDatabase:
    """Copy the warehouse's marts into a new file and move it over `target` in one rename; a
    mart in `withheld` (mart -> the gate's reason) keeps the previous file's copy, if any."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}{_TEMPORARY_INFIX}*"):
        leftover.unlink(missing_ok=True)  # a killed run's; runs hold the run lock, so not in use
    temporary = target.parent / f".{target.name}{_TEMPORARY_INFIX}{uuid.uuid4().hex}"
    previous = (target, temporary.with_name(temporary.name + "-previous"))  # the file, a copy
    try:
        built = _build(Path(warehouse), temporary, docs, previous, release_id, withheld)
        fsync_path(temporary)
        os.replace(temporary, target)
    except BaseException:
        for path in (temporary, temporary.with_name(temporary.name + ".wal")):
            path.unlink(missing_ok=True)
        raise
    finally:
        previous[1].unlink(missing_ok=True)  # holds student rows: never outlives the publish
    fsync_path(target.parent)
    return AnalystDatabase(target, *built)


def _build(warehouse: Path, path: Path, docs, previous: tuple, release_id: str, withheld) -> tuple:
    con = duckdb.connect()  # in memory: the warehouse is only ever attached read-only
    try:
        con.execute(f"attach {_literal(str(warehouse))} as warehouse (read_only)")
        _refuse_identifiers(con)
        marts = mart_tables(con, "warehouse")
        held = {
            mart: withheld_note(release_id, withheld[mart]) for mart in marts if mart in withheld
        }
        carried = _attach_previous(con, *previous, held) if held else {}
        con.execute(f"attach {_literal(str(path))} as analyst")
        con.execute(f"create schema analyst.{SCHEMA}")
        tables, statuses = {}, []
        for table in marts:
            if table in held and table not in carried:
                statuses.append((table, WITHHELD, False, None, held[table]))
                continue
            source = _PREVIOUS if table in held else "warehouse"
            con.execute(
                f'create table analyst.{SCHEMA}."{table}" as '
                f'select * from {source}.{SCHEMA}."{table}"'
            )
            _comment(con, table, docs.get(table), held.get(table))
            (tables[table],) = con.execute(
                f'select count(*) from analyst.{SCHEMA}."{table}"'
            ).fetchone()
            if table in held:
                statuses.append((table, WITHHELD, True, carried[table], held[table]))
            else:
                statuses.append((table, CURRENT, True, release_id, None))
        _write_statuses(con, statuses)
        con.execute("detach analyst")  # checkpoints: the file is complete, with no WAL beside it
        return tables, {table: carried.get(table) for table in held}
    finally:
        con.close()


def _attach_previous(con, previous: Path, copy: Path, held: dict) -> dict:
    """The previous file's marts among `held`, attached read-only as `previous`: mart -> the
    release whose run built its rows (None: a file from before `published_status`)."""
    if not previous.exists():
        return {}
    try:
        con.execute(f"attach {_literal(str(previous))} as {_PREVIOUS} (read_only)")
    except duckdb.Error:
        # A reader that opened it for writing holds its lock: read a copy, so that no reader
        # can make a run fail (the pipeline never writes the file, so the copy is whole).
        shutil.copyfile(previous, copy)
        try:
            con.execute(f"attach {_literal(str(copy))} as {_PREVIOUS} (read_only)")
        except duckdb.Error as error:
            raise OSError(
                f"{previous}: the previous analyst database cannot be read to carry the withheld "
                f"marts {', '.join(sorted(held))} forward ({error}); move it away to publish "
                "them as absent"
            ) from error
    releases = {}
    if STATUS_TABLE in _relations_of(con, _PREVIOUS, "main"):
        releases = dict(
            con.execute(
                f"select mart, release_id from {_PREVIOUS}.main.{STATUS_TABLE} where has_table"
            ).fetchall()
        )
    return {m: releases.get(m) for m in mart_tables(con, _PREVIOUS) if m in held}


def _write_statuses(con: duckdb.DuckDBPyConnection, statuses: list[tuple]) -> None:
    relation = f"analyst.main.{STATUS_TABLE}"
    con.execute(
        f"create table {relation} (mart varchar primary key, status varchar not null, "
        "has_table boolean not null, release_id varchar, reason varchar)"
    )
    if statuses:
        con.executemany(f"insert into {relation} values (?, ?, ?, ?, ?)", statuses)
    con.execute(
        f"comment on table {relation} is 'One row per mart: current (built by this run from "
        "release_id''s warehouse) or withheld (a failed dbt check; reason says which): then "
        "has_table says whether the table is the previous copy, built for release_id, or absent.'"
    )


def mart_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The relations of `<catalog>.marts`, sorted."""
    return _relations_of(con, catalog, SCHEMA)


def _relations_of(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = ? order by table_name",
        [catalog, schema],
    ).fetchall()
    return [name for (name,) in rows]


class IdentifierInMartError(ValueError):
    """A mart carries a column that identifies a student directly."""


def _refuse_identifiers(con: duckdb.DuckDBPyConnection) -> None:
    identifiers = [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'warehouse' "
            "and schema_name = ? and table_name = ?",
            list(IDENTITIES),
        ).fetchall()
        if name not in IDENTITY_KEYS
    ]
    found = con.execute(
        "select table_name, column_name from duckdb_columns() where database_name = 'warehouse' "
        "and schema_name = ? and list_contains(?, column_name) order by table_name, column_name",
        [SCHEMA, identifiers],
    ).fetchall()
    if found:
        table, column = found[0]
        raise IdentifierInMartError(
            f"marts.{table} has the column {column!r}, a direct identifier of "
            f"{'.'.join(IDENTITIES)}: the analyst database takes no names, birth dates or state "
            "ids; keep it in the restricted schema"
        )


def _comment(
    con: duckdb.DuckDBPyConnection, table: str, doc: MartDoc | None, withheld: str | None = None
) -> None:
    """The YAML's descriptions; a withheld mart's table comment starts with why (BI tools show
    table comments where analysts look)."""
    relation = f'analyst.{SCHEMA}."{table}"'
    parts = [f"{withheld.capitalize()}; these are the previous copy's rows." if withheld else ""]
    description = " ".join(text for text in [*parts, doc.description if doc else ""] if text)
    if description:
        con.execute(f"comment on table {relation} is {_literal(description)}")
    if doc is None:
        return
    present = {
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() "
            "where database_name = 'analyst' and schema_name = ? and table_name = ?",
            [SCHEMA, table],
        ).fetchall()
    }
    for column, description in doc.columns.items():
        if description and column in present:
            con.execute(f'comment on column {relation}."{column}" is {_literal(description)}')


def _literal(text: str) -> str:
    """COMMENT ON and ATTACH take a constant, not a parameter: a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
