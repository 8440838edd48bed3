"""Where a run's own output goes: into one log file, not onto the console.

Dagster's log records, dbt's lines (dagster-dbt writes them to sys.stdout), warnings, and anything
a library or a child process writes to file descriptors 1 and 2 during the run land in
`<log_dir>/k12-run-<UTC time>.log`, without colour codes. The console gets only what the thread
inside `routing.console()` writes: `k12 run`'s progress lines, and with verbose, every log line too.

Python's sys.stdout and sys.stderr are replaced for the run, and file descriptors 1 and 2 point at
a pipe this module reads, because DuckDB (its progress bar) and child processes write below Python.
The stand-in streams have no file descriptor, so Dagster's compute-log capture (a `tail -F` per
run) stands aside: the run's output is in this log instead of Dagster's compute logs.
"""

import io
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TextIO

from dagster import LoggerDefinition

from orchestration.run_report import ANSI_ESCAPE

# The key under which the run's Dagster logger is configured; naming it in the run config is what
# makes Dagster use it instead of its coloured console logger.
LOGGER_KEY = "k12_run_log"
_RECORD_FORMAT = "%(asctime)s - %(levelname)s - %(message)s"
_READER_JOIN_SECONDS = 5  # a child process still holding the pipe must not hang the run's end


def log_path_for(log_dir: Path, started_at: datetime, run_id: str) -> Path:
    """`<log_dir>/k12-run-20260105T050000Z.log`; a second run in the same second adds its id."""
    path = log_dir / f"k12-run-{started_at:%Y%m%dT%H%M%SZ}.log"
    return path.with_name(f"{path.stem}-{run_id[:8]}.log") if path.exists() else path


class ConsoleRouting:
    """Which writes reach the console: those of a thread inside `console()`."""

    def __init__(self) -> None:
        self._local = threading.local()

    def on_console(self) -> bool:
        return getattr(self._local, "console", False)

    @contextmanager
    def console(self) -> Iterator[None]:
        previous = self.on_console()
        self._local.console = True
        try:
            yield
        finally:
            self._local.console = previous


class RunLog:
    """The log file, written line by line from any thread."""

    def __init__(self, path: Path, routing: ConsoleRouting, echo: Callable[[str], None] | None):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("x", encoding="utf-8")
        self._lock = threading.Lock()
        self.routing = routing
        self._echo = echo  # set when verbose: every log line also reaches the console
        self.line_listeners: list[Callable[[str], None]] = []

    def write(self, text: str, from_stream: bool = False) -> None:
        """Write one record (possibly of several lines). Lines from output streams also go to
        the listeners (dbt's "N of M" lines feed the progress)."""
        clean = ANSI_ESCAPE.sub("", text).rstrip("\n").replace("\r", "")
        with self._lock:
            self._file.write(clean + "\n")
            self._file.flush()
        if from_stream:
            for line in clean.splitlines():
                for listener in self.line_listeners:
                    listener(line)
        if self._echo is not None:
            with self.routing.console():
                self._echo(clean)

    def pump(self, read_fd: int) -> None:
        """Copy what is written to the file descriptors 1 and 2 into the log, until closed."""
        with open(read_fd, encoding="utf-8", errors="replace") as pipe:
            for line in pipe:
                self.write(line, from_stream=True)

    def close(self) -> None:
        with self._lock:
            self._file.close()


class _RoutedStream(io.TextIOBase):
    """sys.stdout or sys.stderr during the run: the console for the console thread, the log
    for everyone else. Partial writes are joined into lines."""

    def __init__(self, console: TextIO, run_log: RunLog, routing: ConsoleRouting):
        self._console, self._run_log, self._routing = console, run_log, routing
        self._pending = ""
        self._lock = threading.Lock()

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self._routing.on_console():
            self._console.write(text)
            self._console.flush()
            return len(text)
        with self._lock:
            *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            self._run_log.write(line, from_stream=True)
        return len(text)

    def flush(self) -> None:
        if self._routing.on_console():
            self._console.flush()

    def close_pending(self) -> None:
        if self._pending:
            self._run_log.write(self._pending, from_stream=True)
            self._pending = ""


@contextmanager
def run_output_to_log(run_log: RunLog) -> Iterator[None]:
    """For the block: sys.stdout, sys.stderr and file descriptors 1 and 2 write to the run log,
    except from a thread inside `run_log`'s routing.console()."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    console_out = open(os.dup(1), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    console_err = open(os.dup(2), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    read_fd, write_fd = os.pipe()
    reader = threading.Thread(target=run_log.pump, args=(read_fd,), daemon=True)
    reader.start()
    saved_streams = sys.stdout, sys.stderr
    routed = [
        _RoutedStream(console, run_log, run_log.routing) for console in (console_out, console_err)
    ]
    os.dup2(write_fd, 1)
    os.dup2(write_fd, 2)
    os.close(write_fd)
    sys.stdout, sys.stderr = routed
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved_streams
        for stream in routed:
            stream.close_pending()
        os.dup2(console_out.fileno(), 1)
        os.dup2(console_err.fileno(), 2)
        console_out.close()
        console_err.close()
        reader.join(timeout=_READER_JOIN_SECONDS)


class DagsterRecords(logging.Handler):
    """Every Dagster log record of the run into the log; each Dagster event also to `on_event`."""

    def __init__(self, run_log: RunLog, on_event: Callable[[object], None]):
        super().__init__(level=logging.DEBUG)
        self._run_log = run_log
        self._on_event = on_event
        formatter = logging.Formatter(_RECORD_FORMAT, datefmt="%Y-%m-%dT%H:%M:%SZ")
        formatter.converter = time.gmtime
        self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        self._run_log.write(self.format(record))
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if event is not None:
            self._on_event(event)


def dagster_logger(handler: logging.Handler) -> LoggerDefinition:
    """A Dagster logger that hands every record of the run to `handler`, at DEBUG."""

    def build(_init_context) -> logging.Logger:
        logger = logging.Logger(LOGGER_KEY, level=logging.DEBUG)
        logger.addHandler(handler)
        return logger

    return LoggerDefinition(logger_fn=build, description="The k12 run's log file.")
