"""Tell someone a run ended: K12_NOTIFY_COMMAND gets the summary as JSON on its standard input,
K12_NOTIFY_WEBHOOK gets it POSTed. The JSON is documented in docs/operations.md
("Notifications"); it holds counts, names and paths, never a value from a student's row.

A notifier that fails never fails the run: it is reported in one line and the run's exit status
stays what the run earned.
"""

import json
import shlex
import subprocess
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

from orchestration.run_report import RunSummary, one_line

COMMAND_TIMEOUT_SECONDS = 60
WEBHOOK_TIMEOUT_SECONDS = 30


def notify(summary: RunSummary, settings, *, echo: Callable[[str], None] | None = None) -> None:
    """Run settings.notify_command and POST to settings.notify_webhook, whichever are set.
    Never raises; each failure is one line through `echo` (default print)."""
    echo = echo or print
    try:
        body = json.dumps(summary.to_json(), indent=2).encode("utf-8")
    except Exception as error:  # a summary that cannot be sent must not stop the run's end
        echo(f"notify: the summary could not be written as JSON: {one_line(repr(error))}")
        return
    for name, target, send in [
        ("K12_NOTIFY_COMMAND", getattr(settings, "notify_command", None), _run_command),
        ("K12_NOTIFY_WEBHOOK", getattr(settings, "notify_webhook", None), _post_webhook),
    ]:
        if not target:
            continue
        try:
            send(target, body)
        except Exception as error:
            echo(f"notify: {name} failed: {one_line(_describe(error))}")


def _run_command(command: str, body: bytes) -> None:
    # Shell words without a shell: the command is a program and its arguments, nothing more.
    completed = subprocess.run(
        shlex.split(command),
        input=body,
        capture_output=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        said = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        last = f": {said[-1]}" if said else ""
        raise RuntimeError(f"`{command}` exited with status {completed.returncode}{last}")


def _post_webhook(url: str, body: bytes) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) address: {url}")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        response.read()


def _describe(error: Exception) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"`{error.cmd[0] if error.cmd else ''}` took longer than {error.timeout:g} seconds"
    if isinstance(error, FileNotFoundError):
        return f"no such program: {error.filename}"
    return f"{type(error).__name__}: {error}" if not isinstance(error, RuntimeError) else str(error)
