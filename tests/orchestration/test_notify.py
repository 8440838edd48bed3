"""GIVEN a finished run's summary, and K12_NOTIFY_COMMAND and/or K12_NOTIFY_WEBHOOK
WHEN notify() is called at the end of `k12 run`
THEN the command gets the summary as JSON on its standard input, the webhook gets it POSTed, and a
notifier that fails is one line of output, never an exception."""

import json
import shlex
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from orchestration.notify import notify
from orchestration.run_report import CheckNote, RunSummary, StepFailure

LOG = Path("/data/logs/k12-run-20260105T050000Z.log")


@dataclass(frozen=True)
class NotifySettings:
    notify_command: str | None = None
    notify_webhook: str | None = None


def _summary() -> RunSummary:
    return RunSummary(
        succeeded=False,
        run_id="run-1",
        started_at=datetime(2026, 1, 5, 5, 0, 0, tzinfo=UTC),
        finished_at=datetime(2026, 1, 5, 5, 1, 35, tzinfo=UTC),
        log_file=LOG,
        warehouse=Path("/data/warehouse.duckdb"),
        files_loaded=40,
        files_unchanged=2,
        rows_by_table={"raw_sis.students": 1234},
        rows_loaded=1234,
        rows_rejected=12,
        dbt_models=87,
        dbt_seeds=20,
        dbt_tests=Counter(passed=1300, failed=1),
        quarantine_checks=Counter(passed=16, warned=1),
        release_gate_checks=Counter(passed=7),
        checks_to_read=[
            CheckNote(
                "warned",
                "quarantine check",
                "students_has_no_quarantined_rows",
                "sis/students",
                "12 rows quarantined (12 x: bad)",
                "select ...",
            ),
            CheckNote(
                "failed",
                "dbt test",
                "unique_dim_school_school_id",
                "marts/dim_school",
                "2 failing rows",
                f"{LOG} (dbt's lines for unique_dim_school_school_id)",
            ),
        ],
        failures=[StepFailure("dbt_models", "Failure in test unique_dim_school_school_id")],
    )


def _assert_is_the_summary(sent: dict) -> None:
    assert sent["status"] == "failed"
    assert sent["run_id"] == "run-1"
    assert sent["started_at"] == "2026-01-05T05:00:00+00:00"
    assert sent["finished_at"] == "2026-01-05T05:01:35+00:00"
    assert sent["duration_seconds"] == 95.0
    assert sent["counts"] == {
        "files_loaded": 40,
        "files_unchanged": 2,
        "rows_loaded": 1234,
        "rows_quarantined": 12,
        "rows_by_table": {"raw_sis.students": 1234},
        "dbt_models": 87,
        "dbt_seeds": 20,
        "dbt_tests": {"failed": 1, "passed": 1300},
        "quarantine_checks": {"passed": 16, "warned": 1},
        "unloaded_files_checks": {},
        "release_gate_checks": {"passed": 7},
    }
    assert sent["failures"] == [
        {
            "kind": "step",
            "name": "dbt_models",
            "asset": None,
            "reason": "Failure in test unique_dim_school_school_id",
            "look_at": str(LOG),
        },
        {
            "kind": "dbt test",
            "name": "unique_dim_school_school_id",
            "asset": "marts/dim_school",
            "reason": "2 failing rows",
            "messages": [],  # a unique test stores no message to fix by
            "look_at": f"{LOG} (dbt's lines for unique_dim_school_school_id)",
        },
    ]
    assert sent["warnings"] == [
        {
            "kind": "quarantine check",
            "name": "students_has_no_quarantined_rows",
            "asset": "sis/students",
            "reason": "12 rows quarantined (12 x: bad)",
            "messages": [],
            "look_at": "select ...",
        },
    ]
    assert sent["release"] is None
    assert sent["log_file"] == str(LOG)
    assert sent["text"].startswith("k12 run FAILED in 1:35 (run run-1)\n")


