"""GIVEN a tiny asset graph shaped like the pipeline's (a raw extract with its quarantine check, a
`dbt_models` step printing dbt's lines in colour, a `release_gate` check, `principal_packets`),
whose steps print to stdout and stderr, and below Python to file descriptor 1
WHEN run_everything runs it in this process
THEN the console gets one line per stage and nothing else, every other line is in the run's log
file without colour codes, and a step that cannot get DuckDB's lock is reported with the lock
message."""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetSelection,
    AssetSpec,
    DagsterInstance,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
    define_asset_job,
    multi_asset,
    multi_asset_check,
)

from orchestration.progress import console_output_problems
from orchestration.run_pipeline import run_everything

STUDENTS, DIM_SCHOOL = ["sis", "students"], ["marts", "dim_school"]


@dataclass(frozen=True)
class StandInSettings:
    landing_dir: Path
    warehouse: Path
    archive_dir: Path
    release_dir: Path
    log_dir: Path
    notify_command: str | None = None
    notify_webhook: str | None = None


def _settings(root: Path) -> StandInSettings:
    return StandInSettings(
        landing_dir=root / "landing",
        warehouse=root / "warehouse.duckdb",
        archive_dir=root / "archive",
        release_dir=root / "releases",
        log_dir=root / "logs",
    )


def _definitions(settings: StandInSettings) -> Definitions:
    @asset(key=STUDENTS, group_name="raw_sis")
    def sis_students() -> MaterializeResult:
        print("\x1b[32mprinted by an asset\x1b[0m")
        print("printed to stderr", file=sys.stderr)
        os.write(1, b"written below Python\n")
        duckdb.connect(str(settings.warehouse)).close()  # fails while another process holds it
        return MaterializeResult(
            metadata={
                "table": "raw_sis.students",
                "rows_in_table": 5,
                "files_loaded": 1,
                "files_unchanged": 0,
                "rows_loaded_this_run": 5,
                "rows_rejected_this_run": 1,
            }
        )

    @asset_check(asset=STUDENTS, name="students_has_no_quarantined_rows")
    def quarantine_check() -> AssetCheckResult:
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.WARN,
            metadata={"quarantined_rows": 1, "by_reason": MetadataValue.json({"x: bad": 1})},
        )

    @multi_asset(specs=[AssetSpec(DIM_SCHOOL, deps=[STUDENTS])], name="dbt_models")
    def dbt_models():
        for n in range(1, 4):
            print(f"{n} of 3 START sql table model marts.m{n} ........ [RUN]")
            print(f"{n} of 3 \x1b[32mOK\x1b[0m created sql table model marts.m{n} ... [OK]")
        yield MaterializeResult(asset_key=DIM_SCHOOL)

    @multi_asset_check(
        specs=[AssetCheckSpec("dim_school_is_publishable", asset=DIM_SCHOOL, blocking=True)],
        name="release_gate",
    )
    def release_gate():
        yield AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "failing_expectations": MetadataValue.json(
                    [{"name": "enrollment_is_plausible", "severity": "warning", "school_ids": []}]
                ),
                "report": MetadataValue.path(str(settings.release_dir / "report.html")),
            },
        )

    @asset(deps=[DIM_SCHOOL])
    def principal_packets() -> MaterializeResult:
        packet = settings.release_dir / "r1" / "0101" / "packet.html"
        packet.parent.mkdir(parents=True)
        packet.write_text("<html></html>")
        (settings.release_dir / "latest").symlink_to("r1")
        return MaterializeResult(
            metadata={
                "release_path": str(settings.release_dir / "r1"),
                "schools_released": 1,
                "schools_withheld": 0,
                "validation_report": str(settings.release_dir / "report.html"),
            }
        )

    return Definitions(
        assets=[sis_students, dbt_models, principal_packets],
        asset_checks=[quarantine_check, release_gate],
        jobs=[define_asset_job("materialize_everything", selection=AssetSelection.all())],
    )


