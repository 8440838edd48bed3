"""The raw extract is a view over one table per school year, each the file exactly as read:
the read is the final write, lineage is derived, and a year is swapped in whole or not at all."""

import pytest

from ingestion.errors import ContractViolation

GOOD_2024 = (
    "school_id,school_name,school_level,grade_low,grade_high,is_charter,network,principal_name,"
    "principal_email,status\n"
    "100,Adams STEM Elementary,elementary,KG,05,N,North,Ada Park,apark@district.example,open\n"
    "200,Baker Middle,middle,06,08,N,,Ben Cruz,bcruz@district.example,open\n"
)


def _relations(ws, schema: str = "raw_sis") -> dict[str, str]:
    return dict(
        ws.rows(
            "select table_name, table_type from information_schema.tables "
            "where table_schema = ? order by 1",
            [schema],
        )
    )


def test_each_year_is_a_table_of_the_file_as_read_and_the_extract_a_view(ws):
    # GIVEN schools for 2024 (2 rows) and 2025 (3 rows)
    ws.use("good")
    # WHEN loaded
    ws.load("sis", "schools")
    # THEN raw_sis.schools is a view over one table per year, and nothing else is left
    assert _relations(ws) == {
        "schools": "VIEW", "schools__2024": "BASE TABLE", "schools__2025": "BASE TABLE",
    }  # fmt: skip
    # AND a year table holds the file's 10 fields as read, with no lineage stored on its rows
    assert [name for (name,) in ws.rows("select column_name from (describe raw_sis.schools__2025)")
            ] == [f"c{i}" for i in range(1, 11)]  # fmt: skip
    assert ws.rows("select c2 from raw_sis.schools__2025 order by rowid") == [
        ("Adams Elementary",), ("Baker Middle",), (" Carver High ",),
    ]  # fmt: skip
    # AND the view derives lineage from the load log: the file, its hash, its row numbers
    sha_2025 = ws.rows("select source_sha256 from raw_meta.file_loads where school_year = 2025")[0][
        0
    ]
    assert ws.rows(
        "select _school_year, _source_file, _source_sha256, _source_row_number, school_id "
        "from raw_sis.schools where _school_year = 2025 order by _source_row_number"
    ) == [
        (2025, "sis/schools/2025.csv", sha_2025, 1, "100"),
        (2025, "sis/schools/2025.csv", sha_2025, 2, "200"),
        (2025, "sis/schools/2025.csv", sha_2025, 3, "300"),
    ]
    assert ws.rows("select count(*) from raw_sis.schools") == [(5,)]


def test_quarantined_rows_stay_in_the_year_table_and_are_left_out_of_the_view(ws):
    # GIVEN a students file of 9 rows, 7 of them breaking the contract
    ws.use("bad_values")
    ws.load("sis", "students")
    # THEN the year table keeps all 9 rows as read, the view shows the 2 good ones
    assert ws.rows("select count(*) from raw_sis.students__2025") == [(9,)]
    shown = ws.rows("select _source_row_number from raw_sis.students order by 1")
    quarantined = ws.rows(
        "select source_row_number from raw_quarantine.rejected_rows "
        "where extract = 'students' order by 1"
    )
    assert len(shown) == 2 and len(quarantined) == 7
    assert sorted(shown + quarantined) == [(line,) for line in range(1, 10)]
    assert ws.rows("select student_id from raw_sis.students order by 1") == [
        (sid,) for (sid,) in ws.rows(
            "select c1 from raw_sis.students__2025 where rowid + 1 in "
            f"({', '.join(str(line) for (line,) in shown)}) order by 1"
        )
    ]  # fmt: skip


def test_a_load_that_fails_after_reading_a_year_changes_nothing_and_leaves_no_table(ws):
    # GIVEN schools loaded for 2024 and 2025
    ws.use("good")
    ws.load("sis", "schools")
    before = ws.rows("select * from raw_sis.schools order by all")
    # WHEN a changed 2024 file is read and checked, then the 2025 file is unreadable
    (ws.landing / "sis" / "schools" / "2024.csv").write_text(GOOD_2024)
    (ws.landing / "sis" / "schools" / "2025.csv").write_text(
        GOOD_2024.replace("open\n", "open,extra field\n")
    )
    with pytest.raises(ContractViolation, match="expected 10 fields, found 11"):
        ws.load("sis", "schools")
    # THEN the view shows what it showed, and the 2024 read was dropped, not swapped in
    assert ws.rows("select * from raw_sis.schools order by all") == before
    assert set(_relations(ws)) == {"schools", "schools__2024", "schools__2025"}


