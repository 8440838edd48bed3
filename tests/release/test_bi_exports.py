"""GIVEN the packet tests' tiny warehouse (packet_warehouse.py), published by the release run
WHEN the release writes its BI exports (`bi/district_outcomes.csv`, `bi/school_outcomes.csv`)
THEN every cell went through the packets' suppression: a group under 10 is withheld with its
complement, larger groups show the exact rate, rates near 0%/100% are coded, no withheld cell can
be recovered by subtraction, and the files are in the root manifest with matching hashes."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil

import duckdb
from test_release_run import gate_tables, publish

from release.bi_exports import DISTRICT_FILE, SCHOOL_FILE, write_bi_exports
from release.cells import MARKER
from release.packet_outcomes import on_track

ADDITIVE = ("race_ethnicity", "sex")


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cell(rows, measure="on_track", **key):
    [row] = [r for r in rows if all(r[k] == v for k, v in key.items())]
    return row[f"{measure}_n"], row[f"{measure}_rate"], row[f"{measure}_reason"]


def recovered_by_subtraction(rows, measure="on_track"):
    """Withheld group sizes an outsider can work out from one file: in each additive category
    (whose groups add up to all students), a lone withheld group is the total minus the shown
    groups. Returns {(school or None, subgroup): students}."""
    found = {}
    for school in sorted({r.get("school_id") for r in rows}, key=str):
        own = [r for r in rows if r.get("school_id") == school and r["grade_level"] == "all"]
        [total] = [r[f"{measure}_n"] for r in own if r["subgroup_category"] == "all_students"]
        for category in ADDITIVE:
            parts = [r for r in own if r["subgroup_category"] == category]
            hidden = [r for r in parts if r[f"{measure}_n"] == MARKER]
            if total != MARKER and len(hidden) == 1:
                shown = sum(int(r[f"{measure}_n"]) for r in parts if r not in hidden)
                found[(school, hidden[0]["subgroup"])] = int(total) - shown
    return found


def test_bi_files_are_in_the_release_and_its_root_manifest(packet_con, tmp_path):
    published = publish(packet_con, tmp_path, gate_tables())
    folder = tmp_path / published.release_id
    assert sorted(p.name for p in (folder / "bi").iterdir()) == [DISTRICT_FILE, SCHOOL_FILE]
    entries = {f["path"]: f for f in json.loads((folder / "manifest.json").read_text())["files"]}
    # district: 4 grades + all grades by 8 groups (all students, 2 flags, 3 races, 2 sexes);
    # schools: A and B, 8 groups each
    for name, rows in [(DISTRICT_FILE, 12), (SCHOOL_FILE, 16)]:
        entry, path = entries[f"bi/{name}"], folder / "bi" / name
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["bytes"] == path.stat().st_size
        assert entry["rows"] == len(_read(path)) == rows


def test_small_groups_are_withheld_with_their_complement_and_ends_are_coded(packet_con, tmp_path):
    published = publish(packet_con, tmp_path, gate_tables())
    schools = _read(tmp_path / published.release_id / "bi" / SCHOOL_FILE)
    district = _read(tmp_path / published.release_id / "bi" / DISTRICT_FILE)
    a = {"school_id": "A", "subgroup_category": "race_ethnicity"}
    # A: black 4 students (primary); white 25 is the next smallest race (complementary)
    assert _cell(schools, **a, subgroup="black") == (MARKER, MARKER, "primary")
    assert _cell(schools, **a, subgroup="white") == (MARKER, MARKER, "complementary")
    assert _cell(schools, "chronic_absence", **a, subgroup="white")[2] == "complementary"
    assert _cell(schools, **a, subgroup="hispanic") == ("30", "80%", "")  # 24 of 30
    assert _cell(schools, school_id="A", subgroup="english_learner") == (MARKER, MARKER, "primary")
    # A's economically disadvantaged: 12 of 12 on track, 0 of 12 chronically absent
    econ = {"school_id": "A", "subgroup": "economically_disadvantaged"}
    assert _cell(schools, **econ) == ("12", "≥90%", "top_coded")
    assert _cell(schools, "chronic_absence", **econ) == ("12", "≤10%", "bottom_coded")
    assert _cell(schools, school_id="B", subgroup="hispanic") == ("60", "83%", "")  # 50 of 60
    # district: hispanic 74 of 90 (82.2%); grade 12 34 of 38 (89.5%); the 4 black students at A
    # are 24 with B's 20, published
    assert _cell(district, subgroup="hispanic") == ("90", "82%", "")
    assert _cell(district, grade_level="12") == ("38", "89%", "")
    assert _cell(district, subgroup="black") == ("24", "71%", "")  # 17 of 24 (70.8%)
    assert recovered_by_subtraction(schools) == recovered_by_subtraction(district) == {}
    # the same cells as school A's packet
    packet = on_track(packet_con, "A", 2026, 10, None)["by_subgroup"][("school", "on_track")]
    assert packet[("race_ethnicity", "white")]["reason"] == "complementary"


def test_a_planted_four_student_district_group_cannot_be_recovered(packet_warehouse, tmp_path):
    """Planted: 4 of the district's 90 Hispanic students become 'asian' (3 on track). Withheld
    alone, the 4 would be 179 - 86 - 65 - 24; the export also hides the next smallest race."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(packet_warehouse, path)
    with duckdb.connect(str(path)) as con:
        district = "school_year = 2026 and reporting_level = 'district' and grade_level = 'all'"
        con.execute(
            "insert into marts.fct_on_track_summary select * replace ('asian' as subgroup, "
            "4 as n, 4 as on_track_evaluated, 3 as on_track_count, 4 as chronic_absence_eligible,"
            " 1 as chronically_absent_count) from marts.fct_on_track_summary "
            f"where {district} and subgroup = 'hispanic'"
        )
        con.execute(
            "update marts.fct_on_track_summary set n = n - 4, on_track_evaluated = 86, "
            "on_track_count = 71, chronic_absence_eligible = 86, chronically_absent_count = 15 "
            f"where {district} and subgroup = 'hispanic'"
        )
        write_bi_exports(con, tmp_path / "bi", 2026, [], minimum_n=10)
    rows = _read(tmp_path / "bi" / DISTRICT_FILE)
    race = {"subgroup_category": "race_ethnicity"}
    assert _cell(rows, **race, subgroup="asian") == (MARKER, MARKER, "primary")
    assert _cell(rows, **race, subgroup="black") == (MARKER, MARKER, "complementary")  # 24
    assert _cell(rows, **race, subgroup="hispanic") == ("86", "83%", "")  # 71 of 86 (82.6%)
    assert recovered_by_subtraction(rows) == recovered_by_subtraction(rows, "chronic_absence") == {}
    # The check has teeth: with primary suppression only (black shown), it finds the 4.
    black = next(r for r in rows if r["subgroup"] == "black")
    black["on_track_n"] = "24"
    assert recovered_by_subtraction(rows) == {(None, "asian"): 4}
