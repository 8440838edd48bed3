"""Loading the same files again changes nothing; a new snapshot of a year replaces the old one."""

import shutil
from dataclasses import replace
from pathlib import Path

from ingestion.guards import IngestionGuards

FIXTURES = Path(__file__).parent / "fixtures"


def test_rerun_on_the_same_files_changes_nothing(ws):
    # GIVEN schools loaded once
    ws.use("good")
    first = ws.load("sis", "schools")
    table = ws.rows("select * from raw_sis.schools order by all")
    log = ws.rows("select * from raw_meta.file_loads order by all")
    # WHEN loaded again with the same files
    again = ws.load("sis", "schools")
    # THEN every file is unchanged, no row is duplicated and the log did not grow
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert [f.sha256 for f in again.files] == [f.sha256 for f in first.files]
    assert again.rows_in_table == 5
    assert ws.rows("select * from raw_sis.schools order by all") == table
    assert ws.rows("select * from raw_meta.file_loads order by all") == log
    assert not again.changed


def test_unchanged_file_reports_its_quarantine_counts(ws):
    ws.use("bad_values")
    first = ws.load("sis", "students")
    again = ws.load("sis", "students")
    assert again.files[0].status == "unchanged"
    assert again.files[0].rejected_by_reason == first.files[0].rejected_by_reason
    assert (again.files[0].rows_loaded, again.files[0].rows_rejected) == (2, 7)
    assert ws.rows("select count(*) from raw_quarantine.rejected_rows") == [(7,)]


def test_new_snapshot_replaces_the_year_and_supersedes_the_old_load(ws):
    # GIVEN the first 2025 snapshot: 2 schools load, 1 is quarantined (status 'shut')
    ws.use("replaced/v1")
    first = ws.load("sis", "schools")
    assert (first.files[0].rows_loaded, first.files[0].rows_rejected) == (2, 1)
    # WHEN a corrected snapshot of 2025 arrives
    ws.use("replaced/v2")
    second = ws.load("sis", "schools")
    # THEN the year holds only the new rows, and the old quarantine is gone
    assert second.files[0].status == "replaced"
    assert ws.rows(
        "select school_id, school_name, _source_sha256 from raw_sis.schools order by 1"
    ) == [
        ("100", "Adams STEM Elementary", second.files[0].sha256),
        ("200", "Baker Middle", second.files[0].sha256),
    ]
    assert ws.rows("select count(*) from raw_quarantine.rejected_rows") == [(0,)]
    # AND the log keeps both loads, the old one superseded
    assert ws.rows(
        "select source_sha256, superseded_at is not null from raw_meta.file_loads "
        "order by loaded_at"
    ) == [(first.files[0].sha256, True), (second.files[0].sha256, False)]


def test_other_years_are_untouched_by_a_replacement(ws):
    ws.use("good")
    ws.load("sis", "schools")
    year_2024 = ws.rows("select * from raw_sis.schools where _school_year = 2024 order by all")
    shutil.copy(
        FIXTURES / "replaced/v2/landing/sis/schools/2025.csv",
        ws.landing / "sis" / "schools" / "2025.csv",
    )
    # (2 rows where 3 were loaded: a shrink the guard holds unless accepted)
    guards = replace(IngestionGuards.default(), accepted_shrinks=frozenset({"sis/schools/2025"}))
    result = ws.load("sis", "schools", guards=guards)
    assert [f.status for f in result.files] == ["unchanged", "replaced"]
    assert (
        ws.rows("select * from raw_sis.schools where _school_year = 2024 order by all") == year_2024
    )
    assert result.rows_in_table == 4
