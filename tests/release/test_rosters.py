"""Rosters come ranked and labelled from the restricted roster models, one query per roster.

GIVEN the packet warehouse (tests/release/packet_warehouse.py: schools A and B, C closed with
nobody enrolled; the roster models' rows stored out of rank order)
WHEN the rosters of A, B and C are asked for together
THEN each roster model is queried once and nothing else (no staging, no mart), each school's
list is in rank order with readable reasons, and each school gets exactly the rows, order and
files a query for that school alone gives.
"""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook
from packet_warehouse import YEAR

from release.rosters import MODELS, ROSTERS, SCHOOLS_MODEL, roster, rosters, write_roster

SCHOOLS = ["A", "B", "C"]


class RecordingConnection:
    """A DuckDB connection that keeps every SQL text it is asked to run."""

    def __init__(self, con):
        self._con = con
        self.sql: list[str] = []

    def execute(self, sql, *args):
        self.sql.append(sql)
        return self._con.execute(sql, *args)


@pytest.mark.parametrize("name", ROSTERS)
def test_one_query_per_roster_model_whatever_the_number_of_schools(packet_con, name):
    recording = RecordingConnection(packet_con)
    rosters(recording, name, SCHOOLS, YEAR)
    assert sum(MODELS[name] in sql for sql in recording.sql) == 1
    assert sum(SCHOOLS_MODEL in sql for sql in recording.sql) == 1

    recording = RecordingConnection(packet_con)
    for school_id in SCHOOLS:
        roster(recording, name, school_id, YEAR)
    assert sum(MODELS[name] in sql for sql in recording.sql) == 3  # the count does count


@pytest.mark.parametrize("name", ROSTERS)
def test_rosters_read_no_staging_model_and_no_mart(packet_con, name):
    recording = RecordingConnection(packet_con)
    rosters(recording, name, SCHOOLS, YEAR)
    read = [sql for sql in recording.sql if "information_schema" not in sql]
    assert read and all("restricted.rpt_principal_roster_" in sql for sql in read)
    assert not any("staging." in sql or "marts." in sql for sql in read)


def test_the_check_on_what_is_read_finds_a_staging_query(packet_con):
    recording = RecordingConnection(packet_con)
    recording.execute("select count(*) from staging.stg_sis__course_marks")
    assert any("staging." in sql for sql in recording.sql)


@pytest.mark.parametrize("name", ROSTERS)
def test_split_rosters_equal_each_schools_own_query(packet_con, name, tmp_path):
    together = rosters(packet_con, name, SCHOOLS, YEAR)
    assert list(together) == SCHOOLS
    for school_id in SCHOOLS:
        alone = roster(packet_con, name, school_id, YEAR)
        # DuckDB gives a column with a null the nullable Int64, so a school's slice of the
        # district may be Int64 where its own query is int64: same values, same files
        pd.testing.assert_frame_equal(together[school_id].rows, alone.rows, check_dtype=False)
        assert together[school_id].heading == alone.heading
        split_files = write_roster(
            together[school_id], _folder(tmp_path / "split", school_id), name
        )
        own_files = write_roster(alone, _folder(tmp_path / "own", school_id), name)
        assert split_files[0].read_bytes() == own_files[0].read_bytes()  # the CSVs
        assert _cells(split_files[1]) == _cells(own_files[1])  # the spreadsheets


def _folder(path, school_id):
    (path / school_id).mkdir(parents=True)
    return path / school_id


def _cells(xlsx_path) -> list[tuple]:
    return list(load_workbook(xlsx_path).active.iter_rows(values_only=True))


def test_lists_are_in_rank_order_with_readable_reasons(packet_con):
    off_track = rosters(packet_con, "students_off_track", SCHOOLS, YEAR)
    chronic = rosters(packet_con, "chronic_absence", SCHOOLS, YEAR)
    # A: Rowan (high risk) before Quill (warning). B: Vesper (high risk) first; then Wren with 3
    # reasons before Umber with 2, although Umber comes first by name (neither has a tier).
    assert off_track["A"].rows["student_id"].tolist() == ["STU-A2", "STU-A1"]
    assert off_track["B"].rows["student_id"].tolist() == ["STU-B2", "STU-X1", "STU-B1"]
    assert off_track["B"].rows["roster_rank"].tolist() == [1, 2, 3]
    assert off_track["B"].rows["reasons"].tolist() == [
        "Attendance: high risk; Course failures: warning",
        "Short of total credits; Short of English credits; Failing core courses",
        "Short of total credits; Failing core courses",
    ]
    assert off_track["B"].rows["reason_count"].tolist() == [2, 3, 2]
    assert len(off_track["C"]) == 0
    assert list(off_track["C"].rows.columns) == list(off_track["A"].rows.columns)
    assert chronic["A"].rows["student_id"].tolist() == ["STU-A4"]
    assert chronic["B"].rows["student_id"].tolist() == ["STU-B2"]
    wren = off_track["B"].rows.set_index("student_id").loc["STU-X1"]
    assert wren["current_courses_and_marks"] == "BIO Biology (S1): D"  # not A's Chemistry
    # without a release folder there is nothing to compare with: every student is new
    assert set(off_track["B"].rows["change_since_last_release"]) == {"new"}


def test_a_missing_roster_model_is_named(packet_warehouse, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(packet_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("alter table restricted.rpt_principal_roster_off_track rename to renamed")
        with pytest.raises(LookupError, match="rpt_principal_roster_off_track"):
            rosters(con, "students_off_track", SCHOOLS, YEAR)
