"""A snapshot that would shrink a loaded year is held until accepted; a year outside the window is
refused. Either way the loaded rows stay, and the file is reported with its counts."""

import os
from dataclasses import replace
from datetime import date

import pytest

from ingestion.guards import IngestionGuards

HEADER = "school_id,school_name,school_level,grade_low,grade_high,is_charter,network,"
HEADER += "principal_name,principal_email,status\n"
GUARDS = IngestionGuards(max_shrink=0.20, first_year=1990, last_year=2027)


def _write_schools(ws, year: int, count: int) -> None:
    path = ws.landing / "sis" / "schools" / f"{year}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = (f"{100 + i},School {i},elementary,KG,05,N,,P,p@d.example,open\n" for i in range(count))
    path.write_text(HEADER + "".join(rows))


def _rows_of(ws, year: int) -> int:
    return ws.rows(f"select count(*) from raw_sis.schools where _school_year = {year}")[0][0]


def _unloaded(ws) -> list[tuple]:
    return ws.rows(
        "select source_file, status, rows_in_file, previous_rows_loaded "
        "from raw_meta.unloaded_files order by all"
    )


@pytest.mark.parametrize(
    ("loaded", "new", "reason"),
    [
        # a file cut at a line end: its first 35% (7 of 20 rows), 65% fewer
        (20, 7, "7 rows in the file, 20 loaded now: 65% fewer, more than the 20% allowed"),
        # a header-only file where 141 rows are loaded
        (141, 0, "the file has no rows, the year has 141 loaded"),
        # 15 of 20: 25% fewer
        (20, 15, "15 rows in the file, 20 loaded now: 25% fewer, more than the 20% allowed"),
    ],
)
def test_a_shrinking_snapshot_is_held_and_the_loaded_year_stays(ws, loaded, new, reason):
    # GIVEN 2025 loaded with `loaded` rows
    _write_schools(ws, 2025, loaded)
    ws.load("sis", "schools", guards=GUARDS)
    # WHEN a new 2025 snapshot with `new` rows arrives
    _write_schools(ws, 2025, new)
    result = ws.load("sis", "schools", guards=GUARDS)
    # THEN it is held, with both counts and how to load it
    (held,) = result.held
    assert (held.status, held.rows_in_file, held.previous_rows_loaded, held.rows_loaded) == (
        "held", new, loaded, 0
    )  # fmt: skip
    assert held.reason == (
        f"held: {reason}; the previous load stays. To load this file, run with --accept-shrink "
        "sis/schools/2025 or create an empty sis/schools/2025.accept-shrink"
    )
    assert f"sis/schools/2025.csv [held]: {new} in file, {loaded} loaded now" in "\n".join(
        result.summary_lines()
    )
    assert result.summary()["held"] == ["sis/schools/2025.csv"]
    # AND nothing was lost: the loaded rows stay, and the hold is on record for the asset check
    assert _rows_of(ws, 2025) == loaded == result.rows_in_table
    assert _unloaded(ws) == [("sis/schools/2025.csv", "held", new, loaded)]
    assert not result.changed


def test_a_shrink_within_the_limit_loads(ws):
    # GIVEN 20 rows loaded WHEN 16 arrive (exactly 20% fewer) THEN they replace the year
    _write_schools(ws, 2025, 20)
    ws.load("sis", "schools", guards=GUARDS)
    _write_schools(ws, 2025, 16)
    result = ws.load("sis", "schools", guards=GUARDS)
    assert [(f.status, f.rows_loaded, f.previous_rows_loaded) for f in result.files] == [
        ("replaced", 16, 20)
    ]
    assert _rows_of(ws, 2025) == 16


def test_a_shrink_accepted_on_the_command_line_loads(ws):
    # GIVEN a held snapshot (7 rows for 20 loaded)
    _write_schools(ws, 2025, 20)
    ws.load("sis", "schools", guards=GUARDS)
    _write_schools(ws, 2025, 7)
    assert ws.load("sis", "schools", guards=GUARDS).held
    # WHEN the run accepts sis/schools/2025
    accepting = replace(GUARDS, accepted_shrinks=frozenset({"sis/schools/2025"}))
    result = ws.load("sis", "schools", guards=accepting)
    # THEN it replaces the year, says how it was accepted, and the hold is cleared
    (loaded,) = result.files
    assert (loaded.status, loaded.rows_loaded) == ("replaced", 7)
    assert loaded.reason.endswith("65% fewer, more than the 20% allowed; accepted by "
                                  "--accept-shrink sis/schools/2025")  # fmt: skip
    assert _rows_of(ws, 2025) == 7 and _unloaded(ws) == []
    assert ws.rows(
        "select rows_loaded, shrink_accepted_by from raw_meta.file_loads where superseded_at "
        "is null"
    ) == [(7, "option")]


