"""The split of a `k12 run` by stage, read from its console lines (orchestration/progress.py).

Each stage ends with a line such as `[2:41] dbt build: done in 1:37, ...`: the clock is the time
since the run started, so a stage started at clock minus duration. Whole seconds only."""

import re

from orchestration.progress import STAGE_LABELS as STAGES

_STAGE_DONE = re.compile(
    r"^\[(?P<clock>[\d:]+)\] (?P<stage>" + "|".join(STAGES) + r"): done in (?P<took>[\d:]+),",
    re.MULTILINE,
)


def parse_clock(text: str) -> int:
    """'1:02:03' -> 3723, '2:41' -> 161: the inverse of run_report.format_duration."""
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def stage_seconds(output: str) -> dict[str, int]:
    """Seconds per stage, plus 'before ingestion' (Dagster planning the run: the clock at which
    ingestion started). A stage with no closing line is absent."""
    split: dict[str, int] = {}
    for match in _STAGE_DONE.finditer(output):
        took = parse_clock(match["took"])
        split[match["stage"]] = took
        if match["stage"] == STAGES[0]:
            split["before ingestion"] = parse_clock(match["clock"]) - took
    return split
