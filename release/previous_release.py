"""The cells a published release showed, read back for suppression across releases
(`release.suppression_history`): what an outsider holding that release knows.

    previous = published_cells(release_dir / release_id, school_year)
    # {measure: frame of level, grade_level, subgroup_category, subgroup, denominator_reported,
    #  rate_reported}, or None when that release published nothing of the year

The BI files (`release.bi_exports`) hold every outcome cell the packets show, district and
released schools, with the packets' marker `*` where a cell is withheld. A school the release
withheld is not in them: its cells count as not published. The census-day shares of enrollment
are printed in the packets only and are not read back.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from release.bi_exports import BI_FOLDER, DISTRICT_FILE, MEASURES, SCHOOL_FILE
from release.cells import MARKER
from release.level_suppression import DISTRICT_LEVEL, KEYS


def published_cells(release_folder: Path, school_year: int) -> dict[str, pd.DataFrame] | None:
    """Per measure, the cells of `school_year` the BI files of the release in `release_folder`
    show; None when they show nothing of that year (another year's release, or no BI files)."""
    frames = []
    for name, level in ((DISTRICT_FILE, None), (SCHOOL_FILE, "school_id")):
        path = Path(release_folder) / BI_FOLDER / name
        if path.exists():
            rows = pd.read_csv(path, dtype=str, keep_default_na=False)
            rows["level"] = rows[level] if level else DISTRICT_LEVEL
            rows["line"] = range(2, len(rows) + 2)  # the header is line 1
            frames.append((path, rows[rows["school_year"] == str(school_year)]))
    if not any(len(rows) for _, rows in frames):
        return None
    return {
        measure: pd.concat(
            [_measure_cells(path, rows, measure) for path, rows in frames], ignore_index=True
        )
        for measure in MEASURES
    }


def _measure_cells(path: Path, rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    n, rate = f"{measure}_n", f"{measure}_rate"
    missing = [column for column in (n, rate, f"{measure}_reason") if column not in rows.columns]
    if missing:
        raise ValueError(f"{path}: no column {missing[0]!r}; not the BI file a release writes")
    rows = rows[rows[f"{measure}_reason"] != "not_available"]
    denominators = []
    for line, value in zip(rows["line"], rows[n], strict=True):
        if value != MARKER and not value.isdigit():
            raise ValueError(
                f"{path}, line {line}, column {n!r}: {value!r} is neither a count nor {MARKER!r}"
            )
        denominators.append(None if value == MARKER else int(value))
    return pd.DataFrame(
        {
            **{key: rows[key].to_numpy() for key in KEYS},
            "denominator_reported": pd.array(denominators, dtype="Int64"),
            "rate_reported": [None if value == MARKER else value for value in rows[rate]],
        }
    )
