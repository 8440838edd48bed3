"""Each list says what changed since the previous release: new, still on it, off it.

GIVEN a release folder in tmp_path with earlier releases (written as release_run writes them:
a root manifest naming the year, the as-of date and the schools released, a CSV per roster):
  2025-06-01: school year 2025, A lists Rowan (another year: never compared)
  2026-01-15: A lists Quill and Sable (Sable has left since), B lists Umber
  2026-02-15: B only (A was withheld): B lists Umber and Vesper
and `latest` and validation_runs/ beside them
WHEN the packet warehouse's 2026 lists (A: Rowan, Quill; B: Vesper, Wren, Umber) are made
THEN A is compared with 2026-01-15 (the newest 2026 release that released A): Rowan new,
Quill still on the list, Sable off the list since 2026-01-15; B with 2026-02-15: Wren new,
Vesper and Umber still on it; and two real releases in a row mark the second's students still on.
"""

from __future__ import annotations

import csv
import json
import os

import pytest
from openpyxl import load_workbook
from packet_warehouse import YEAR
from test_release_run import RUN_1, RUN_2, gate_tables, publish

from release.roster_change import previous_rosters
from release.rosters import rosters, write_roster

HEADER = ["roster_rank", "student_id", "last_name", "first_name", "grade_level"]


def _release(release_dir, release_id, school_year, as_of, lists):
    folder = release_dir / release_id
    folder.mkdir(parents=True)
    manifest = {"school_year": school_year, "as_of_date": as_of, "schools_released": list(lists)}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    for school_id, students in lists.items():
        (folder / school_id).mkdir()
        with open(folder / school_id / "students_off_track.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(students)


@pytest.fixture
def release_dir(tmp_path):
    releases = tmp_path / "releases"
    _release(releases, "2025-06-01_20250602T060000Z", 2025, "2025-06-01",
             {"A": [(1, "STU-A2", "Rowan", "Abe", "10")]})  # fmt: skip
    _release(releases, "2026-01-15_20260116T060000Z", YEAR, "2026-01-15", {
        "A": [(1, "STU-A1", "Quill", "Ada", "10"), (2, "STU-A3", "Sable", "Ari", "10")],
        "B": [(1, "STU-B1", "Umber", "=1+1", "10")],
    })  # fmt: skip
    _release(releases, "2026-02-15_20260216T060000Z", YEAR, "2026-02-15", {
        "B": [(1, "STU-B2", "Vesper", "Bea", "11"), (2, "STU-B1", "Umber", "=1+1", "10")],
    })  # fmt: skip
    os.symlink("2026-02-15_20260216T060000Z", releases / "latest")
    (releases / "validation_runs" / "run-0").mkdir(parents=True)
    return releases


def test_each_school_is_compared_with_its_newest_list_of_the_year(release_dir):
    found = previous_rosters(release_dir, "students_off_track", ["A", "B", "C"], YEAR)
    assert {school: p.release_id for school, p in found.items()} == {
        "A": "2026-01-15_20260116T060000Z",  # 2026-02-15 withheld A
        "B": "2026-02-15_20260216T060000Z",
    }  # C was never released: nothing to compare with
    assert previous_rosters(release_dir, "students_off_track", ["A"], 2027) == {}


def test_new_still_on_the_list_and_off_the_list(packet_con, release_dir, tmp_path):
    lists = rosters(packet_con, "students_off_track", ["A", "B"], YEAR, release_dir)
    a, b = lists["A"], lists["B"]
    assert list(zip(a.rows["student_id"], a.rows["change_since_last_release"], strict=True)) == [
        ("STU-A2", "new"),  # on A's 2025 list, but that was another school year
        ("STU-A1", "still_on_list"),
    ]
    assert a.off_list["student_id"].tolist() == ["STU-A3"]
    assert b.rows["change_since_last_release"].tolist() == ["still_on_list", "new", "still_on_list"]
    assert b.off_list.empty

    write_roster(a, tmp_path, "students_off_track")
    sheet = load_workbook(tmp_path / "students_off_track.xlsx").active
    assert sheet["A2"].value.endswith(
        "Since the release as of 2026-01-15: 1 new, 1 still on the list, 1 off the list "
        "(listed below)."
    )
    assert [sheet["B4"].value, sheet["B5"].value] == ["New", "Still on the list"]
    # the list ends on row 5; a blank row, then the section
    assert sheet.auto_filter.ref == "A3:T5"  # the filter covers the list only
    assert sheet["A7"].value == "Off the list since 2026-01-15"
    assert [c.value for c in sheet[8]][:5] == [
        "Rank then", "Student ID", "Last name", "First name", "Grade then"
    ]  # fmt: skip
    assert [c.value for c in sheet[9]][:5] == [2, "STU-A3", "Sable", "Ari", "10"]
    assert sheet.max_row == 9
    # column A fits "Rank then" (9 + 2); the section's title runs across the columns instead
    assert sheet.column_dimensions["A"].width == 11
    # the CSV is the list only, with the change as a code
    with open(tmp_path / "students_off_track.csv", encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [(r["student_id"], r["change_since_last_release"]) for r in records] == [
        ("STU-A2", "new"),
        ("STU-A1", "still_on_list"),
    ]


def test_a_released_school_without_its_list_is_an_error(release_dir):
    (release_dir / "2026-02-15_20260216T060000Z" / "B" / "students_off_track.csv").unlink()
    with pytest.raises(FileNotFoundError, match="2026-02-15_20260216T060000Z.*students_off_track"):
        previous_rosters(release_dir, "students_off_track", ["B"], YEAR)


def test_two_real_releases_in_a_row(packet_con, tmp_path):
    releases = tmp_path / "releases"
    first = publish(packet_con, releases, gate_tables(), started_at=RUN_1)
    second = publish(packet_con, releases, gate_tables(), started_at=RUN_2)
    for release, change in [(first, "new"), (second, "still_on_list")]:
        path = releases / release.release_id / "B" / "students_off_track.csv"
        with open(path, encoding="utf-8", newline="") as handle:
            changes = [r["change_since_last_release"] for r in csv.DictReader(handle)]
        assert changes == [change] * 3