def _run(root: Path, **options):
    settings = _settings(root)
    lines: list[str] = []
    with DagsterInstance.ephemeral() as instance:
        summary = run_everything(
            _definitions(settings), settings, instance=instance, echo=lines.append, **options
        )
    return settings, summary, lines


def test_the_console_gets_one_line_per_stage_and_the_log_gets_the_rest(tmp_path, capfd):
    settings, summary, lines = _run(tmp_path)

    assert capfd.readouterr() == ("", "")  # nothing else reached the terminal
    [log] = settings.log_dir.iterdir()
    assert re.fullmatch(r"k12-run-\d{8}T\d{6}Z\.log", log.name)
    assert summary.log_file == log
    assert lines[0].startswith("k12 run started ") and lines[0].endswith(f"; log: {log}")
    assert console_output_problems(lines[1:], max_lines=4) == []
    shapes = [re.sub(r"\d:\d\d", "m:ss", line) for line in lines[1:]]
    assert shapes == [
        "[m:ss] ingestion: done in m:ss, 1 of 1 extracts, 1 files (0 unchanged), "
        "5 rows loaded, 1 quarantined",
        "[m:ss] dbt build: done in m:ss, 3 of 3 nodes",
        "[m:ss] release gate: done in m:ss, marts checked: 1 warned",
        "[m:ss] release: done in m:ss, 1 packets written, 0 schools withheld",
    ]
    text = log.read_text(encoding="utf-8")
    for expected in [
        " - DEBUG - materialize_everything - ",
        " - STEP_START - ",
        "printed by an asset",
        "printed to stderr",
        "written below Python",
        "3 of 3 OK created sql table model marts.m3",
    ]:
        assert expected in text
    assert "\x1b" not in text
    assert summary.succeeded
    assert summary.first_packet == settings.release_dir / "latest" / "0101" / "packet.html"
    assert [note.name for note in summary.checks_to_read] == [
        "students_has_no_quarantined_rows",
        "dim_school_is_publishable",
    ]
    assert f"  log:       {log}" in summary.render().splitlines()


def test_verbose_also_echoes_dagsters_and_dbts_lines(tmp_path, capfd):
    _, _, lines = _run(tmp_path, verbose=True)

    assert capfd.readouterr() == ("", "")
    assert any(" - STEP_START - " in line for line in lines)
    assert "3 of 3 OK created sql table model marts.m3 ... [OK]" in lines
    assert not any("\x1b" in line for line in lines)


def test_the_default_echo_prints_the_stage_lines_on_stdout_and_nothing_else(tmp_path, capfd):
    settings = _settings(tmp_path)
    with DagsterInstance.ephemeral() as instance:
        run_everything(_definitions(settings), settings, instance=instance)

    out, err = capfd.readouterr()
    assert err == ""
    printed = out.splitlines()
    assert len(printed) == 5
    assert console_output_problems(printed[1:], max_lines=4) == []


@pytest.fixture
def held_warehouse(tmp_path):
    """Another process holding DuckDB's write lock on the warehouse, as a second run would."""
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(warehouse)!r}); "
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield holder.pid
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_step_that_cannot_get_the_lock_is_reported_with_duckdbs_message(tmp_path, held_warehouse):
    _, summary, lines = _run(tmp_path)

    assert not summary.succeeded
    [failure] = summary.failures
    assert failure.step == "sis__students"
    assert failure.cause.startswith("IOException: IO Error: Could not set lock on file ")
    assert "Conflicting lock is held in " in failure.cause
    assert f"(PID {held_warehouse})" in failure.cause
    assert f"  FAILED step sis__students: {failure.cause}" in summary.render().splitlines()
    shapes = [re.sub(r"\d:\d\d", "m:ss", line) for line in lines[1:]]
    assert shapes == [
        "[m:ss] ingestion: FAILED after m:ss, 1 of 1 extracts, 0 files (0 unchanged), "
        "0 rows loaded, 0 quarantined",
        "[m:ss] dbt build: not run (an earlier stage failed)",
        "[m:ss] release gate: not run (an earlier stage failed)",
        "[m:ss] release: not run (an earlier stage failed)",
    ]
