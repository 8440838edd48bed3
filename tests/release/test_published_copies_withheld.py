"""GIVEN copies published by release r1, then a warehouse whose finance check failed
WHEN release r2 publishes the analyst database and the Parquet exports with the gate's withheld
marts (a hand-made mart -> reason map, as the asset hands it down)
THEN the withheld mart keeps r1's rows in both places and each says why; a publishable mart is
replaced; with no previous copy the withheld mart is absent and still listed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from packet_warehouse import build_packet_warehouse

from release.analyst_database import publish_analyst_database
from release.export_carry import carry_previous_files
from release.exports import CATALOG, ReleaseInfo, publish_exports

REASON = "withheld: checks failed; its dbt tests failed: fund_sources_fct_school_spending (1 row)"
NOTE = "withheld in release r2: checks failed; its dbt tests failed: fund_sources_fct_school_spending (1 row)"  # noqa: E501
WITHHELD = {"fct_school_spending": REASON, "stg_finance__gl_actuals": REASON}  # a model too


# --- the analyst database ---------------------------------------------------------------------


def _small_warehouse(path: Path, students: int, name: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table marts.dim_school as select 'A' school_id, '{name}' school_name")
        con.execute(
            f"create table marts.fct_school_spending as select 'A' school_id, {students} students"
        )
    return path


def _analyst(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _status(path: Path) -> list[tuple]:
    return _analyst(path, "select * from main.published_status order by mart")


def test_the_analyst_database_keeps_a_withheld_marts_previous_rows_and_says_why(tmp_path):
    target = tmp_path / "analytics.duckdb"
    first = _small_warehouse(tmp_path / "w1.duckdb", 100, "Alpha")
    publish_analyst_database(first, target, {}, release_id="r1", withheld={})
    assert _status(target) == [
        ("dim_school", "current", True, "r1", None),
        ("fct_school_spending", "current", True, "r1", None),
    ]

    second = _small_warehouse(tmp_path / "w2.duckdb", 250, "Alpha Academy")
    published = publish_analyst_database(second, target, {}, release_id="r2", withheld=WITHHELD)

    assert published.withheld == {"fct_school_spending": "r1"}
    assert published.tables == {"dim_school": 1, "fct_school_spending": 1}
    assert _analyst(target, "select * from marts.fct_school_spending") == [("A", 100)]
    assert _analyst(target, "select * from marts.dim_school") == [("A", "Alpha Academy")]
    assert _status(target) == [
        ("dim_school", "current", True, "r2", None),
        ("fct_school_spending", "withheld", True, "r1", NOTE),
    ]
    (comment,) = _analyst(
        target, "select comment from duckdb_tables() where table_name = 'fct_school_spending'"
    )[0]
    assert comment == NOTE.capitalize() + "; these are the previous copy's rows."

    # withheld again in r3: still r1's rows, still said to be r1's; made good in r4: replaced
    third = _small_warehouse(tmp_path / "w3.duckdb", 300, "Alpha Academy")
    publish_analyst_database(third, target, {}, release_id="r3", withheld=WITHHELD)
    assert _analyst(target, "select students from marts.fct_school_spending") == [(100,)]
    assert _status(target)[1][:4] == ("fct_school_spending", "withheld", True, "r1")
    assert _status(target)[1][4].startswith("withheld in release r3: checks failed;")
    publish_analyst_database(third, target, {}, release_id="r4", withheld={})
    assert _analyst(target, "select students from marts.fct_school_spending") == [(300,)]
    assert _status(target)[1] == ("fct_school_spending", "current", True, "r4", None)


def test_with_no_previous_file_a_withheld_mart_is_absent_and_listed(tmp_path):
    warehouse = _small_warehouse(tmp_path / "w.duckdb", 250, "Alpha")
    target = tmp_path / "analytics.duckdb"
    published = publish_analyst_database(warehouse, target, {}, release_id="r2", withheld=WITHHELD)

    assert published.withheld == {"fct_school_spending": None}
    assert published.tables == {"dim_school": 1}
    tables = _analyst(target, "select schema_name, table_name from duckdb_tables() order by 2")
    assert tables == [("marts", "dim_school"), ("main", "published_status")]
    assert _status(target) == [
        ("dim_school", "current", True, "r2", None),
        ("fct_school_spending", "withheld", False, None, NOTE),
    ]


def test_a_previous_file_from_before_the_status_table_gives_rows_of_an_unknown_release(tmp_path):
    target = _small_warehouse(tmp_path / "analytics.duckdb", 100, "Alpha")  # marts only
    warehouse = _small_warehouse(tmp_path / "w.duckdb", 250, "Alpha")
    publish_analyst_database(warehouse, target, {}, release_id="r2", withheld=WITHHELD)
    assert _analyst(target, "select students from marts.fct_school_spending") == [(100,)]
    assert _status(target)[1] == ("fct_school_spending", "withheld", True, None, NOTE)


def test_a_previous_file_that_cannot_be_opened_stops_the_publish_naming_it(tmp_path):
    target = tmp_path / "analytics.duckdb"
    target.write_bytes(b"not a database" * 1000)
    warehouse = _small_warehouse(tmp_path / "w.duckdb", 250, "Alpha")
    with pytest.raises(OSError, match=f"{target}: the previous analyst database cannot be read"):
        publish_analyst_database(warehouse, target, {}, release_id="r2", withheld=WITHHELD)
    assert target.read_bytes() == b"not a database" * 1000
    assert not list(tmp_path.glob(".analytics.duckdb.tmp-*"))


HOLDER = (  # a reader that opened the file for writing, as DBeaver does unless told read-only
    "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('open', flush=True); "
    "sys.stdin.read()"
)


def test_a_reader_holding_the_previous_file_for_writing_does_not_stop_the_carry(tmp_path):
    target = tmp_path / "analytics.duckdb"
    first = _small_warehouse(tmp_path / "w1.duckdb", 100, "Alpha")
    publish_analyst_database(first, target, {}, release_id="r1", withheld={})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.IOException, match="lock"):  # the lock is really held
            duckdb.connect(str(target), read_only=True)
        second = _small_warehouse(tmp_path / "w2.duckdb", 250, "Alpha")
        publish_analyst_database(second, target, {}, release_id="r2", withheld=WITHHELD)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert _analyst(target, "select students from marts.fct_school_spending") == [(100,)]
    assert _status(target)[1][:4] == ("fct_school_spending", "withheld", True, "r1")
    assert not list(tmp_path.glob(".analytics.duckdb.tmp-*"))  # the copy it read is gone


# --- the Parquet exports ----------------------------------------------------------------------


def _release(release_id: str, withheld: dict[str, str]) -> ReleaseInfo:
    return ReleaseInfo(release_id, "run", "2026-03-15", 2026, withheld_marts=withheld)


def _export(warehouse: Path, folder: Path, release: ReleaseInfo):
    return publish_exports(
        warehouse,
        folder / "exports",
        folder / "work" / "exports",
        release=release,
        minimum_n=10,
        docs={},
    )


def _rows(exports: Path, mart: str, columns: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(
            f"select {columns} from read_parquet('{exports / mart}/**/*.parquet') order by 1"
        ).fetchall()


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> tuple[Path, Path]:
    """r1's packet warehouse, and r2's: school A renamed, its spending changed (the check that
    failed)."""
    folder = tmp_path_factory.mktemp("withheld")
    first = build_packet_warehouse(folder / "w1.duckdb")
    second = folder / "w2.duckdb"
    shutil.copy(first, second)
    with duckdb.connect(str(second)) as con:
        con.execute(
            "update marts.dim_school set school_name = 'Alpha Academy' where school_id = 'A'"
        )
        con.execute("update marts.fct_school_spending set per_pupil_expenditure = 99999.99")
    return first, second


def test_the_exports_keep_a_withheld_marts_previous_files_and_the_catalog_says_why(
    warehouses, tmp_path
):
    first, second = warehouses
    exports = tmp_path / "exports"
    _export(first, tmp_path, _release("r1", {}))
    spending = "school_id, school_name, fiscal_year, per_pupil_expenditure"
    assert _rows(exports, "fct_school_spending", spending) == [
        ("A", "Alpha High School", 2026, 12345.67)
    ]
    r1_entry = json.loads((exports / CATALOG).read_text())["marts"]["fct_school_spending"]

    published = _export(second, tmp_path, _release("r2", WITHHELD))

    assert published.withheld == {"fct_school_spending": "r1"}
    assert "fct_school_spending" not in published.marts  # no rows written by this run
    assert os.readlink(exports) == os.path.join(".exports-versions", "r2")
    assert _rows(exports, "fct_school_spending", spending) == [
        ("A", "Alpha High School", 2026, 12345.67)
    ]
    assert _rows(exports, "dim_school", "school_id, school_name")[0] == ("A", "Alpha Academy")
    catalog = json.loads((exports / CATALOG).read_text())
    assert catalog["release_id"] == "r2"
    assert catalog["withheld"] == {"fct_school_spending": NOTE}
    assert catalog["marts"]["fct_school_spending"] == {**r1_entry, "withheld": NOTE}
    assert r1_entry["release_id"] == "r1"
    assert {e["release_id"] for m, e in catalog["marts"].items() if m != "fct_school_spending"} == {
        "r2"
    }

    # withheld again in r3: r1's version is removed, its files live on as copies in r3's
    _export(second, tmp_path, _release("r3", WITHHELD))
    assert sorted(os.listdir(tmp_path / ".exports-versions")) == ["r2", "r3"]
    assert _rows(exports, "fct_school_spending", "per_pupil_expenditure") == [(12345.67,)]
    entry = json.loads((exports / CATALOG).read_text())["marts"]["fct_school_spending"]
    assert (entry["release_id"], entry["rows"]) == ("r1", {"2026": 1})
    assert entry["withheld"].startswith("withheld in release r3: checks failed;")


def test_with_no_previous_export_a_withheld_mart_has_no_files_and_is_listed(warehouses, tmp_path):
    published = _export(warehouses[1], tmp_path, _release("r2", WITHHELD))

    exports = tmp_path / "exports"
    catalog = json.loads((exports / CATALOG).read_text())
    assert published.withheld == {"fct_school_spending": None}
    assert not (exports / "fct_school_spending").exists()
    assert "fct_school_spending" not in catalog["marts"]
    assert catalog["withheld"] == {"fct_school_spending": NOTE}
    assert _rows(exports, "dim_school", "count(*)") == [(4,)]  # the rest goes out: A to D


def test_a_previous_catalog_that_does_not_parse_or_lacks_files_is_refused_naming_it(tmp_path):
    previous = tmp_path / "r1"
    previous.mkdir()
    (previous / CATALOG).write_text('{"release_id": "r1",\n "marts": {')
    with pytest.raises(ValueError, match=rf"{previous / CATALOG}, line 2, column 12"):
        carry_previous_files(previous, "fct_school_spending", tmp_path / "r2" / "x")
    (previous / CATALOG).write_text('{"release_id": "r1", "marts": {"fct_school_spending": {}}}')
    with pytest.raises(FileNotFoundError, match="lists fct_school_spending, but .* is missing"):
        carry_previous_files(previous, "fct_school_spending", tmp_path / "r2" / "x")
    assert not (tmp_path / "r2").exists()
