"""Files that keep the contract: what lands in the raw table, with which lineage."""

import hashlib
import json
from pathlib import Path

from ingestion.warehouse import LINEAGE_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"

SCHOOL_COLUMNS = [
    "school_id",
    "school_name",
    "school_level",
    "grade_low",
    "grade_high",
    "is_charter",
    "network",
    "principal_name",
    "principal_email",
    "status",
]


def test_good_files_load_every_row_as_received_with_lineage(ws):
    # GIVEN two good school files, 2024 (2 rows) and 2025 (3 rows)
    ws.use("good")
    # WHEN the extract is loaded
    result = ws.load("sis", "schools")
    # THEN every row is in raw, values untouched (no trim), empty as NULL
    assert [(f.school_year, f.status, f.rows_in_file, f.rows_loaded) for f in result.files] == [
        (2024, "loaded", 2, 2),
        (2025, "loaded", 3, 3),
    ]
    assert result.rows_in_table == 5
    assert result.table == "raw_sis.schools"
    row = ws.rows(
        "select school_name, is_charter, principal_name, _school_year, _source_file, "
        "_source_row_number from raw_sis.schools where school_id = '300'"
    )
    assert row == [(" Carver High ", "y", "Lee, Carla", 2025, "sis/schools/2025.csv", 3)]
    assert ws.rows("select network from raw_sis.schools where school_id = '200'") == [
        (None,),
        (None,),
    ]
    # AND the sha256 recorded is the file's, and the archive holds an identical copy
    content = (ws.landing / "sis" / "schools" / "2025.csv").read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    assert result.files[1].sha256 == sha
    assert ws.rows(
        "select distinct _source_sha256 from raw_sis.schools where _school_year = 2025"
    ) == [(sha,)]
    archived = ws.archive / sha[:2] / f"{sha}.csv"
    assert archived.read_bytes() == content
    # AND the load log has one current row per file
    log = ws.rows(
        "select school_year, source_file, bytes, encoding, rows_in_file, rows_loaded, "
        "rows_rejected, extra_columns, archive_path, superseded_at "
        "from raw_meta.file_loads order by school_year"
    )
    assert log[1] == (
        2025, "sis/schools/2025.csv", len(content), "utf-8", 3, 3, 0, [], str(archived), None,
    )  # fmt: skip
    # AND the summary carries counts, never values
    assert "Carver" not in json.dumps(result.summary())


def test_raw_table_has_contract_then_lineage_columns(ws):
    ws.use("good")
    ws.load("sis", "schools")
    columns = ws.rows("describe raw_sis.schools")
    assert [(name, type_) for name, type_, *_ in columns] == [
        (name, "VARCHAR") for name in SCHOOL_COLUMNS
    ] + [(name, type_.upper()) for name, type_ in LINEAGE_COLUMNS]


def test_extract_without_files_still_gets_its_empty_table(ws):
    # GIVEN an empty landing folder WHEN budget is loaded
    result = ws.load("finance", "budget")
    # THEN nothing loads, but raw_finance.budget exists with contract and lineage columns
    assert result.files == [] and result.rows_in_table == 0
    names = [row[0] for row in ws.rows("describe raw_finance.budget")]
    assert names[:7] == [
        "fund",
        "function",
        "object",
        "location",
        "program",
        "amount",
        "budget_version",
    ]
    assert names[7:] == [name for name, _ in LINEAGE_COLUMNS]
    assert ws.rows("select count(*) from raw_finance.budget") == [(0,)]


def test_header_only_file_is_an_empty_snapshot(ws):
    ws.use("header_only")
    result = ws.load("sis", "schools")
    file = result.files[0]
    assert (file.status, file.rows_in_file, file.rows_loaded, file.rows_rejected) == (
        "loaded", 0, 0, 0,
    )  # fmt: skip
    assert ws.rows("select rows_in_file from raw_meta.file_loads") == [(0,)]


def test_extra_column_is_kept_in_raw_and_reported(ws):
    # GIVEN a calendar file with a column the contract does not know, " Bus_Route "
    ws.use("extra_column")
    result = ws.load("sis", "calendar")
    # THEN it is stored under its normalized name and reported on file and log
    assert result.files[0].extra_columns == ["bus_route"]
    assert ws.rows("select school_id, bus_route from raw_sis.calendar order by date") == [
        ("100", "R7"),
        ("100", None),
    ]
    assert ws.rows("select extra_columns from raw_meta.file_loads") == [(["bus_route"],)]


def test_header_names_match_regardless_of_case_spaces_and_order(ws):
    ws.use("case_insensitive_header")
    result = ws.load("sis", "courses")
    assert result.files[0].rows_loaded == 1
    assert ws.rows(
        "select course_code, is_core, subject_area, course_level, credit_value from raw_sis.courses"
    ) == [("ENG101", "Y", "English", "Honors", "1.0")]


def test_windows_1252_file_is_transcoded(ws):
    # GIVEN a file whose en dash (0x96) and right quote (0x92) are Windows-1252 bytes
    ws.use("cp1252")
    result = ws.load("sis", "schools")
    # THEN they arrive as the right Unicode characters, and the encoding is logged
    assert result.files[0].encoding == "cp1252"
    assert ws.rows("select school_name, principal_name from raw_sis.schools") == [
        ("Lincoln \u2013 East", "O\u2019Brien Pat")
    ]
    assert ws.rows("select encoding from raw_meta.file_loads") == [("cp1252",)]
    # AND the archive keeps the original bytes, not the transcoded copy
    original = (FIXTURES / "cp1252" / "landing" / "sis" / "schools" / "2025.csv").read_bytes()
    assert (
        ws.archive / result.files[0].sha256[:2] / f"{result.files[0].sha256}.csv"
    ).read_bytes() == original


def test_utf8_bom_does_not_hide_the_first_column(ws):
    ws.use("utf8_bom")
    result = ws.load("sis", "schools")
    assert result.files[0].encoding == "utf-8-sig"
    assert ws.rows("select school_id, school_name from raw_sis.schools") == [
        ("100", "Zo\u00eb Baldwin Elementary")
    ]


def test_unrecognized_files_are_reported_by_extract_and_for_the_whole_landing_folder(ws):
    # GIVEN strays inside the students folder and elsewhere (a misspelt sis/student/ included)
    ws.use("unrecognized")
    # WHEN students load
    result = ws.load("sis", "students")
    # THEN the year file loads; the extract lists its own strays, hidden partial uploads too
    assert [f.path for f in result.files] == ["sis/students/2025.csv"]
    assert result.unrecognized == [
        "sis/students/.2026.csv.part",
        "sis/students/2025.txt",
        "sis/students/archive/",
        "sis/students/archive/2023.csv",
        "sis/students/students_2025.csv",
    ]
    # AND every stray of the landing folder rides along, so no summary can miss one
    assert "sis/student/2026.csv" in result.unrecognized_in_landing
    assert "notes.txt" in result.unrecognized_in_landing
    assert len(result.unrecognized_in_landing) == 15
    assert "not loaded, not in the layout: sis/students/archive/2023.csv" in "\n".join(
        result.summary_lines()
    )
