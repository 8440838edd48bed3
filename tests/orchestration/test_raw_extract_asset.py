"""GIVEN landing files for one extract WHEN its Dagster asset materializes
THEN its metadata counts loaded and quarantined rows, its check warns, and a broken file fails the
asset with file, line and column while the previous load stays in place; a held shrink and every
stray of the landing folder show in the metadata, and the held file makes a check warn."""

import duckdb
from click.testing import CliRunner
from dagster import materialize

from orchestration.assets.raw_extracts import build_raw_extract_asset
from orchestration.checks import build_quarantine_check, build_unloaded_files_check
from orchestration.cli import main
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings

HEADER = (
    "student_id,state_student_id,first_name,last_name,birth_date,sex,race_ethnicity,"
    "economically_disadvantaged,english_learner,students_with_disabilities,homeless,foster_care"
)
GOOD_ROWS = [
    "S1,T1,Ana,Diaz,2010-04-01,F,hispanic,Y,N,N,N,N",
    "S2,T2,Ben,Okafor,2010-13-01,M,black,N,N,Y,N,N",  # month 13: quarantined
    "S3,T3,Cy,Lee,2011-02-28,X,asian,N,Y,N,N,N",
]


def _write_students(landing, text):
    folder = landing / "sis" / "students"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025.csv").write_text(text, encoding="utf-8")


def _materialize(root):
    # The isolated_paths fixture points every K12_* path variable under `root`.
    resources = pipeline_resources(Settings.load())
    assert resources["warehouse"].database_path == str(root / "warehouse.duckdb")
    return materialize(
        [
            build_raw_extract_asset("sis", "students", "Students."),
            build_quarantine_check("sis", "students"),
            build_unloaded_files_check("sis", "students"),
        ],
        resources=resources,
        raise_on_error=False,
    )


def _checks(result) -> dict:
    return {check.check_name: check for check in result.get_asset_check_evaluations()}


def _students_in_warehouse(root) -> list[str]:
    connection = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    query = "select student_id from raw_sis.students order by 1"
    ids = [row[0] for row in connection.execute(query).fetchall()]
    connection.close()
    return ids


def test_metadata_counts_loaded_and_quarantined_rows(isolated_paths):
    _write_students(isolated_paths / "landing", "\n".join([HEADER, *GOOD_ROWS]) + "\n")

    result = _materialize(isolated_paths)

    assert result.success
    metadata = result.asset_materializations_for_node("sis__students")[0].metadata
    assert metadata["rows_loaded_this_run"].value == 2
    assert metadata["rows_rejected_this_run"].value == 1
    assert metadata["rows_in_table"].value == 2
    assert metadata["rejected_by_reason"].value == {"birth_date: not an ISO date (YYYY-MM-DD)": 1}
    check = _checks(result)["students_has_no_quarantined_rows"]
    assert not check.passed
    assert check.severity.value == "WARN"
    assert check.metadata["quarantined_rows"].value == 1
    assert _checks(result)["students_has_no_held_or_refused_files"].passed
    assert _students_in_warehouse(isolated_paths) == ["S1", "S3"]


def test_a_held_shrink_and_every_stray_show_in_metadata_and_the_check_warns(isolated_paths):
    # GIVEN 2025 students loaded (2 of 3 rows; one quarantined)
    landing = isolated_paths / "landing"
    _write_students(landing, "\n".join([HEADER, *GOOD_ROWS]) + "\n")
    assert _materialize(isolated_paths).success
    # WHEN a header-only 2025 arrives, with a misspelt sis/student/ folder and a file at the root
    _write_students(landing, HEADER + "\n")
    (landing / "sis" / "student").mkdir()
    (landing / "sis" / "student" / "2026.csv").write_text(HEADER + "\n")
    (landing / "readme.txt").write_text("notes\n")
    result = _materialize(isolated_paths)
    # THEN the asset succeeds with the file held, both counts and the way to accept it
    assert result.success
    metadata = result.asset_materializations_for_node("sis__students")[0].metadata
    assert (metadata["files_held"].value, metadata["files_loaded"].value) == (1, 0)
    (held,) = metadata["not_loaded"].value
    assert (held["path"], held["status"], held["rows_in_file"], held["rows_loaded_now"]) == (
        "sis/students/2025.csv", "held", 0, 2,
    )  # fmt: skip
    assert "--accept-shrink sis/students/2025" in held["reason"]
    # AND the landing folder's strays are listed, outside this extract's folder too
    assert metadata["unrecognized_in_landing"].value == [
        "readme.txt", "sis/student/", "sis/student/2026.csv",
    ]  # fmt: skip
    # AND the held-files check warns, naming the file; the loaded rows stay
    check = _checks(result)["students_has_no_held_or_refused_files"]
    assert (check.passed, check.severity.value, check.metadata["held_files"].value) == (
        False, "WARN", 1,
    )  # fmt: skip
    assert check.metadata["reason"].value.startswith("sis/students/2025.csv: held: the file has")
    assert _students_in_warehouse(isolated_paths) == ["S1", "S3"]


def test_missing_column_fails_the_asset_and_keeps_the_previous_load(isolated_paths):
    landing = isolated_paths / "landing"
    _write_students(landing, "\n".join([HEADER, *GOOD_ROWS]) + "\n")
    assert _materialize(isolated_paths).success
    header_without_sex = HEADER.replace(",sex,", ",")
    _write_students(landing, header_without_sex + "\nS9,T9,Di,Ng,2010-01-01,white,N,N,N,N,N\n")

    result = _materialize(isolated_paths)

    assert not result.success
    (failure,) = [event for event in result.all_events if event.is_step_failure]
    message = failure.step_failure_data.user_failure_data.description
    assert "sis/students/2025.csv" in message
    assert "line 1" in message
    assert "'sex'" in message
    assert _students_in_warehouse(isolated_paths) == ["S1", "S3"]


def test_k12_run_exits_non_zero_and_names_the_broken_file(isolated_paths):
    _write_students(isolated_paths / "landing", HEADER.replace(",sex,", ",") + "\n")

    outcome = CliRunner().invoke(main, ["run"])

    assert outcome.exit_code == 1, outcome.output
    assert "k12 run FAILED" in outcome.output
    assert "sis/students/2025.csv, line 1, column 'sex'" in outcome.output
