"""Wall time and peak memory of a command and every process it starts, measured from outside.

Peak memory is the largest sum of resident sets of the whole process tree at one moment (dbt runs
in a subprocess of `k12 run`, and both hold memory at once). The tree is sampled from /proc every
SAMPLE_SECONDS; a peak shorter than that can be missed. The largest single process's own peak
(Linux `wait4`) is recorded beside it but not used as a floor: Linux counts the spawning process's
resident set, at the moment of the spawn, in the child's peak, so from a large process (pytest, or
`k12 bench` after generating a big district) it would report the measurer's size, not the run's."""

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.2
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_tree_bytes: int  # largest sampled sum of resident sets, the command and its descendants
    peak_process_bytes: int  # wait4's peak of any one process waited for (see above: not used)
    returncode: int
    output: str

    @property
    def peak_bytes(self) -> int:
        return self.peak_tree_bytes


def measure(command: list[str], log_path: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run a command to completion, appending its output to `log_path`."""
    started = time.perf_counter()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    offset = log_path.stat().st_size if log_path.exists() else 0
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.stop()
    elapsed = time.perf_counter() - started
    with log_path.open("rb") as log:
        log.seek(offset)
        output = log.read().decode("utf-8", errors="replace")
    return Measurement(
        seconds=elapsed,
        peak_tree_bytes=sampler.peak_bytes,
        peak_process_bytes=usage.ru_maxrss * 1024,
        returncode=os.waitstatus_to_exitcode(status),
        output=output,
    )


def tree_resident_bytes(root_pid: int) -> int:
    """Sum of the resident sets of `root_pid` and all its descendants, now."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:  # the process ended while the tree was read
                continue
            # The command name (field 2) may hold spaces and parentheses: split after its end.
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_BYTES
        except (OSError, IndexError):
            continue
    return total


class _TreeSampler:
    def __init__(self, root_pid: int):
        self.root_pid = root_pid
        self.peak_bytes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_resident_bytes(self.root_pid))
            self._done.wait(SAMPLE_SECONDS)
