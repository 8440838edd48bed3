"""Which landing files are loaded, which are reported, and when the landing folder changed."""

import os
from pathlib import Path

from ingestion.landing import discover, landing_fingerprint

FIXTURES = Path(__file__).parent / "fixtures"


def test_files_outside_the_layout_are_reported_not_loaded():
    # GIVEN a landing folder with one good file, a shrink marker and strays at every level:
    # a misspelt extract folder, a folder in a folder, hidden names, a file at the root
    landing = FIXTURES / "unrecognized" / "landing"
    # WHEN it is scanned
    scan = discover(landing)
    # THEN only <system>/<extract>/<yyyy>.csv is loadable and <yyyy>.accept-shrink is a marker;
    # every other entry is listed, a folder followed by everything inside it
    students = landing / "sis" / "students"
    assert scan.files == {("sis", "students"): [(2025, students / "2025.csv")]}
    assert scan.shrink_markers == {("sis", "students"): {2026: students / "2026.accept-shrink"}}
    assert scan.unrecognized == [
        ".DS_Store",
        "notes.txt",
        "payroll/",
        "payroll/2025.csv",
        "payroll/old/",
        "payroll/old/2024.csv",
        "sis/grades/",
        "sis/grades/2025.csv",
        "sis/student/",
        "sis/student/2026.csv",
        "sis/students/.2026.csv.part",
        "sis/students/2025.txt",
        "sis/students/archive/",
        "sis/students/archive/2023.csv",
        "sis/students/students_2025.csv",
    ]
    # AND an extract's own share is the entries under its folder
    assert scan.unrecognized_under("sis", "student") == ["sis/student/", "sis/student/2026.csv"]


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
