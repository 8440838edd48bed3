"""What the importers write is what ingestion accepts: loaded with no row quarantined.

The importers' output for the hand-written fixtures goes through `ingestion.load_all` into a
temporary DuckDB warehouse, with the project's own crosswalk seeds, as `k12 run` would load it.
"""

from __future__ import annotations

import duckdb
import pytest

from ingestion import load_all
from ingestion.errors import ContractViolation
from ingestion.importers.edfi import import_edfi
from ingestion.importers.oneroster import import_oneroster
from tests.importers.conftest import FIXTURES


@pytest.fixture
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield con
    con.close()


def _quarantined(con) -> int:
    return con.execute("select count(*) from raw_quarantine.rejected_rows").fetchone()[0]


def test_edfi_output_loads_without_quarantine(tmp_path, warehouse):
    import_edfi(FIXTURES / "edfi_xml", tmp_path / "landing", 2025)
    results = load_all(warehouse, tmp_path / "landing", tmp_path / "archive")
    assert _quarantined(warehouse) == 0
    loaded = {(r.system, r.extract): r.rows_in_table for r in results}
    assert loaded[("sis", "students")] == 3
    assert loaded[("sis", "attendance")] == 3
    assert loaded[("hr", "staff")] == 2
    assert warehouse.execute(
        "select student_id, grade_level, class_of from raw_sis.enrollments order by 1"
    ).fetchall() == [("S1", "09", "2028"), ("S2", "07", None)]


def test_oneroster_output_loads_without_quarantine(tmp_path, warehouse):
    import_oneroster(FIXTURES / "oneroster_v1p1", tmp_path / "landing", 2025)
    load_all(warehouse, tmp_path / "landing", tmp_path / "archive")
    assert _quarantined(warehouse) == 0
    assert warehouse.execute(
        "select school_id, school_level, grade_low, grade_high from raw_sis.schools order by 1"
    ).fetchall() == [("H1", "high", "09", "10"), ("M1", "middle", "07", "07")]
    assert warehouse.execute(
        "select student_id, race_ethnicity from raw_sis.students order by 1"
    ).fetchall() == [("U1", "hispanic"), ("U2", "two_or_more"), ("U3", "black")]


def test_a_students_file_the_contract_refuses_whole_is_not_loaded(tmp_path, warehouse):
    # GIVEN a OneRoster export whose only student came from a delta demographics file: no
    # birth date, sex or race, so the contract refuses every row of sis/students
    import_oneroster(FIXTURES / "oneroster_v1p2", tmp_path / "landing", 2025)
    # WHEN it is loaded THEN the extract fails naming the file and the reasons (a file rejected
    # whole is a broken delivery, not a quarantine), and no student row is loaded
    with pytest.raises(ContractViolation) as failure:
        load_all(warehouse, tmp_path / "landing", tmp_path / "archive")
    message = str(failure.value)
    assert "sis/students/2025.csv: all 1 rows would be quarantined" in message
    assert "birth_date: required value is empty" in message
    assert "race_ethnicity: required value is empty" in message
    assert warehouse.execute("select count(*) from raw_sis.students").fetchone() == (0,)
