"""GIVEN `k12 run` with a notifier set
WHEN nothing is new, or another run holds the warehouse
THEN no step runs, the console says why in one line, and the notifier is told all the same, so
a quiet night is told apart from a cron job that never ran."""

import json
import subprocess
import sys
from dataclasses import replace

from orchestration.run_command import EXIT_BUSY, run_command
from orchestration.run_plan import plan_run, record_success
from orchestration.settings import Settings
from tests.orchestration.test_run_lock import hold


def _notified_settings(tmp_path) -> tuple[Settings, object]:
    inbox = tmp_path / "notified.json"
    command = (
        f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" "
        f"{inbox}"
    )
    return replace(Settings.load(), notify_command=command), inbox


def test_nothing_new_runs_no_step_and_still_notifies(isolated_paths, tmp_path):
    settings, inbox = _notified_settings(tmp_path)
    (settings.landing_dir / "sis" / "students").mkdir(parents=True)
    (settings.landing_dir / "sis" / "students" / "2026.csv").write_text("student_id\nS1\n")
    record_success(settings, plan_run(settings))  # the last run succeeded on these files
    lines = []

    assert run_command(settings, wait_seconds=0, echo=lines.append) == 0

    assert lines[0].startswith("k12 run: nothing new since the last successful run")
    sent = json.loads(inbox.read_text())
    assert sent["status"] == "nothing_new" and sent["note"] == lines[0]
    assert sent["counts"]["dbt_models"] == 0
    assert list(settings.scratch_dir.iterdir()) == []


def test_a_busy_warehouse_notifies_that_the_run_did_not_start(isolated_paths, tmp_path):
    settings, inbox = _notified_settings(tmp_path)
    holder = hold(settings.warehouse, 60)
    try:
        assert run_command(settings, wait_seconds=0, echo=lambda line: None) == EXIT_BUSY
    finally:
        holder.kill()
        holder.wait()
    sent = json.loads(inbox.read_text())
    assert sent["status"] == "not_started"
    assert f"PID {holder.pid}" in sent["note"]


def test_without_a_notifier_nothing_is_sent(isolated_paths, monkeypatch):
    settings = Settings.load()
    record_success(settings, plan_run(settings))
    calls = []
    original = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or original(*a, **k))

    assert run_command(settings, wait_seconds=0, echo=lambda line: None) == 0

    assert calls == []


def test_nothing_new_still_names_the_files_it_holds(isolated_paths):
    import duckdb

    from ingestion.warehouse import ensure_bookkeeping_tables

    settings = Settings.load()
    with duckdb.connect(str(settings.warehouse)) as con:
        ensure_bookkeeping_tables(con)
        con.execute(
            "insert into raw_meta.unloaded_files values ('sis', 'students', 2026, "
            "'sis/students/2026.csv', 'held', 3, 10, '7 fewer rows than loaded', now())"
        )
    record_success(settings, plan_run(settings))
    lines = []

    assert run_command(settings, wait_seconds=0, echo=lines.append) == 0

    assert lines[1:] == [
        "  still not loaded: sis/students/2026.csv (held: 7 fewer rows than loaded)"
    ]
