"""Wall time and peak memory of a command, measured from outside it."""

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mb: float
    returncode: int


def measure(command: list[str], log_path: Path) -> Measurement:
    """Run a command to completion. Peak memory is the largest resident set of the command or of
    any process it waited for (Linux `wait4` reports the maximum, not a sum)."""
    started = time.perf_counter()
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(elapsed, usage.ru_maxrss / 1024, process.returncode)
