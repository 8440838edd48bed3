"""What changed on a school's roster since the previous release: new, still on it, off it.

The previous list is the newest published release of the same school year that released the
school (a release that withheld it gave its principal no list), read from that release's
`<school_id>/<roster>.csv`. Releases are the folders under the release folder whose root
`manifest.json` names the year and the schools released (`release.release_run`); their ids sort
by as-of date, then run, so the newest is the last by name. A new school year starts afresh:
last year's lists are not compared with this year's.

Students are matched by `student_id` only. Rosters are private to the school and already carry
student ids; an off-the-list student is shown as the previous list showed them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

NEW = "new"
STILL_ON_LIST = "still_on_list"
# what the previous list showed of a student who is off the list now (columns it may lack)
OFF_LIST_COLUMNS = ("roster_rank", "student_id", "last_name", "first_name", "grade_level")
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class PreviousRoster:
    release_id: str
    as_of_date: str
    rows: pd.DataFrame  # the previous CSV, every value as text


def previous_rosters(
    release_dir: Path, name: str, school_ids: Sequence[str], school_year: int
) -> dict[str, PreviousRoster]:
    """{school_id: its list `name` in the newest earlier release of `school_year`}; schools no
    earlier release of the year released are left out."""
    found: dict[str, PreviousRoster] = {}
    for release_id, manifest in _releases_of_year(Path(release_dir), school_year):
        for school_id in school_ids:
            path = Path(release_dir) / release_id / school_id / f"{name}.csv"
            if school_id in found or school_id not in manifest["schools_released"]:
                continue
            if not path.is_file():
                raise FileNotFoundError(
                    f"{path}: release {release_id} released school {school_id} but holds no "
                    f"{name}.csv; the change since that release cannot be worked out"
                )
            rows = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            found[school_id] = PreviousRoster(release_id, str(manifest["as_of_date"]), rows)
    return found


def _releases_of_year(release_dir: Path, school_year: int) -> list[tuple[str, dict]]:
    """(release id, root manifest) of every published release of the year, newest first."""
    releases = []
    if not release_dir.is_dir():
        return releases
    for folder in sorted(release_dir.iterdir(), reverse=True):
        manifest_path = folder / _MANIFEST
        # `latest` is a link to one of them; validation_runs/ and hidden folders hold no release
        if folder.is_symlink() or folder.name.startswith(".") or not manifest_path.is_file():
            continue
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("school_year") == school_year:
            releases.append((folder.name, manifest))
    return releases


def compare(rows: pd.DataFrame, previous: PreviousRoster) -> tuple[list[str], pd.DataFrame]:
    """The change of each row of `rows` (NEW or STILL_ON_LIST, in order) and the previous
    list's students missing from `rows`, in their previous order, with OFF_LIST_COLUMNS."""
    if "student_id" not in previous.rows.columns:
        raise ValueError(
            f"release {previous.release_id}: the previous roster has no student_id column, so "
            "the change since that release cannot be worked out"
        )
    before = set(previous.rows["student_id"])
    change = [STILL_ON_LIST if sid in before else NEW for sid in rows["student_id"]]
    off = previous.rows[~previous.rows["student_id"].isin(set(rows["student_id"]))]
    kept = [column for column in OFF_LIST_COLUMNS if column in off.columns]
    return change, off[kept].reset_index(drop=True)
