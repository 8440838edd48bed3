"""Rosters for every school come from one query per roster, split by school afterwards.

GIVEN the packet warehouse (tests/release/packet_warehouse.py: schools A and B, hand-made rows)
WHEN the rosters of A, B and a school with nobody enrolled (C, closed) are asked for together
THEN each roster table is queried once, and each school gets exactly the rows, order, columns and
index that a query for that school alone gives.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from packet_warehouse import YEAR

from release.rosters import ROSTERS, roster, rosters, write_roster

SCHOOLS = ["A", "B", "C"]


class CountingConnection:
    """A DuckDB connection that counts the roster queries (those reading the course marks or
    the attendance mart) it is asked to run."""

    def __init__(self, con):
        self._con = con
        self.roster_queries = 0

    def execute(self, sql, *args):
        if "marts.dim_student" in sql:
            self.roster_queries += 1
        return self._con.execute(sql, *args)


@pytest.mark.parametrize("name", ROSTERS)
def test_one_query_per_roster_table_whatever_the_number_of_schools(packet_con, name):
    counting = CountingConnection(packet_con)
    rosters(counting, name, SCHOOLS, YEAR)
    assert counting.roster_queries == 1

    counting = CountingConnection(packet_con)
    for school_id in SCHOOLS:
        roster(counting, name, school_id, YEAR)
    assert counting.roster_queries == 3  # the counter does count: one per school this way


@pytest.mark.parametrize("name", ROSTERS)
def test_split_rosters_equal_each_schools_own_query(packet_con, name, tmp_path):
    together = rosters(packet_con, name, SCHOOLS, YEAR)
    assert list(together) == SCHOOLS
    for school_id in SCHOOLS:
        alone = roster(packet_con, name, school_id, YEAR)
        # DuckDB gives a column with a null the nullable Int64, so a school's slice of the
        # district may be Int64 where its own query is int64: same values, same files
        pd.testing.assert_frame_equal(together[school_id], alone, check_dtype=False)
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


def test_split_rosters_hold_the_hand_worked_students_in_name_order(packet_con):
    off_track = rosters(packet_con, "students_off_track", SCHOOLS, YEAR)
    chronic = rosters(packet_con, "chronic_absence", SCHOOLS, YEAR)
    # A: A1 Quill off track, A2 Rowan high risk; B: B1 Umber, B2 Vesper, X1 Wren (moved from A)
    assert off_track["A"]["student_id"].tolist() == ["STU-A1", "STU-A2"]
    assert off_track["B"]["student_id"].tolist() == ["STU-B1", "STU-B2", "STU-X1"]
    assert off_track["C"].empty and list(off_track["C"].columns) == list(off_track["A"].columns)
    assert chronic["A"]["student_id"].tolist() == ["STU-A4"]
    assert chronic["B"]["student_id"].tolist() == ["STU-B2"]  # X1 was absent at A, not at B
    wren = off_track["B"].set_index("student_id").loc["STU-X1"]
    assert wren["current_courses_and_marks"] == "BIO Biology (S1): D"  # not A's Chemistry
