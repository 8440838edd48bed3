"""GIVEN the packet tests' tiny warehouse (schools A and B open, C closed, D not open until 2027)
and the gate tests' tiny district with its schools renamed to match (101 -> A, 102 -> B, 103 -> C;
as of 2026-03-15, like the warehouse), validated by the real gate with one planted defect
WHEN the release is published
THEN a critical defect publishes nothing and leaves the previous release and `latest` as they
were; a school defect withholds only that school and the manifest says why; a warning publishes
and is reported; the manifests' hashes and row counts are those of the files."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import fields, replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from expectations.runner import validate_release
from expectations.snapshot import school_metrics
from expectations.spec import GateSettings
from release.publish import latest_release
from release.release_run import (
    ReleaseBlockedError,
    previous_snapshot,
    publish_release,
)
from tests.expectations.conftest import build_good_tables

SETTINGS = GateSettings(freshness_days=14, max_rate_change=0.15, max_count_change=0.25,
                        today=date(2026, 3, 20), early_warning_lowest_grade=6)  # fmt: skip
ROSTER = "fct_early_warning_roster_students_are_enrolled_in_that_school_on_the_as_of_date"
HIGH_RISK = "school_high_risk_shares_are_plausible"
CRITICAL = "fct_student_attendance_has_a_district_row_per_student"
RUN_1 = datetime(2026, 3, 16, 6, 0, tzinfo=UTC)
RUN_2 = datetime(2026, 3, 17, 6, 0, tzinfo=UTC)


def gate_tables(plant=None):
    """The gate district, schools renamed to the warehouse's, as of the warehouse's date."""
    tables = build_good_tables()
    renamed = {}
    for f in fields(tables):
        frame = getattr(tables, f.name).copy()
        if "school_id" in frame.columns:
            frame["school_id"] = frame["school_id"].replace({"101": "A", "102": "B", "103": "C"})
        renamed[f.name] = frame
    years = renamed["dim_school_year"]
    years.loc[years["school_year"] == 2026, "as_of_date"] = pd.Timestamp("2026-03-15")
    tables = replace(tables, **renamed)
    return plant(tables) if plant else tables


def publish(con, release_dir, tables, started_at=RUN_1):
    gate = validate_release(tables, SETTINGS)
    return publish_release(
        con, release_dir, release_dir.parent / "staging", gate, school_metrics(tables),
        minimum_n=10, run_id="run-1",
        started_at=started_at,
    )  # fmt: skip


def read_manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def test_a_good_release_publishes_every_open_school(packet_con, tmp_path):
    releases = tmp_path / "releases"
    published = publish(packet_con, releases, gate_tables())

    assert published.release_id == "2026-03-15_20260316T060000Z"
    assert latest_release(releases) == published.release_id
    assert published.released == ["A", "B"] and published.withheld == {}
    folder = releases / published.release_id
    assert sorted(p.name for p in folder.iterdir()) == [
        "A", "B", "bi", "manifest.json", "school_metrics.json", "validation.html", "validation.json"
    ]  # fmt: skip
    root = read_manifest(folder)
    assert root["as_of_date"] == "2026-03-15" and root["school_year"] == 2026
    assert root["validation"]["run_id"] == "run-1" and root["validation"]["passed"] is True
    assert root["warnings"] == [] and root["schools_withheld"] == []
    # The next release's jump checks read this release's metrics through `latest`.
    assert previous_snapshot(releases)["school_id"].tolist() == ["A", "B"]


def test_a_critical_defect_publishes_nothing_and_keeps_the_previous_release(packet_con, tmp_path):
    releases = tmp_path / "releases"
    first = publish(packet_con, releases, gate_tables())
    before = sorted(os.listdir(releases))

    def drop_district_attendance(tables):
        attendance = tables.fct_student_attendance
        return replace(
            tables, fct_student_attendance=attendance[attendance["reporting_level"] == "school"]
        )

    with pytest.raises(ReleaseBlockedError, match=CRITICAL):
        publish(packet_con, releases, gate_tables(drop_district_attendance), started_at=RUN_2)

    assert sorted(os.listdir(releases)) == before == [first.release_id, "latest"]
    assert latest_release(releases) == first.release_id


def test_a_defect_at_one_school_withholds_only_its_packet_and_says_why(packet_con, tmp_path):
    def list_b_student_at_a(tables):  # S6 is enrolled at B
        warning = tables.fct_early_warning
        warning.loc[warning["student_id"] == "S6", "school_id"] = "A"
        return tables

    published = publish(packet_con, tmp_path, gate_tables(list_b_student_at_a))

    assert published.released == ["B"] and published.withheld == {"A": [ROSTER]}
    folder = tmp_path / published.release_id
    assert not (folder / "A").exists() and (folder / "B" / "packet.html").exists()
    withheld = read_manifest(folder)["schools_withheld"]
    assert [(w["school_id"], [f["expectation"] for f in w["failed"]]) for w in withheld] == [
        ("A", [ROSTER])
    ]
    assert "enrolled in that school" in withheld[0]["failed"][0]["checks"]
    assert read_manifest(folder)["schools_released"] == ["B"]


def test_a_warning_publishes_and_is_reported_where_it_applies(packet_con, tmp_path):
    def two_of_three_high_risk_at_a(tables):  # S1 already is; S2 makes 2 of A's 3 listed
        warning = tables.fct_early_warning
        warning.loc[warning["student_id"] == "S2", "early_warning_tier"] = "high_risk"
        return tables

    published = publish(packet_con, tmp_path, gate_tables(two_of_three_high_risk_at_a))

    assert published.released == ["A", "B"] and published.warnings == [HIGH_RISK]
    folder = tmp_path / published.release_id
    [warning] = read_manifest(folder)["warnings"]
    assert (warning["expectation"], warning["school_ids"]) == (HIGH_RISK, ["A"])
    assert [w["expectation"] for w in read_manifest(folder / "A")["warnings"]] == [HIGH_RISK]
    assert read_manifest(folder / "B")["warnings"] == []  # about A only


def _rows(path):
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    if path.suffix == ".xlsx":
        # the two heading lines and the header come first (release.roster_sheet)
        return load_workbook(path, read_only=True).active.max_row - 3
    return None


def test_manifest_hashes_and_row_counts_are_those_of_the_files(packet_con, tmp_path):
    published = publish(packet_con, tmp_path, gate_tables())
    folder = tmp_path / published.release_id
    root = read_manifest(folder)
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert [f["path"] for f in root["files"]] == [p for p in on_disk if p != "manifest.json"]
    for school in ("A", "B"):
        files = read_manifest(folder / school)["files"]
        assert [f["path"] for f in files] == sorted(
            p.name for p in (folder / school).iterdir() if p.name != "manifest.json"
        )
        for entry in files:
            path = folder / school / entry["path"]
            assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), entry
            assert entry["bytes"] == path.stat().st_size
            assert entry["rows"] == _rows(path), entry
    for entry in root["files"]:
        assert entry["sha256"] == hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest()
    # Worked by hand from packet_warehouse.py: A lists A1 (off track) and A2 (high risk), A4 is
    # chronically absent; B lists B1, X1 (off track) and B2 (high risk), B2 is chronically absent.
    rows = {
        (school, f["path"]): f["rows"]
        for school in ("A", "B")
        for f in read_manifest(folder / school)["files"]
    }
    assert rows[("A", "students_off_track.xlsx")] == rows[("A", "students_off_track.csv")] == 2
    assert rows[("A", "chronic_absence.csv")] == 1
    assert rows[("B", "students_off_track.csv")] == 3
    assert rows[("B", "chronic_absence.xlsx")] == 1
    assert rows[("A", "packet.html")] is None


def test_a_tampered_file_no_longer_matches_its_manifest(packet_con, tmp_path):
    published = publish(packet_con, tmp_path, gate_tables())
    folder = tmp_path / published.release_id
    entry = next(
        f for f in read_manifest(folder / "A")["files"] if f["path"] == "chronic_absence.csv"
    )
    path = folder / "A" / "chronic_absence.csv"
    path.write_text(path.read_text() + "STU-B2,extra\n")
    assert hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]
    assert _rows(path) != entry["rows"]
