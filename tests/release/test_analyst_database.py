"""The analyst database: the marts only, with the dbt descriptions as comments, swapped in with
one rename so that a reader holding the old file is never disturbed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import release.analyst_database as analyst_database
from release.analyst_database import publish_analyst_database
from release.mart_docs import MartDoc, mart_docs

REPO = Path(__file__).resolve().parents[2]
FIRST = {"release_id": "r1", "withheld": {}}  # a release whose gate withheld no mart
DOCS = {
    "dim_school": MartDoc(
        "One row per school; it's the district's.",
        ["school_id"],
        {"school_id": "District school identifier.", "not_a_column": "ignored"},
    )
}


def _warehouse(path: Path, enrollment: int) -> Path:
    """marts.dim_school (A: `enrollment` students) and marts.fct_profile, plus the schemas the
    analyst database must leave out."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema raw_sis; create schema restricted")
    con.execute("create table marts.dim_school as select 'A' school_id, 'Alpha' school_name")
    con.execute(f"create table marts.fct_profile as select 'A' school_id, {enrollment} students")
    con.execute("create table raw_sis.enrollments as select 'STU-1' student_id")
    con.execute("create table restricted.student_identities as select 'Ada' first_name")
    con.close()
    return path


def test_it_holds_the_marts_only_with_the_yaml_descriptions_as_comments(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb", 100)
    published = publish_analyst_database(warehouse, tmp_path / "analytics.duckdb", DOCS, **FIRST)
    assert published.tables == {"dim_school": 1, "fct_profile": 1}
    con = duckdb.connect(str(published.path), read_only=True)
    schemas = {s for (s,) in con.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert "marts" in schemas and not schemas & {"raw_sis", "restricted"}
    (comment,) = con.execute(
        "select comment from duckdb_tables() where table_name = 'dim_school'"
    ).fetchone()
    assert comment == "One row per school; it's the district's."
    columns = dict(
        con.execute(
            "select column_name, comment from duckdb_columns() where table_name = 'dim_school'"
        ).fetchall()
    )
    assert columns == {"school_id": "District school identifier.", "school_name": None}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analytics.duckdb", "warehouse.duckdb"]


def test_the_real_marts_yaml_gives_descriptions_and_grains():
    docs = mart_docs(REPO / "dbt_project")
    assert docs["fct_school_profile"].grain == ["reporting_level", "school_id", "school_year"]
    assert docs["dim_school"].grain == ["school_id"]
    assert docs["dim_school"].columns["school_id"] == "District school identifier."
    assert docs["fct_on_track_summary"].description.startswith("Counts and rates of on-track")


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    for line in sys.stdin:  # one query per line the test sends, over the same connection
        total = con.execute("select sum(students) from marts.fct_profile").fetchone()[0]
        print(total, flush=True)
    """
)


def test_a_reader_holding_the_old_file_keeps_old_answers_and_a_new_reader_gets_new_ones(
    tmp_path,
):
    target = tmp_path / "analytics.duckdb"
    publish_analyst_database(_warehouse(tmp_path / "old.duckdb", 100), target, DOCS, **FIRST)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:

        def ask() -> str:
            reader.stdin.write("?\n")
            reader.stdin.flush()
            return reader.stdout.readline().strip()

        assert ask() == "100"
        # GIVEN a reader holding the file WHEN a new warehouse is published THEN nothing waits
        publish_analyst_database(_warehouse(tmp_path / "new.duckdb", 250), target, DOCS, **FIRST)
        assert [ask() for _ in range(3)] == ["100", "100", "100"]
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select sum(students) from marts.fct_profile").fetchone() == (250,)


def test_a_publish_that_fails_midway_leaves_the_old_file_and_no_temporary_file(
    tmp_path, monkeypatch
):
    target = tmp_path / "analytics.duckdb"
    publish_analyst_database(_warehouse(tmp_path / "old.duckdb", 100), target, DOCS, **FIRST)
    before = target.read_bytes()
    new = _warehouse(tmp_path / "new.duckdb", 250)

    def fail(con, table, doc, withheld):
        if table == "fct_profile":  # the second table: the first is already copied
            raise RuntimeError("disk full")

    monkeypatch.setattr(analyst_database, "_comment", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        publish_analyst_database(new, target, DOCS, **FIRST)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "analytics.duckdb",
        "new.duckdb",
        "old.duckdb",
    ]


def test_a_temporary_file_a_killed_run_left_is_removed_by_the_next_publish(tmp_path):
    leftover = tmp_path / ".analytics.duckdb.tmp-0123"
    leftover.write_bytes(b"half a database")
    publish_analyst_database(
        _warehouse(tmp_path / "warehouse.duckdb", 1), tmp_path / "analytics.duckdb", DOCS, **FIRST
    )
    assert not leftover.exists()


def _roster_warehouse(path: Path, mart_columns: str) -> Path:
    """The restricted models as dbt builds them (identities, a principal's roster) and one
    student-level mart with `mart_columns`."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema restricted")
    con.execute(
        "create table restricted.student_identities as select 'STU-1' student_id, "
        "2026 school_year, 'ST-9' state_student_id, 'Ada' first_name, 'Lovelace' last_name, "
        "date '2012-12-10' birth_date"
    )
    con.execute(
        "create table restricted.principal_roster_students as select 'STU-1' student_id, "
        "2026 school_year, 'A' school_id, 'Lovelace' last_name, 'Ada' first_name"
    )
    con.execute(f"create table marts.fct_student_on_track as select {mart_columns}")
    con.close()
    return path


def test_student_level_marts_come_along_and_the_rosters_names_do_not(tmp_path):
    warehouse = _roster_warehouse(
        tmp_path / "warehouse.duckdb", "'STU-1' student_id, 2026 school_year, true is_on_track"
    )
    published = publish_analyst_database(warehouse, tmp_path / "analytics.duckdb", {}, **FIRST)
    assert published.tables == {"fct_student_on_track": 1}
    with duckdb.connect(str(published.path), read_only=True) as con:
        tables = con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
        values = con.execute("select * from marts.fct_student_on_track").fetchall()
    assert tables == [("main", "published_status"), ("marts", "fct_student_on_track")]
    assert values == [("STU-1", 2026, True)]


@pytest.mark.parametrize("column", ["first_name", "birth_date", "state_student_id"])
def test_a_mart_holding_a_direct_identifier_is_refused_and_the_old_file_stays(tmp_path, column):
    target = tmp_path / "analytics.duckdb"
    publish_analyst_database(_warehouse(tmp_path / "old.duckdb", 100), target, DOCS, **FIRST)
    before = target.read_bytes()
    warehouse = _roster_warehouse(
        tmp_path / "warehouse.duckdb", f"'STU-1' student_id, 'x' as {column}"
    )
    with pytest.raises(
        analyst_database.IdentifierInMartError,
        match=f"marts.fct_student_on_track has the column '{column}'",
    ):
        publish_analyst_database(warehouse, target, DOCS, **FIRST)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".analytics.duckdb.tmp-*"))
