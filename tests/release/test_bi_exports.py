"""GIVEN the packet tests' tiny warehouse (packet_warehouse.py), published by the release run
WHEN the release writes its BI exports (`bi/district_outcomes.csv`, `bi/school_outcomes.csv`)
THEN every cell went through the packets' suppression: a group under 10 is withheld with its
complement, larger groups show the exact rate, rates near 0%/100% are coded, no withheld cell can
be recovered by subtraction (within a file, nor as the district minus the other schools across
the two files), and the files are in the root manifest with matching hashes."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil

import duckdb
from test_release_run import gate_tables, publish

from release.bi_exports import DISTRICT_FILE, SCHOOL_FILE, write_bi_exports
from release.cells import MARKER
from release.outcome_tables import outcome_tables
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


def recovered_across_files(schools, district, measure="on_track"):
    """Withheld school cells an outsider can work out as the district minus the other schools:
    for a grade and group shown for the district, a lone withheld school. Returns
    {(school, grade, subgroup): students}."""
    found = {}
    for row in district:
        key = (row["grade_level"], row["subgroup_category"], row["subgroup"])
        same = [
            r for r in schools if (r["grade_level"], r["subgroup_category"], r["subgroup"]) == key
        ]
        hidden = [r for r in same if r[f"{measure}_n"] == MARKER]
        if same and row[f"{measure}_n"] != MARKER and len(hidden) == 1:
            shown = sum(int(r[f"{measure}_n"]) for r in same if r not in hidden)
            found[(hidden[0]["school_id"], key[0], key[2])] = int(row[f"{measure}_n"]) - shown
    return found


def test_bi_files_are_in_the_release_and_its_root_manifest(packet_con, tmp_path):
    published = publish(packet_con, tmp_path, gate_tables())
    folder = tmp_path / published.release_id
    assert sorted(p.name for p in (folder / "bi").iterdir()) == [DISTRICT_FILE, SCHOOL_FILE]
    entries = {f["path"]: f for f in json.loads((folder / "manifest.json").read_text())["files"]}
    # district: 4 grades + all grades by 8 groups (all students, 2 flags, 3 races, 2 sexes), and
    # no grade-by-group rows in this warehouse; schools: A and B, 4 grades + 8 groups each
    for name, rows in [(DISTRICT_FILE, 12), (SCHOOL_FILE, 24)]:
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
    # A's economically disadvantaged: 12 of 12 on track would be top-coded "≥90%" alone, but B's
    # 30 of 50 and the district's 42 of 62 would give A's 12 by subtraction: B's is withheld,
    # and then A's too (else B's 50 = 62 - 12). The same for chronic absence (0 of 12).
    econ = {"subgroup": "economically_disadvantaged"}
    for school in ("A", "B"):
        for measure in ("on_track", "chronic_absence"):
            assert _cell(schools, measure, school_id=school, **econ)[2] == "complementary"
    assert _cell(district, **econ) == ("62", "68%", "")  # 42 of 62 (67.7%)
    assert _cell(schools, school_id="B", subgroup="hispanic") == ("60", "83%", "")  # 50 of 60
    # B's Black (20) and White (40) are withheld too: the district shows Black 24 and White 65,
    # so A's 4 and 25 would be the district minus B's
    b = {"school_id": "B", "subgroup_category": "race_ethnicity"}
    assert _cell(schools, **b, subgroup="black") == (MARKER, MARKER, "complementary")
    assert _cell(schools, **b, subgroup="white") == (MARKER, MARKER, "complementary")
    # A's grade 12 (8) is withheld with A's grade 9 (15); B's grades 9 and 12 close the loop
    for school, grade, reason in [
        ("A", "12", "primary"),
        ("A", "09", "complementary"),
        ("B", "09", "complementary"),
        ("B", "12", "complementary"),
    ]:
        assert _cell(schools, school_id=school, grade_level=grade)[2] == reason
    assert _cell(schools, school_id="B", grade_level="10") == ("30", "67%", "")  # 20 of 30
    # district: hispanic 74 of 90 (82.2%); grade 12 34 of 38 (89.5%); black 17 of 24 (70.8%)
    assert _cell(district, subgroup="hispanic") == ("90", "82%", "")
    assert _cell(district, grade_level="12") == ("38", "89%", "")
    assert _cell(district, subgroup="black") == ("24", "71%", "")
    assert recovered_by_subtraction(schools) == recovered_by_subtraction(district) == {}
    for measure in ("on_track", "chronic_absence"):
        assert recovered_across_files(schools, district, measure) == {}
    # The check has teeth: B's Black shown as a per-school suppression would show it gives A's 4.
    next(r for r in schools if r["school_id"] == "B" and r["subgroup"] == "black")["on_track_n"] = (
        "20"
    )
    assert recovered_across_files(schools, district) == {("A", "all", "black"): 4}
    # the same cells as school A's packet
    packet = on_track(outcome_tables(packet_con, 2026, 10), "A")["by_subgroup"]
    assert packet[("school", "on_track")][("race_ethnicity", "white")]["reason"] == "complementary"
    assert packet[("school", "on_track")][("race_ethnicity", "hispanic")]["text"] == "80%"


def test_a_planted_four_student_group_cannot_be_recovered(packet_warehouse, tmp_path):
    """Planted: 4 of school B's 60 Hispanic students become 'asian' (3 on track, 1 chronically
    absent), at B and in the district. Withheld alone, the district's 4 would be
    179 - 86 - 65 - 24; the export also hides the next smallest race, Black (24)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(packet_warehouse, path)
    with duckdb.connect(str(path)) as con:
        where = (
            "school_year = 2026 and grade_level = 'all' and subgroup = 'hispanic' "
            "and (reporting_level = 'district' or school_id = 'B')"
        )
        con.execute(
            "insert into marts.fct_on_track_summary select * replace ('asian' as subgroup, "
            "4 as n, 4 as on_track_evaluated, 3 as on_track_count, "
            "0 as freshman_on_track_evaluated, 0 as freshman_on_track_count, "
            "4 as chronic_absence_eligible, "
            f"1 as chronically_absent_count) from marts.fct_on_track_summary where {where}"
        )
        con.execute(
            "update marts.fct_on_track_summary set n = n - 4, on_track_evaluated = "
            "on_track_evaluated - 4, on_track_count = on_track_count - 3, chronic_absence_eligible"
            " = chronic_absence_eligible - 4, chronically_absent_count = chronically_absent_count"
            f" - 1 where {where}"
        )
        write_bi_exports(tmp_path / "bi", outcome_tables(con, 2026, 10), ["A", "B"])
    rows = _read(tmp_path / "bi" / DISTRICT_FILE)
    schools = _read(tmp_path / "bi" / SCHOOL_FILE)
    race = {"subgroup_category": "race_ethnicity"}
    assert _cell(rows, **race, subgroup="asian") == (MARKER, MARKER, "primary")
    assert _cell(rows, **race, subgroup="black") == (MARKER, MARKER, "complementary")  # 24
    assert _cell(rows, **race, subgroup="hispanic") == ("86", "83%", "")  # 71 of 86 (82.6%)
    # A has no Asian students: shown withheld (0 < 10), so the absence tells nothing
    assert _cell(schools, **race, school_id="A", subgroup="asian") == (MARKER, MARKER, "primary")
    assert _cell(schools, **race, school_id="B", subgroup="asian") == (MARKER, MARKER, "primary")
    assert _cell(schools, **race, school_id="B", subgroup="hispanic") == ("56", "84%", "")  # 47
    for measure in ("on_track", "chronic_absence"):
        assert recovered_by_subtraction(rows, measure) == {}
        assert recovered_by_subtraction(schools, measure) == {}
        assert recovered_across_files(schools, rows, measure) == {}
    # The check has teeth: with primary suppression only (black shown), it finds the 4.
    black = next(r for r in rows if r["subgroup"] == "black")
    black["on_track_n"] = "24"
    assert recovered_by_subtraction(rows) == {(None, "asian"): 4}
