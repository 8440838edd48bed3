"""Row numbers and error lines stay exact when DuckDB reads a multi-MB file in parallel."""

import pytest

from ingestion.errors import ContractViolation

HEADER = "student_id,school_id,date,attendance_code,day_fraction_absent"
ROWS = 600_000  # about 28 MB: several 8 MB chunks for DuckDB's parallel reader


def _write_attendance(con, path, bad_row=None, ragged_row=None):
    # student_id encodes the data row number, so the check needs no other bookkeeping.
    fraction = f"case when i + 1 = {bad_row or -1} then '7' else '1' end"
    extra = f"case when i + 1 = {ragged_row or -1} then ',x' else '' end"
    con.execute(
        f"copy (select 'S' || (i + 1) || ',SCH1,2025-01-06,absent_excused,' || {fraction} "
        f'|| {extra} as "{HEADER}" from range({ROWS}) t(i)) '
        f"to '{path}' (header true, quote '', delimiter '\\t')"
    )


def test_row_numbers_follow_file_order_in_a_parallel_read(ws):
    # GIVEN a large attendance file whose row 1,234,567 is out of range
    path = ws.landing / "sis" / "attendance" / "2025.csv"
    path.parent.mkdir(parents=True)
    _write_attendance(ws.con, path, bad_row=456_789)
    # AND a connection that does not ask DuckDB to keep insertion order
    ws.con.execute("set preserve_insertion_order = false")
    # WHEN loaded
    result = ws.load("sis", "attendance")
    assert ws.rows("select current_setting('preserve_insertion_order')") == [(False,)]
    # THEN every loaded row's number is the one its student id encodes
    assert result.files[0].rows_in_file == ROWS
    assert ws.rows(
        "select count(*), "
        "count(*) filter (where _source_row_number <> substr(student_id, 2)::bigint) "
        "from raw_sis.attendance"
    ) == [(ROWS - 1, 0)]
    assert ws.rows("select source_row_number, reasons from raw_quarantine.rejected_rows") == [
        (456_789, ["day_fraction_absent: '7' is above maximum 1"])
    ]


def test_error_line_is_exact_in_a_parallel_read(ws):
    path = ws.landing / "sis" / "attendance" / "2025.csv"
    path.parent.mkdir(parents=True)
    _write_attendance(ws.con, path, ragged_row=543_210)
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "attendance")
    assert raised.value.line == 543_211  # the header is line 1
    assert str(raised.value).endswith("column 6: expected 5 fields, found 6")
