"""A quarantined student takes the rows keyed by it in every other SIS extract of the same year
into quarantine, naming the student's row, instead of leaving orphans that break dim_student."""

from ingestion.contract import load_contract, quarantine_parent

PARENT_REASON = "student_id not loaded: its sis/students row was quarantined"


def _quarantined(ws, extract, year=2025):
    return ws.rows(
        "select source_row_number, reasons from raw_quarantine.rejected_rows "
        "where extract = ? and school_year = ? order by source_row_number",
        [extract, year],
    )


def test_enrollments_and_attendance_of_a_quarantined_student_follow_it(ws):
    # GIVEN 2025 students where S2 (line 2) breaks the race code set and line 4 repeats S3
    ws.use("orphans")
    students = ws.load("sis", "students")
    assert students.files[1].rows_rejected == 2  # files are in year order: 2024, 2025
    # WHEN enrollments and attendance load
    enrollments = ws.load("sis", "enrollments")
    attendance = ws.load("sis", "attendance")
    # THEN S2's three 2025 spells (one padded, one also with a bad grade) are quarantined,
    # each naming the student's row; S3 loaded from its first row, so its spell stays
    assert _quarantined(ws, "enrollments") == [
        (2, [f"{PARENT_REASON} (line 2)"]),
        (3, [f"{PARENT_REASON} (line 2)"]),
        (6, ["grade_level: '9' is not in code set 'grade_level'", f"{PARENT_REASON} (line 2)"]),
    ]
    assert ws.rows(
        "select student_id from raw_sis.enrollments where _school_year = 2025 order by 1"
    ) == [("S1",), ("S3",), ("S4",), ("S5",)]
    # AND S2's 2024 spell stays: S2 loaded in 2024
    assert ws.rows("select student_id from raw_sis.enrollments where _school_year = 2024") == [
        ("S2",)
    ]
    assert _quarantined(ws, "enrollments", 2024) == []
    # AND attendance too
    assert _quarantined(ws, "attendance") == [(2, [f"{PARENT_REASON} (line 2)"])]
    assert ws.rows("select count(*) from raw_sis.attendance") == [(2,)]
    # AND the counts group the reason without the line
    assert enrollments.files[1].rejected_by_reason == {
        PARENT_REASON: 3,
        "grade_level: not in code set 'grade_level'": 1,
    }
    assert (attendance.files[0].rows_loaded, attendance.files[0].rows_rejected) == (2, 1)


def test_an_extract_loaded_before_any_student_keeps_its_rows(ws):
    # GIVEN no students loaded yet (their raw table does not exist)
    ws.use("orphans")
    result = ws.load("sis", "attendance")
    # THEN nothing is quarantined for a parent: the rule needs the students loaded first,
    # as load_all's contract order and the raw assets' dependencies make it
    assert result.files[0].rows_rejected == 0


def test_every_sis_extract_keyed_by_student_id_follows_the_students_and_nothing_else_does():
    contract = load_contract()
    followers = sorted(
        f"{extract.system}/{extract.name}"
        for extract in contract.extracts.values()
        if quarantine_parent(extract)
    )
    assert followers == sorted(
        f"sis/{extract.name}"
        for extract in contract.extracts.values()
        if extract.system == "sis" and extract.name != "students"
        and "student_id" in extract.column_names
    )  # fmt: skip
    assert "sis/enrollments" in followers and "sis/attendance" in followers
    assert quarantine_parent(contract.extract("sis", "students")) is None
    assert quarantine_parent(contract.extract("sis", "calendar")) is None


def test_a_corrected_student_file_brings_its_rows_back_on_the_next_load(ws):
    # GIVEN S2's enrollments quarantined with S2
    ws.use("orphans")
    ws.load("sis", "students")
    ws.load("sis", "enrollments")
    assert len(_quarantined(ws, "enrollments")) == 3
    # WHEN the students file is corrected (S2's race spelled from the code set) and reloaded
    path = ws.landing / "sis" / "students" / "2025.csv"
    path.write_text(path.read_text().replace("Hispanic or Latino", "hispanic"))
    ws.load("sis", "students")
    # THEN the unchanged enrollments file is checked again: only the bad grade stays
    result = ws.load("sis", "enrollments")
    assert [file.status for file in result.files] == ["unchanged", "replaced"]
    assert _quarantined(ws, "enrollments") == [
        (6, ["grade_level: '9' is not in code set 'grade_level'"])
    ]
    assert ws.rows(
        "select count(*) from raw_sis.enrollments where _school_year = 2025 and student_id "
        "like '%S2%'"
    ) == [(2,)]
    # AND a further load with nothing new changes nothing
    again = ws.load("sis", "enrollments")
    assert [file.status for file in again.files] == ["unchanged", "unchanged"]


def test_the_raw_assets_of_followers_depend_on_the_students_asset():
    from orchestration.assets.raw_extracts import build_raw_extract_assets

    deps = {
        asset.key.to_user_string(): sorted(dep.to_user_string() for dep in asset.asset_deps[key])
        for asset in build_raw_extract_assets()
        for key in [asset.key]
    }
    assert deps["sis/enrollments"] == ["sis/students"]
    assert deps["sis/attendance"] == ["sis/students"]
    assert deps["sis/students"] == [] and deps["sis/calendar"] == []
    assert deps["finance/gl_actuals"] == []


def test_only_a_change_in_the_quarantined_students_checks_the_followers_again(ws):
    ws.use("orphans")
    ws.load("sis", "students")
    ws.load("sis", "attendance")
    students = ws.landing / "sis" / "students" / "2025.csv"
    text = students.read_text()
    # WHEN a new students file changes a name only: S2 is still quarantined
    students.write_text(text.replace("Ana,Lopez", "Ana,Lopes"))
    ws.load("sis", "students")
    # THEN attendance is not read again
    assert ws.load("sis", "attendance").files[0].status == "unchanged"
    # WHEN S5 is quarantined too (sex 'Q')
    students.write_text(text.replace("S5,T5,Ed,Quo,2010-01-05,M", "S5,T5,Ed,Quo,2010-01-05,Q"))
    ws.load("sis", "students")
    # THEN S5's attendance follows it
    assert ws.load("sis", "attendance").files[0].status == "replaced"
    assert _quarantined(ws, "attendance") == [
        (2, [f"{PARENT_REASON} (line 2)"]),
        (3, [f"{PARENT_REASON} (line 5)"]),
    ]
