"""GIVEN the asset check results and step failures of a run, made by hand
WHEN `k12 run` sums them up
THEN each kind of check is counted on its own line, every warned or failed check is named with
its one-line reason and what to open, a step failure gives its innermost cause (DuckDB's lock
message, not Dagster's wrapper), and the summary ends with the time taken and what to do next."""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey, MetadataValue
from dagster_shared.error import SerializableErrorInfo

from expectations.frames import RELEASE_TABLES
from orchestration.run_pipeline import RunSummary, count_checks
from orchestration.run_reasons import failure_cause
from orchestration.run_report import CheckNote, StepFailure, format_duration

WARN, ERROR = AssetCheckSeverity.WARN, AssetCheckSeverity.ERROR
LOG = Path("/logs/k12-run-20260105T050000Z.log")


def _check(name, passed, severity=ERROR, asset=("marts", "any"), metadata=None):
    return AssetCheckEvaluation(
        asset_key=AssetKey(list(asset)),
        check_name=name,
        passed=passed,
        severity=severity,
        metadata=metadata or {},
    )


def test_release_gate_checks_are_not_counted_as_dbt_tests():
    gate = [_check(f"{table}_is_publishable", True) for table in RELEASE_TABLES]
    gate += [_check(f"{table}_has_no_release_warnings", True) for table in RELEASE_TABLES[1:]]
    stale = _check("dim_school_year_has_no_release_warnings", False, WARN)  # freshness warning
    # One check per model sums up its dbt tests: 2 passed and 1 warned on dim_school, 1 failed
    # on fct_early_warning.
    dbt = [
        _check("dim_school_passes_its_dbt_tests", True, metadata={"passed": 2, "warned": 1}),
        _check("fct_early_warning_passes_its_dbt_tests", False, ERROR, metadata={"failed": 1}),
    ]
    quarantine = [
        _check("enrollments_has_no_quarantined_rows", True),
        _check("students_has_no_quarantined_rows", False, WARN),
    ]
    unloaded = [
        _check("enrollments_has_no_held_or_refused_files", True),
        _check("staff_has_no_held_or_refused_files", True),
    ]
    summary = RunSummary(succeeded=False)

    count_checks(summary, [*gate, stale, *dbt, *quarantine, *unloaded])

    assert summary.release_gate_checks == {"passed": 13, "warned": 1}
    assert summary.dbt_tests == {"passed": 2, "warned": 1, "failed": 1}
    assert summary.quarantine_checks == {"passed": 1, "warned": 1}
    assert summary.unloaded_files_checks == {"passed": 2}
    lines = summary.render().splitlines()
    assert "  dbt tests: 1 failed, 2 passed, 1 warned" in lines
    assert "  quarantine checks: 1 passed, 1 warned" in lines
    assert "  held or refused files checks: 2 passed" in lines
    assert "  release gate checks: 13 passed, 1 warned" in lines
    # the warned and failed ones, not the passed: a model's warned test does not fail its check
    assert len(summary.checks_to_read) == 3