def test_a_marker_accepts_one_shrink_and_is_then_spent(ws):
    # GIVEN 20 rows loaded and a snapshot of 10, held
    _write_schools(ws, 2025, 20)
    ws.load("sis", "schools", guards=GUARDS)
    _write_schools(ws, 2025, 10)
    assert ws.load("sis", "schools", guards=GUARDS).held
    # WHEN the district drops an empty sis/schools/2025.accept-shrink
    marker = ws.landing / "sis" / "schools" / "2025.accept-shrink"
    marker.write_bytes(b"")
    os.utime(marker, ns=(1_000_000_000, 1_000_000_000))
    result = ws.load("sis", "schools", guards=GUARDS)
    # THEN the 10 rows load, and the log records the marker with the accepted file's sha256
    assert [f.status for f in result.files] == ["replaced"] and _rows_of(ws, 2025) == 10
    assert ws.rows(
        "select source_sha256, shrink_accepted_by, accept_marker_mtime_ns "
        "from raw_meta.file_loads where superseded_at is null"
    ) == [(result.files[0].sha256, "marker", 1_000_000_000)]
    # WHEN a later, different shrink (4 rows) arrives while the same marker is still there
    _write_schools(ws, 2025, 4)
    result = ws.load("sis", "schools", guards=GUARDS)
    # THEN it is held: the marker was spent on the earlier shrink
    (held,) = result.held
    assert held.reason.endswith(
        "(the sis/schools/2025.accept-shrink there already accepted an earlier shrink: replace it)"
    )
    assert _rows_of(ws, 2025) == 10
    # WHEN the marker is replaced THEN the new shrink loads
    os.utime(marker, ns=(2_000_000_000, 2_000_000_000))
    result = ws.load("sis", "schools", guards=GUARDS)
    assert [f.status for f in result.files] == ["replaced"] and _rows_of(ws, 2025) == 4


def test_a_year_outside_the_window_is_refused_while_the_other_years_load(ws):
    # GIVEN sis/schools/1890.csv (a typo: 1890 is not a school year here) beside 2025.csv
    _write_schools(ws, 1890, 3)
    _write_schools(ws, 2025, 2)
    # WHEN the extract loads
    result = ws.load("sis", "schools", guards=GUARDS)
    # THEN 1890 is refused, unread, naming the window; 2025 loads
    assert [(f.path, f.status, f.rows_loaded) for f in result.files] == [
        ("sis/schools/1890.csv", "refused", 0),
        ("sis/schools/2025.csv", "loaded", 2),
    ]
    assert result.refused[0].reason == "school year 1890 is outside the accepted window 1990-2027"
    assert ws.rows("select distinct _school_year from raw_sis.schools") == [(2025,)]
    assert _unloaded(ws) == [("sis/schools/1890.csv", "refused", 0, None)]
    lines = "\n".join(result.summary_lines())
    assert "sis/schools/1890.csv [refused]: not read\n    school year 1890 is outside" in lines
    # AND next year is in the default window, the year after is not
    window = IngestionGuards.default(date(2026, 12, 4))
    assert (window.first_year, window.last_year, window.max_shrink) == (1990, 2027, 0.20)
    assert window.year_refusal(2027) is None and window.year_refusal(2028)
    assert window.year_refusal(1990) is None and window.year_refusal(1989)


def test_guards_refuse_settings_that_cannot_be_meant():
    with pytest.raises(ValueError, match="max_shrink must be between 0 and 1, not 1.5"):
        IngestionGuards(max_shrink=1.5, first_year=1990, last_year=2027)
    with pytest.raises(ValueError, match="the school-year window is empty: 2027 to 1990"):
        IngestionGuards(max_shrink=0.2, first_year=2027, last_year=1990)