def test_a_replaced_year_swaps_its_table_and_leaves_the_other_year_alone(ws):
    ws.use("good")
    ws.load("sis", "schools")
    (ws.landing / "sis" / "schools" / "2024.csv").write_text(GOOD_2024)
    result = ws.load("sis", "schools")
    assert [file.status for file in result.files] == ["replaced", "unchanged"]
    assert ws.rows("select c2 from raw_sis.schools__2024 order by rowid") == [
        ("Adams STEM Elementary",), ("Baker Middle",),
    ]  # fmt: skip
    assert ws.rows("select count(*) from raw_sis.schools__2025") == [(3,)]
    assert ws.rows("select _school_year, count(*) from raw_sis.schools group by 1 order by 1") == [
        (2024, 2), (2025, 3),
    ]  # fmt: skip
    assert set(_relations(ws)) == {"schools", "schools__2024", "schools__2025"}


def test_an_incoming_table_a_killed_load_left_is_dropped_by_the_next_load(ws):
    ws.use("good")
    ws.con.execute("create schema raw_sis")
    ws.con.execute("create table raw_sis.schools__2023__incoming as select 'S001' as c1")
    ws.load("sis", "schools")
    assert "schools__2023__incoming" not in _relations(ws)


def test_an_extract_with_no_file_is_an_empty_view_with_the_raw_columns(ws):
    ws.load("sis", "schools")
    columns = ws.rows("select column_name, column_type from (describe raw_sis.schools)")
    assert columns[:2] == [("school_id", "VARCHAR"), ("school_name", "VARCHAR")]
    assert columns[-5:] == [
        ("_school_year", "INTEGER"), ("_source_file", "VARCHAR"), ("_source_sha256", "VARCHAR"),
        ("_source_row_number", "BIGINT"), ("_loaded_at", "TIMESTAMP"),
    ]  # fmt: skip
    assert ws.rows("select count(*) from raw_sis.schools") == [(0,)]


def _old_layout_table(ws, years: list[int]) -> None:
    """raw_sis.schools as k12 wrote it before the year tables: one table, lineage on each row."""
    ws.con.execute("create schema raw_sis")
    ws.con.execute(
        "create table raw_sis.schools (school_id varchar, _school_year integer, "
        "_source_file varchar, _source_sha256 varchar, _source_row_number bigint, "
        "_loaded_at timestamp)"
    )
    for year in years:
        ws.con.execute(
            f"insert into raw_sis.schools values ('100', {year}, 'sis/schools/{year}.csv', "
            "'abc', 1, now())"
        )


def test_an_older_single_raw_table_is_reloaded_year_by_year(ws):
    # GIVEN a warehouse whose raw_sis.schools is one table holding 2024 and 2025
    ws.use("good")
    _old_layout_table(ws, [2024, 2025])
    # WHEN the extract loads
    result = ws.load("sis", "schools")
    # THEN both years reload from their landing files, into the view
    assert [file.status for file in result.files] == ["loaded", "loaded"]
    assert _relations(ws)["schools"] == "VIEW"
    assert ws.rows("select count(*) from raw_sis.schools") == [(5,)]


def test_an_older_single_raw_table_with_a_year_no_file_can_reload_is_kept(ws):
    # GIVEN the old table also holds 2023, whose landing file is gone
    ws.use("good")
    _old_layout_table(ws, [2023, 2024, 2025])
    # WHEN the extract loads, THEN it stops naming the year, and the old table is untouched
    with pytest.raises(ContractViolation, match="years 2023 have no landing file"):
        ws.load("sis", "schools")
    assert _relations(ws)["schools"] == "BASE TABLE"
    assert ws.rows("select count(*) from raw_sis.schools") == [(3,)]


def test_a_quarantined_students_enrollment_follows_it_through_the_raw_view(ws):
    # GIVEN students of whom only S001 and S009 load (S006's first name is blank)
    ws.use("bad_values")
    ws.load("sis", "students")
    assert ws.rows("select student_id from raw_sis.students order by 1") == [("S001",), ("S009",)]
    # WHEN enrollments load, S006's otherwise valid row (line 6) names a quarantined student
    ws.load("sis", "enrollments")
    # THEN it is quarantined for that alone: the check found the students' view
    assert ws.rows(
        "select reasons from raw_quarantine.rejected_rows "
        "where extract = 'enrollments' and source_row_number = 6"
    ) == [(["student_id not loaded: its sis/students row was quarantined (line 6)"],)]
    assert ws.rows("select student_id from raw_sis.enrollments") == [("S001",)]