def test_every_warned_and_failed_check_is_named_with_its_reason_and_what_to_open():
    quarantine = _check(
        "students_has_no_quarantined_rows",
        False,
        WARN,
        asset=("sis", "students"),
        metadata={
            "quarantined_rows": MetadataValue.int(12),
            "by_reason": MetadataValue.json(
                {"birth_date: not a date": 2, "grade_level: not in code set": 9, "a": 1, "b": 1}
            ),
        },
    )
    unloaded = _check(
        "students_has_no_held_or_refused_files",
        False,
        WARN,
        asset=("sis", "students"),
        metadata={
            "held_files": 1,
            "refused_files": 0,
            "reason": "sis/students/2026.csv: 35 rows where 141 are loaded (75% fewer)",
        },
    )
    gate = _check(
        "fct_early_warning_has_no_release_warnings",
        False,
        WARN,
        asset=("marts", "fct_early_warning"),
        metadata={
            "failing_expectations": MetadataValue.json(
                [
                    {
                        "name": "flag_rate_in_range",
                        "severity": "school",
                        "school_ids": ["0101", "0102"],
                    }
                ]
            ),
            "release_blocked_by": MetadataValue.json([]),
            "report": MetadataValue.path("/releases/validation_runs/r1/index.html"),
        },
    )
    dbt_test = _check(
        "fct_early_warning_passes_its_dbt_tests",
        False,
        ERROR,
        asset=("marts", "fct_early_warning"),
        metadata={
            "tests": 5,
            "passed": 3,
            "failed": 2,
            "failed_tests": MetadataValue.json(
                [
                    {
                        "test": "relationships_fct_early_warning_school_id",
                        "status": "fail",
                        "failing_rows": 3,
                    },
                    {"test": "early_warning_tiers_add_up", "status": "error", "failing_rows": None},
                ]
            ),
        },
    )
    summary = RunSummary(succeeded=False, log_file=LOG)

    count_checks(summary, [quarantine, unloaded, gate, dbt_test])

    lines = summary.render().splitlines()
    failed_line = (
        "  failed dbt test fct_early_warning_passes_its_dbt_tests on marts/fct_early_warning: "
        "2 of 5 dbt tests failed: relationships_fct_early_warning_school_id (fail, 3 failing "
        "rows), early_warning_tiers_add_up (error)"
    )
    start = lines.index(failed_line)
    assert lines[start : start + 8] == [
        failed_line,
        f"      open: {LOG} (dbt's lines for relationships_fct_early_warning_school_id, "
        "early_warning_tiers_add_up)",
        "  warned release gate check fct_early_warning_has_no_release_warnings on "
        "marts/fct_early_warning: 1 expectation failed: flag_rate_in_range "
        "(school, schools 0101, 0102)",
        "      open: /releases/validation_runs/r1/index.html",
        "  warned held or refused files check students_has_no_held_or_refused_files on "
        "sis/students: 1 held, 0 refused: sis/students/2026.csv: 35 rows where 141 are loaded "
        "(75% fewer)",
        "      open: select source_file, status, rows_in_file, previous_rows_loaded, reason from "
        "raw_meta.unloaded_files where system = 'sis' and extract = 'students'",
        "  warned quarantine check students_has_no_quarantined_rows on sis/students: "
        "12 rows quarantined (9 grade_level: not in code set, 2 birth_date: not a date, 1 a, "
        "and 1 more reason)",
        "      open: select school_year, source_row_number, reasons from "
        "raw_quarantine.rejected_rows where system = 'sis' and extract = 'students' "
        "order by school_year, source_row_number",
    ]


def test_a_gate_check_that_blocks_the_release_names_the_blocking_expectations():
    blocked = _check(
        "fct_student_attendance_is_publishable",
        False,
        ERROR,
        metadata={
            "release_blocked_by": MetadataValue.json(["has_a_district_row_per_student"]),
            "report": MetadataValue.path("/r/index.html"),
        },
    )
    summary = RunSummary(succeeded=False)

    count_checks(summary, [blocked])

    [note] = summary.checks_to_read
    assert note == CheckNote(
        outcome="failed",
        kind="release gate check",
        name="fct_student_attendance_is_publishable",
        asset="marts/any",
        reason="blocks the whole release: has_a_district_row_per_student",
        look_at="/r/index.html",
    )


def _error(cls_name, message, cause=None, context=None):
    return SerializableErrorInfo(
        message=message, stack=[], cls_name=cls_name, cause=cause, context=context
    )


LOCK = (
    '_duckdb.IOException: IO Error: Could not set lock on file "/data/warehouse.duckdb": '
    "Conflicting lock is held in /usr/bin/python3.11 (PID 4242). See also "
    "https://duckdb.org/docs/stable/connect/concurrency\n"
)


def test_a_step_failure_gives_the_innermost_cause_not_dagsters_wrapper():
    wrapper = _error(
        "DagsterExecutionStepExecutionError",
        "dagster._core.errors.DagsterExecutionStepExecutionError: "
        'Error occurred while executing op "sis__students":\n',
        cause=_error("IOException", LOCK),
    )

    assert failure_cause(wrapper) == (
        'IOException: IO Error: Could not set lock on file "/data/warehouse.duckdb": '
        "Conflicting lock is held in /usr/bin/python3.11 (PID 4242). See also "
        "https://duckdb.org/docs/stable/connect/concurrency"
    )


