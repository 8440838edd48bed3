"""Which landing files are loaded, which are reported, and when the landing folder changed."""

import os
from pathlib import Path

from ingestion.landing import discover, landing_fingerprint

FIXTURES = Path(__file__).parent / "fixtures"


def test_files_outside_the_layout_are_reported_not_loaded():
    # GIVEN a landing folder with one good file and several strays
    landing = FIXTURES / "unrecognized" / "landing"
    # WHEN it is scanned
    scan = discover(landing)
    # THEN only <system>/<extract>/<yyyy>.csv is loadable; the rest is listed, hidden files skipped
    assert scan.files == {("sis", "students"): [(2025, landing / "sis" / "students" / "2025.csv")]}
    assert scan.unrecognized == [
        "notes.txt",
        "payroll/",
        "sis/grades/",
        "sis/students/2025.txt",
        "sis/students/archive/",
        "sis/students/students_2025.csv",
    ]


def test_year_files_come_sorted_by_year():
    scan = discover(FIXTURES / "good" / "landing")
    years = [year for year, _ in scan.files[("sis", "schools")]]
    assert years == [2024, 2025]


def test_a_missing_landing_folder_has_no_files(tmp_path: Path):
    scan = discover(tmp_path / "nowhere")
    assert scan.files == {} and scan.unrecognized == []


def test_fingerprint_changes_when_a_file_changes_and_only_then(tmp_path: Path):
    # GIVEN a landing folder and its fingerprint
    year_file = tmp_path / "sis" / "schools" / "2025.csv"
    year_file.parent.mkdir(parents=True)
    year_file.write_text("a\n")
    before = landing_fingerprint(tmp_path)
    # THEN it is stable while nothing changes
    assert landing_fingerprint(tmp_path) == before
    # WHEN the file is rewritten with a new size and mtime THEN it changes
    year_file.write_text("a\n1\n")
    os.utime(year_file, ns=(1, 1))
    assert landing_fingerprint(tmp_path) != before
