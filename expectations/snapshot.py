"""Per-school numbers of a release, kept with it so the next release can be compared with it.

A snapshot is a small table, school_id -> metric, saved as JSON
`{"<school_id>": {"students": 412, "chronic_absence_rate": 0.18, ...}, ...}`.
It holds the school-level, all-grades, all-students row of fct_on_track_summary: aggregates only.
"""

import json
from pathlib import Path

import pandas as pd

from expectations.frames import ReleaseTables

SNAPSHOT_FILE_NAME = "school_metrics.json"
COUNT_METRICS = ("students",)
RATE_METRICS = ("on_track_rate", "freshman_on_track_rate", "chronic_absence_rate")
METRICS = COUNT_METRICS + RATE_METRICS


def school_metrics(tables: ReleaseTables) -> pd.DataFrame:
    """This release's snapshot: one row per school, the metrics the jump checks compare."""
    summary = tables.in_release_year("fct_on_track_summary")
    rows = summary[
        (summary["reporting_level"] == "school")
        & (summary["grade_level"] == "all")
        & (summary["subgroup"] == "all_students")
    ]
    snapshot = rows.rename(columns={"n": "students"})[["school_id", *METRICS]]
    return snapshot.sort_values("school_id").reset_index(drop=True)


def write_snapshot(snapshot: pd.DataFrame, folder: str | Path) -> Path:
    path = Path(folder) / SNAPSHOT_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    records = snapshot.set_index("school_id")[list(METRICS)].astype(object)
    records = records.where(records.notna(), None)
    path.write_text(json.dumps(records.to_dict(orient="index"), indent=2, sort_keys=True) + "\n")
    return path


def read_snapshot(source: str | Path | dict) -> pd.DataFrame:
    """A snapshot from its JSON file (or the parsed mapping); metrics it lacks are null."""
    mapping = source if isinstance(source, dict) else json.loads(Path(source).read_text())
    frame = pd.DataFrame.from_dict(mapping, orient="index")
    frame = frame.reindex(columns=list(METRICS)).rename_axis("school_id").reset_index()
    frame["school_id"] = frame["school_id"].astype(str)
    return frame.astype({metric: "float64" for metric in METRICS})


def changes_since(current: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Per school in both releases: the relative change of each count and the absolute change
    (in rate points) of each rate. Schools new or gone since are not compared."""
    columns = [f"{metric}_change" for metric in METRICS]
    if previous is None or previous.empty:
        return pd.DataFrame({"school_id": pd.Series(dtype=str), **{c: [] for c in columns}})
    both = current.merge(previous, on="school_id", suffixes=("", "_previous"))
    changes = pd.DataFrame({"school_id": both["school_id"]})
    for metric in COUNT_METRICS:
        before = both[f"{metric}_previous"].astype(float)
        changes[f"{metric}_change"] = (both[metric] - before).abs() / before.where(before > 0)
    for metric in RATE_METRICS:
        before = both[f"{metric}_previous"].astype(float)
        changes[f"{metric}_change"] = (both[metric].astype(float) - before).abs()
    return changes.reset_index(drop=True)
