"""Every data line of a file is loaded or quarantined: a line the reader cannot take is refused
with its file and line, never dropped, and the rows are counted apart from DuckDB's reader."""

import pytest

from ingestion.csv_reader import MAX_LINE_BYTES
from ingestion.errors import ContractViolation
from ingestion.line_count import (
    careful_data_lines,
    check_rows_accounted,
    check_rows_read,
    quick_data_lines,
)

HEADER = "school_id,school_name,school_level,grade_low,grade_high,is_charter,network,"
HEADER += "principal_name,principal_email,status\n"


def _school(school_id: str, name: str) -> str:
    return f"{school_id},{name},elementary,KG,05,N,North,Ada Park,a@district.example,open\n"


def _table(ws):
    return ws.rows("select * exclude (_loaded_at) from raw_sis.schools order by all")


@pytest.mark.parametrize("megabytes", [3, 33])
def test_a_line_over_the_limit_is_refused_with_its_line_and_nothing_is_lost(ws, megabytes):
    # GIVEN schools of 2025 loaded earlier (3 rows)
    ws.use("good")
    ws.load("sis", "schools")
    before, log_before = _table(ws), ws.rows("select * from raw_meta.file_loads order by all")
    # WHEN a new 2025 snapshot's second row (line 3) is longer than the reader's 2 MiB limit:
    # 3 MB is refused by DuckDB itself; 33 MB is beyond its 32 MiB buffer, where DuckDB 1.5
    # drops the line without a reject, so only the independent line count catches it
    path = ws.landing / "sis" / "schools" / "2025.csv"
    long_name = "x" * (megabytes * 1024 * 1024)
    rows = [_school("100", "Adams"), _school("200", long_name), _school("300", "Carver")]
    path.write_text(HEADER + "".join(rows) + _school("400", "Dunn"))
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "schools")
    # THEN the error names the file and line 3
    assert raised.value.path == path and raised.value.line == 3
    assert "longer than the reader's maximum line size" in str(raised.value)
    assert str(raised.value).startswith(f"{path}, line 3")
    # AND the previous load is untouched: no row of the new file is in, none of the old is gone
    assert _table(ws) == before
    assert ws.rows("select * from raw_meta.file_loads order by all") == log_before


def test_quick_count_ignores_trailing_blank_lines_and_a_missing_final_newline(tmp_path):
    path = tmp_path / "a.csv"
    for text, lines in [
        ("h\n1\n2\n", 2),
        ("h\n1\n2", 2),
        ("h\r\n1\r\n2\r\n\r\n\n", 2),
        ("h\n", 0),
        ("h", 0),
        ('h\n"1\n1"\n2\n', 3),  # a quoted newline: overcounted, the careful count settles it
        ("h\r1\r2\r", 0),  # bare CR line ends: undercounted, likewise
    ]:
        path.write_bytes(text.encode())
        assert quick_data_lines(path) == lines, text


def test_careful_count_follows_the_csv_grammar(tmp_path):
    path = tmp_path / "a.csv"
    for text, lines in [
        ('h\n"1\n1"\n2\n', 2),  # a newline inside quotes is inside a field
        ('h\n"say ""hi""\n",1\n2\n', 2),  # doubled quotes keep the field open
        ("h\r1\r2\r", 2),
        ("h\n1\n\n2\n\n", 2),  # blank lines are skipped, as DuckDB skips them
        ("h\n", 0),
    ]:
        path.write_bytes(text.encode())
        assert careful_data_lines(path, MAX_LINE_BYTES) == (lines, None), text
    path.write_bytes(b"h\n1\n" + b"y" * 11 + b"\n2\n")
    assert careful_data_lines(path, 10) == (3, 3)


def test_rows_read_must_match_the_counted_lines(tmp_path):
    # GIVEN a file with 2 data lines, one of them holding a quoted newline
    path = tmp_path / "a.csv"
    path.write_bytes(b'h,g\n"1\n1",a\n2,b\n')
    # WHEN the quick count (3) disagrees with 2 rows read THEN the careful count agrees
    assert check_rows_read(path, path, 2, quick_data_lines(path), MAX_LINE_BYTES) == 2
    # WHEN a reader read 1 row THEN the file is refused, naming both counts
    with pytest.raises(ContractViolation) as raised:
        check_rows_read(path, path, 1, quick_data_lines(path), MAX_LINE_BYTES)
    assert str(raised.value) == (
        f"{path}: the CSV reader read 1 data row(s) but the file has 2 data line(s); "
        "nothing of this file was loaded"
    )


def test_loaded_plus_quarantined_must_be_the_data_lines():
    check_rows_accounted("sis/schools/2025.csv", 10, 7, 3)
    with pytest.raises(ContractViolation) as raised:
        check_rows_accounted("sis/schools/2025.csv", 10, 7, 2)
    assert str(raised.value) == (
        "sis/schools/2025.csv: 7 row(s) loaded and 2 quarantined, but the file has 10 data "
        "line(s); nothing of this file was loaded"
    )
