"""The benchmark's parts on hand-made input: the stage split, the process tree's memory, the
floor's tables and the doc's markers."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.floor import read_landing_with_duckdb
from benchmarks.measure import tree_resident_bytes
from benchmarks.run_benchmark import BEGIN_MARKER, END_MARKER, SizeResult, write_doc
from benchmarks.stages import parse_clock, stage_seconds

RUN_OUTPUT = """k12 run: running everything (no successful run recorded)
[0:09] ingestion: 10 of 17 extracts (running 0:03)
[0:21] ingestion: done in 0:15, 17 of 17 extracts, 68 files (0 unchanged), 1,234 rows
[2:41] dbt build: done in 2:20, 1,502 nodes
[2:50] release gate: done in 0:09, 12 checks
[1:02:03] release: done in 59:13, 200 schools
"""


def test_clock_is_read_back_as_format_duration_writes_it():
    assert parse_clock("0:09") == 9
    assert parse_clock("2:41") == 161
    assert parse_clock("1:02:03") == 3723


def test_stage_split_takes_each_closing_line_and_the_time_before_ingestion():
    assert stage_seconds(RUN_OUTPUT) == {
        "before ingestion": 21 - 15,
        "ingestion": 15,
        "dbt build": 140,
        "release gate": 9,
        "release": 59 * 60 + 13,
    }


def test_a_failed_stage_has_no_time():
    failed = "[0:21] ingestion: done in 0:15, ...\n[0:50] dbt build: FAILED after 0:29, ...\n"
    assert stage_seconds(failed) == {"before ingestion": 6, "ingestion": 15}


def _child_holding(megabytes: int) -> str:
    return (
        f"import time; block = bytearray({megabytes} * 1024 * 1024); "
        "block[::4096] = b'x' * len(block[::4096]); time.sleep(30)"
    )


def test_tree_memory_counts_a_grandchild_that_the_process_alone_does_not_show():
    # GIVEN a shell whose child python holds 300 MB
    command = f'{sys.executable} -c "{_child_holding(300)}"'
    shell = subprocess.Popen(["/bin/sh", "-c", command], start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while tree_resident_bytes(shell.pid) < 300e6 and time.monotonic() < deadline:
            time.sleep(0.1)
        # THEN the tree holds the 300 MB; the shell alone holds a few MB
        assert tree_resident_bytes(shell.pid) > 300e6
        assert int(Path(f"/proc/{shell.pid}/statm").read_text().split()[1]) * 4096 < 50e6
    finally:
        os.killpg(shell.pid, signal.SIGKILL)  # the shell and its child, nothing else
        shell.wait()


def test_measure_reports_the_peak_of_two_children_alive_at_once(tmp_path):
    # GIVEN a parent starting two children of 200 MB each that live at the same time
    script = (
        "import subprocess, sys, time; "
        f"children = [subprocess.Popen([sys.executable, '-c', {_hold_then_exit(200)!r}]) "
        "for _ in range(2)]; [child.wait() for child in children]; print('done')"
    )
    # measured from a fresh interpreter, as `k12 bench` measures: a child's peak as wait4 reports
    # it starts at its parent's size when forked, and this test process is large by now
    measurer = (
        "import json, sys; from pathlib import Path; from benchmarks.measure import measure; "
        f"m = measure([sys.executable, '-c', {script!r}], Path({str(tmp_path / 'log')!r})); "
        "print(json.dumps([m.returncode, m.output, m.peak_process_bytes, m.peak_tree_bytes, "
        "m.peak_bytes]))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", measurer], capture_output=True, text=True, check=True
    ).stdout
    returncode, output, peak_process, peak_tree, peak = json.loads(printed)
    # THEN the tree's peak is both children together, more than any one process's own peak
    assert returncode == 0 and output.strip() == "done"
    assert peak_process < 300e6
    assert peak_tree > 400e6
    assert peak == peak_tree


def _hold_then_exit(megabytes: int) -> str:
    # Long enough that both children hold their memory at once even on a loaded machine.
    return (
        f"import time; block = bytearray({megabytes} * 1024 * 1024); "
        "block[::4096] = b'x' * len(block[::4096]); time.sleep(8)"
    )


def test_floor_reads_every_file_of_an_extract_into_one_all_text_table(tmp_path):
    import duckdb

    landing = tmp_path / "landing"
    for year, rows in ((2025, "001,07\n002,08\n"), (2026, "003,09\n")):
        (landing / "sis" / "students").mkdir(parents=True, exist_ok=True)
        (landing / "sis" / "students" / f"{year}.csv").write_text(f"student_id,grade\n{rows}")
    (landing / "hr" / "staff").mkdir(parents=True)
    (landing / "hr" / "staff" / "2026.csv").write_text("staff_id\n0042\n")
    database = tmp_path / "floor.duckdb"

    assert read_landing_with_duckdb(landing, database, "1GB") == 3 + 1

    with duckdb.connect(str(database)) as con:
        assert con.execute("select * from sis__students order by 1").fetchall() == [
            ("001", "07"), ("002", "08"), ("003", "09"),
        ]  # fmt: skip
        assert con.execute("select staff_id from hr__staff").fetchall() == [("0042",)]


def _result(**changes) -> SizeResult:
    values = dict(
        students=1000, measured_at="2026-12-05T00:00:00+00:00", commit="abc1234",
        duckdb_memory_limit="4GB", input_bytes=2_500_000_000, input_rows=12_000_000,
        generate_seconds=20.0, floor_seconds=[30.0, 50.0], run_seconds=160.0, rerun_seconds=4.0,
        run_peak_bytes=2_750_000_000, rerun_peak_bytes=100_000_000,
        floor_peak_bytes=1_000_000_000,
        stages={"before ingestion": 10, "ingestion": 60, "dbt build": 70, "release gate": 5,
                "release": 5},
    )  # fmt: skip
    values.update(changes)
    return SizeResult(**values)


def test_ratios_are_computed_from_the_recorded_seconds():
    result = _result()
    assert result.floor_mean == 40.0
    assert result.run_over_floor == 4.0  # 160 / ((30 + 50) / 2)
    assert result.rerun_over_run == 0.025
    assert result.row() == (
        "| 1,000 | 2.50 GB | 12,000,000 | 20 s | 30.0 / 50.0 s | 160.0 s | **4.00** | 4.0 s "
        "| 2.5% | 2.75 GB | 1.00 GB |"
    )
    assert result.stage_row() == (
        "| 1,000 | 10 s (0.25) | 60 s (1.50) | 70 s (1.75) | 5 s (0.12) | 5 s (0.12) | 10 s "
        "| 1.50 | `abc1234`, 2026-12-05 |"
    )


def test_doc_keeps_what_is_outside_its_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\nintro\n{BEGIN_MARKER}\nold table\n{END_MARKER}\nafter\n")
    write_doc({1000: _result(), 10: _result(students=10)}, doc)
    text = doc.read_text()
    assert text.startswith(f"# Performance\nintro\n{BEGIN_MARKER}\n| students (4 years) |")
    assert text.endswith(f"{END_MARKER}\nafter\n")
    assert "old table" not in text
    assert text.index("\n| 10 |") < text.index("\n| 1,000 |")


def test_doc_without_markers_is_refused(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n")
    with pytest.raises(SystemExit, match="no `k12 bench` markers"):
        write_doc({1000: _result()}, doc)


def test_a_size_measured_is_added_to_what_another_benchmark_recorded(tmp_path, monkeypatch):
    import benchmarks.run_benchmark as bench

    # GIVEN 1,000 students recorded by an earlier (or concurrent) benchmark
    results_file, doc = tmp_path / "results.json", tmp_path / "performance.md"
    bench.save_results({1000: _result()}, results_file)
    doc.write_text(f"{BEGIN_MARKER}\n{END_MARKER}\n")
    monkeypatch.setattr(bench, "bench_size", lambda students, *_: _result(students=students))
    # WHEN this benchmark measures 10 students
    measured = bench.run_benchmark([10], tmp_path / "work", "1GB", results_file, doc)
    # THEN both sizes are recorded and shown; this run returns only its own
    assert list(measured) == [10]
    assert sorted(bench.load_results(results_file)) == [10, 1000]
    assert "\n| 10 |" in doc.read_text() and "\n| 1,000 |" in doc.read_text()
