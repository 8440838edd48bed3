"""GIVEN a run holding the warehouse (another process)
WHEN a second run starts
THEN it stops at once naming the first (PID, command, start time), or waits for it when asked;
a killed holder frees the lock; within one process the lock is re-entrant."""

import os
import signal
import subprocess
import sys
import time

import pytest

from orchestration.run_command import EXIT_BUSY, run_command
from orchestration.run_lock import RunLockBusy, lock_path_for, run_lock
from orchestration.settings import Settings

HOLDER = """
import sys, time
from pathlib import Path
from orchestration.run_lock import run_lock
with run_lock(Path(sys.argv[1]), 0):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold(warehouse, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_second_run_fails_at_once_naming_the_first(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = hold(warehouse, 60)
    try:
        with pytest.raises(RunLockBusy) as busy, run_lock(warehouse, 0):
            pytest.fail("the lock was taken twice")
        message = str(busy.value)
        assert f"PID {holder.pid}" in message
        assert " since 20" in message and "UTC" in message
        assert str(lock_path_for(warehouse)) in message and "--wait" in message
    finally:
        holder.kill()
        holder.wait()


def test_k12_run_exits_75_with_one_line_when_the_warehouse_is_busy(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    settings = Settings.load(warehouse=warehouse, work_dir=tmp_path / "work")
    holder = hold(warehouse, 60)
    lines = []
    try:
        assert run_command(settings, wait_seconds=0, echo=lines.append) == EXIT_BUSY
    finally:
        holder.kill()
        holder.wait()
    [line] = lines
    assert line.startswith("k12 run: not started: another run is using this warehouse")
    assert f"PID {holder.pid}" in line
    assert not (tmp_path / "work").exists()  # it touched nothing, not even the scratch folder


def test_a_run_waits_for_the_first_when_asked(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = hold(warehouse, 1.0)
    started = time.monotonic()
    with run_lock(warehouse, wait_seconds=30):
        waited = time.monotonic() - started
    holder.wait()
    assert holder.returncode == 0  # the first run had finished before the second went on
    assert waited > 0


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = hold(warehouse, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with run_lock(warehouse, 0):
        pass  # the kernel dropped the dead process's lock


def test_the_lock_is_reentrant_in_one_process_and_cleans_only_on_first_taking(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    cleaned = []
    with run_lock(warehouse, 0, on_acquire=lambda: cleaned.append("outer")):
        with run_lock(warehouse, 0, on_acquire=lambda: cleaned.append("inner")):
            pass
        probe = subprocess.run(
            [sys.executable, "-c", HOLDER, str(warehouse), "0"], capture_output=True, text=True
        )
        assert probe.returncode != 0 and "another run is using this warehouse" in probe.stderr
    assert cleaned == ["outer"]


def test_a_dagster_run_fails_before_any_step_while_k12_run_holds_the_warehouse(isolated_paths):
    from dagster import materialize

    from orchestration.assets.raw_extracts import build_raw_extract_asset
    from orchestration.resources import pipeline_resources

    settings = Settings.load()
    holder = hold(settings.warehouse, 60)
    try:
        result = materialize(
            [build_raw_extract_asset("sis", "schools", "Schools.")],
            resources=pipeline_resources(settings),
            raise_on_error=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    assert result.get_asset_materialization_events() == []
    assert not settings.warehouse.exists()  # no step opened it
    failure = next(event for event in result.all_events if event.is_failure)
    assert f"PID {holder.pid}" in str(failure.event_specific_data.error)