def test_a_failure_raised_on_purpose_gives_its_description_and_dbt_gives_its_own_errors():
    contract = "/landing/sis/students/2026.csv, line 7, column 3 ('grade_level'): expected 9 fields"
    assert failure_cause(_error("Failure", "Failure: x"), contract) == contract
    dbt = (
        "The dbt CLI process with command\n\n`dbt build`\n\nfailed with exit code `1`. Check the "
        "stdout in the Dagster compute logs.\n\nErrors parsed from dbt logs:\n\n"
        "\x1b[31mFailure in test unique_dim_school_school_id (models/marts/dim_school.yml)\x1b[0m"
        "\n\n  Got 2 results, configured to fail if != 0"
    )
    assert failure_cause(None, dbt) == (
        "Failure in test unique_dim_school_school_id (models/marts/dim_school.yml) "
        "Got 2 results, configured to fail if != 0"
    )
    assert failure_cause(_error("ValueError", "ValueError: " + "x" * 500)).endswith("x...")
    assert len(failure_cause(_error("ValueError", "ValueError: " + "x" * 500))) == 400


def _finished_summary(tmp_path: Path) -> RunSummary:
    return RunSummary(
        succeeded=True,
        run_id="0f2d3c4b-1111-4000-8000-000000000001",
        started_at=datetime(2026, 1, 5, 5, 0, 0, tzinfo=UTC),
        finished_at=datetime(2026, 1, 5, 5, 1, 35, tzinfo=UTC),
        log_file=LOG,
        warehouse=Path("/data/warehouse.duckdb"),
        landing_dir=Path("/data/landing"),
        archive_dir=Path("/data/archive"),
        release_dir=Path("/data/releases"),
        files_loaded=40,
        rows_by_table={"raw_sis.students": 1234},
        rows_loaded=1234,
        rows_rejected=12,
        dbt_models=87,
        dbt_seeds=20,
        dbt_tests=Counter(passed=1300),
        quarantine_checks=Counter(passed=16, warned=1),
        release_gate_checks=Counter(passed=7),
        release={
            "release_path": "/data/releases/2026-01-05_0500",
            "schools_released": 12,
            "schools_withheld": 0,
            "validation_report": "/data/releases/2026-01-05_0500/validation/index.html",
        },
        first_packet=Path("/data/releases/latest/0101/packet.html"),
    )


def test_the_summary_gives_the_total_time_and_what_to_do_next(tmp_path):
    summary = _finished_summary(tmp_path)
    lines = summary.render().splitlines()

    assert lines[0] == "k12 run succeeded in 1:35 (run 0f2d3c4b-1111-4000-8000-000000000001)"
    assert (
        "  rows loaded this run: 1,234; rows quarantined: 12 (raw_quarantine.rejected_rows)"
        in lines
    )
    assert f"  log:       {LOG}" in lines
    nexts = lines[lines.index("  next:") + 1 :]
    assert nexts[0] == "    open a packet: /data/releases/latest/0101/packet.html"
    assert nexts[1] == "    watch the run's steps and checks in the Dagster UI: make ui"
    assert nexts[2].startswith("    query the warehouse: ")
    assert "duckdb.connect('/data/warehouse.duckdb', read_only=True)" in nexts[2]
    assert "from marts.fct_on_track_summary" in nexts[2]
    assert len(nexts) == 3

    summary.published["analyst_database"] = {"path": "/data/analytics.duckdb", "marts": 20}
    published = summary.render().splitlines()
    assert "duckdb.connect('/data/analytics.duckdb', read_only=True)" in published[-1]
    assert published[-1].startswith("    query the marts: ")


def test_a_failed_run_names_the_failed_step_first_in_what_to_do_next(tmp_path):
    summary = _finished_summary(tmp_path)
    summary.succeeded, summary.release, summary.first_packet = False, {}, None
    summary.failures.append(StepFailure("sis__students", "IOException: IO Error: lock"))

    lines = summary.render().splitlines()

    assert lines[0] == "k12 run FAILED in 1:35 (run 0f2d3c4b-1111-4000-8000-000000000001)"
    assert "  FAILED step sis__students: IOException: IO Error: lock" in lines
    assert "  release: none published" in lines
    nexts = lines[lines.index("  next:") + 1 :]
    assert nexts[0] == f"    read the failed step's log lines: {LOG}"
    assert not any("open a packet" in line for line in nexts)


def test_durations_read_like_a_clock():
    assert [format_duration(s) for s in (0, 42.9, 725, 3723)] == [
        "0:00",
        "0:42",
        "12:05",
        "1:02:03",
    ]