def _script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "notifier.py"
    script.write_text(body)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_the_command_gets_the_summary_as_json_on_its_standard_input(tmp_path):
    received = tmp_path / "received dir" / "summary.json"  # a space: shell words, no shell
    received.parent.mkdir()
    command = _script(
        tmp_path, "import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())\n"
    )
    said = []

    notify(_summary(), NotifySettings(f"{command} {shlex.quote(str(received))}"), echo=said.append)

    assert said == []
    _assert_is_the_summary(json.loads(received.read_text()))


def test_a_failing_command_is_one_line_and_no_exception(tmp_path):
    command = _script(
        tmp_path, "import sys; sys.stdin.read(); print('no route', file=sys.stderr); sys.exit(3)\n"
    )
    said = []

    notify(_summary(), NotifySettings(command), echo=said.append)

    assert said == [
        f"notify: K12_NOTIFY_COMMAND failed: `{command}` exited with status 3: no route"
    ]


def test_a_missing_program_is_one_line_and_no_exception(tmp_path):
    said = []

    notify(_summary(), NotifySettings(str(tmp_path / "no-such-notifier")), echo=said.append)

    assert said == [
        f"notify: K12_NOTIFY_COMMAND failed: no such program: {tmp_path / 'no-such-notifier'}"
    ]


@pytest.fixture
def webhook():
    """A local HTTP server on 127.0.0.1 that records each POST and answers with `status`."""
    posts = []
    state = {"status": 204}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            posts.append((self.path, self.headers["Content-Type"], self.rfile.read(length)))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args):  # keep the test's output clean
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hooks/k12"
    yield url, posts, state
    server.shutdown()
    server.server_close()


def test_the_webhook_gets_the_summary_posted_as_json(webhook):
    url, posts, _ = webhook
    said = []

    notify(_summary(), NotifySettings(notify_webhook=url), echo=said.append)

    assert said == []
    [(path, content_type, body)] = posts
    assert (path, content_type) == ("/hooks/k12", "application/json")
    _assert_is_the_summary(json.loads(body))


def test_both_notifiers_run_and_a_webhook_that_answers_500_is_one_line(webhook, tmp_path):
    url, posts, state = webhook
    state["status"] = 500
    received = tmp_path / "summary.json"
    command = _script(
        tmp_path, "import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())\n"
    )
    said = []

    notify(
        _summary(),
        NotifySettings(f"{command} {shlex.quote(str(received))}", url),
        echo=said.append,
    )

    assert said == [
        "notify: K12_NOTIFY_WEBHOOK failed: HTTPError: HTTP Error 500: Internal Server Error"
    ]
    assert len(posts) == 1
    _assert_is_the_summary(json.loads(received.read_text()))


def test_an_address_that_is_not_http_is_refused_and_nothing_set_sends_nothing(tmp_path):
    said = []

    notify(_summary(), NotifySettings(notify_webhook=f"file://{tmp_path}/x"), echo=said.append)
    notify(_summary(), NotifySettings(), echo=said.append)

    assert said == [
        f"notify: K12_NOTIFY_WEBHOOK failed: ValueError: not an http(s) address: file://{tmp_path}/x"
    ]


def test_a_release_is_sent_with_its_path_counts_and_report():
    summary = _summary()
    summary.release = {
        "release_path": "/data/releases/2026-01-05_0500",
        "schools_released": 12,
        "schools_withheld": 1,
        "validation_report": "/data/releases/2026-01-05_0500/validation/index.html",
        "withheld_schools": {"0107": ["a school expectation"]},
    }
    summary.first_packet = Path("/data/releases/latest/0101/packet.html")

    sent = summary.to_json()

    assert sent["release"] == {
        "release_path": "/data/releases/2026-01-05_0500",
        "schools_released": 12,
        "schools_withheld": 1,
        "validation_report": "/data/releases/2026-01-05_0500/validation/index.html",
    }
    assert sent["first_packet"] == "/data/releases/latest/0101/packet.html"


def test_a_command_that_hangs_is_stopped_at_the_timeout_and_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("orchestration.notify.COMMAND_TIMEOUT_SECONDS", 0.5)
    command = _script(tmp_path, "import time; time.sleep(30)\n")
    said = []

    notify(_summary(), NotifySettings(command), echo=said.append)

    assert said == [
        f"notify: K12_NOTIFY_COMMAND failed: `{sys.executable}` took longer than 0.5 seconds"
    ]
