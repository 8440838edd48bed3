"""Cheap passes that let a clean file skip the per-row reason and key-normalizing work must not
change what is quarantined: exact repeats of canonical keys, and a file whose rows all pass."""

from pathlib import Path

HEADER = "student_id,school_id,date,attendance_code,day_fraction_absent\n"


def _write(ws, body: str) -> Path:
    path = ws.landing / "sis" / "attendance" / "2025.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body)
    return path


def test_exact_repeat_of_a_canonical_key_is_quarantined(ws):
    # GIVEN only valid rows, keys in canonical spelling with no padding; row 3 repeats row 1
    _write(
        ws,
        "S1,100,2024-09-03,tardy,0\nS2,100,2024-09-03,tardy,0\nS1,100,2024-09-03,tardy,0.5\n",
    )
    result = ws.load("sis", "attendance")
    # THEN the repeat is quarantined pointing at the first row, and nothing else is
    assert ws.rows(
        "select source_row_number, reasons from raw_quarantine.rejected_rows order by 1"
    ) == [(3, ["duplicate primary key (first at row 1)"])]
    assert ws.rows("select _source_row_number from raw_sis.attendance order by 1") == [(1,), (2,)]
    assert result.files[0].rejected_by_reason == {"duplicate primary key": 1}


def test_a_clean_file_loads_every_row_without_rejects(ws):
    _write(ws, "S1,100,2024-09-03,tardy,0\nS2,100,2024-09-04,absent_excused,1\n")
    result = ws.load("sis", "attendance")
    assert result.files[0].rows_rejected == 0
    assert ws.rows("select _source_row_number, student_id from raw_sis.attendance order by 1") == [
        (1, "S1"),
        (2, "S2"),
    ]


def test_one_bad_value_among_valid_rows_still_gets_its_reason(ws):
    # GIVEN a valid file except for row 2's empty required value (the cheap pass fails once)
    _write(ws, "S1,100,2024-09-03,tardy,0\n,100,2024-09-04,tardy,0\nS3,100,2024-09-05,tardy,0\n")
    ws.load("sis", "attendance")
    assert ws.rows(
        "select source_row_number, reasons from raw_quarantine.rejected_rows order by 1"
    ) == [(2, ["student_id: required value is empty"])]
