"""Files that cannot be loaded: a clear ContractViolation, and the previous load stays in place."""

import shutil
from pathlib import Path

import pytest

from ingestion.errors import ContractViolation

FIXTURES = Path(__file__).parent / "fixtures"


def _table(ws, table):
    return ws.rows(f"select * exclude (_loaded_at) from {table} order by all")


def test_missing_column_names_file_line_and_column_and_keeps_the_previous_load(ws):
    # GIVEN a students file loaded earlier
    ws.use("missing_column/before")
    ws.load("sis", "students")
    before = _table(ws, "raw_sis.students")
    # WHEN the district drops a file without birth_date and sex
    ws.use("missing_column/after")
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    # THEN the error names the file, line 1 and the first missing column
    path = ws.landing / "sis" / "students" / "2025.csv"
    assert str(raised.value) == (
        f"{path}, line 1, column 'birth_date': required column is missing (also missing: sex)"
    )
    assert (raised.value.line, raised.value.column) == (1, "birth_date")
    # AND the earlier load is untouched
    assert _table(ws, "raw_sis.students") == before
    assert ws.rows("select count(*), count(superseded_at) from raw_meta.file_loads") == [(1, 0)]


def test_empty_file_is_an_error(ws):
    ws.use("empty_file")
    with pytest.raises(ContractViolation, match=r"schools/2025\.csv, line 1: file is empty"):
        ws.load("sis", "schools")
    # The empty table is still there for dbt's sources.
    assert ws.rows("select count(*) from raw_sis.schools") == [(0,)]


def test_row_with_too_many_fields_names_line_and_field(ws):
    ws.use("ragged_row")
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    assert str(raised.value).endswith(
        "sis/students/2025.csv, line 3, column 13: expected 12 fields, found 13"
    )
    assert ws.rows("select count(*) from raw_sis.students") == [(0,)]


def test_row_with_too_few_fields_names_the_first_missing_column(ws):
    ws.use("short_row")
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    assert str(raised.value).endswith(
        "sis/students/2025.csv, line 4, column 12 ('foster_care'): expected 12 fields, found 11"
    )


def test_message_never_quotes_the_row(ws):
    ws.use("ragged_row")
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    assert "Ben" not in str(raised.value) and "S002" not in str(raised.value)


def test_extract_loads_all_years_or_none(ws):
    # GIVEN schools 2024 and 2025 loaded
    ws.use("good")
    ws.load("sis", "schools")
    before = _table(ws, "raw_sis.schools")
    log_before = ws.rows("select * from raw_meta.file_loads order by all")
    # WHEN 2024 is replaced by a valid new snapshot but 2025 by a broken one
    schools = ws.landing / "sis" / "schools"
    shutil.copy(FIXTURES / "replaced/v2/landing/sis/schools/2025.csv", schools / "2024.csv")
    shutil.copy(FIXTURES / "ragged_row/landing/sis/students/2025.csv", schools / "2025.csv")
    with pytest.raises(ContractViolation):
        ws.load("sis", "schools")
    # THEN neither year changed: the good 2024 file was rolled back with the bad 2025 one
    assert _table(ws, "raw_sis.schools") == before
    assert ws.rows("select * from raw_meta.file_loads order by all") == log_before
    assert ws.rows("select count(*) from raw_quarantine.rejected_rows") == [(0,)]
