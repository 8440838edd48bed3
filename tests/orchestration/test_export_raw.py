"""`k12 export-raw --format parquet`: each contract extract's raw relation, as dbt's source reads
it, written where the spark target's sources read it."""

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from orchestration.cli import main
from orchestration.export_raw import export_raw_parquet


def _warehouse(path: Path) -> Path:
    """raw_sis.schools as ingestion serves it: a view over a year table that also holds a
    quarantined row; and a table outside the contract."""
    connection = duckdb.connect(str(path))
    connection.execute("create schema raw_sis")
    connection.execute(
        "create table raw_sis.schools__2025 as select * from (values"
        " ('100', 'North High', false), ('200', 'South Middle', false), ('9', 'bad', true))"
        " as t(school_id, school_name, is_quarantined)"
    )
    connection.execute(
        "create view raw_sis.schools as select school_id, school_name, 2025 as _school_year"
        " from raw_sis.schools__2025 where not is_quarantined"
    )
    connection.execute("create table raw_sis.not_an_extract as select 1 as x")
    connection.close()
    return path


def test_each_extract_is_written_as_the_source_reads_it(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb")

    folders = export_raw_parquet(warehouse, tmp_path / "raw")

    assert folders == [tmp_path / "raw" / "raw_sis" / "schools"]
    rows = duckdb.sql(
        f"select * from read_parquet('{folders[0]}/*.parquet') order by school_id"
    ).fetchall()
    assert rows == [("100", "North High", 2025), ("200", "South Middle", 2025)]
    assert sorted(p.name for p in (tmp_path / "raw" / "raw_sis").iterdir()) == ["schools"]


def test_a_second_export_replaces_the_first(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb")
    stale = tmp_path / "raw" / "raw_sis" / "schools" / "old.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left by an earlier export")

    export_raw_parquet(warehouse, tmp_path / "raw")

    assert [p.name for p in stale.parent.iterdir()] == ["data.parquet"]


def test_a_missing_warehouse_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.duckdb: no such warehouse file"):
        export_raw_parquet(tmp_path / "nowhere.duckdb", tmp_path / "raw")


def test_a_warehouse_without_raw_extracts_is_refused(tmp_path):
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    with pytest.raises(ValueError, match="empty.duckdb: no raw tables to export"):
        export_raw_parquet(tmp_path / "empty.duckdb", tmp_path / "raw")


def test_the_command_prints_the_folders_and_no_values(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb")

    result = CliRunner().invoke(
        main, ["export-raw", "--warehouse", str(warehouse), str(tmp_path / "raw")]
    )

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        str(tmp_path / "raw" / "raw_sis" / "schools"),
        f"1 raw extracts written as parquet under {tmp_path / 'raw'}",
    ]


def test_the_command_fails_naming_a_missing_warehouse(tmp_path):
    result = CliRunner().invoke(
        main, ["export-raw", "--warehouse", str(tmp_path / "none.duckdb"), str(tmp_path)]
    )

    assert result.exit_code == 1
    assert "none.duckdb: no such warehouse file" in result.output
