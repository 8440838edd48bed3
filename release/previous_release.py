"""The cells a published release showed, read back for suppression across releases
(`release.suppression_history`): what an outsider holding that release knows.

    previous = published_cells(release_dir / release_id, school_year)
    # {measure: frame of level, grade_level, subgroup_category, subgroup, denominator_reported,
    #  rate_reported}, or None when that release published nothing of the year

The BI files (`release.bi_exports`) hold every outcome cell the packets show, district and
released schools, with the packets' marker `*` where a cell is withheld. A school the release
withheld is not in them: its cells count as not published. The census-day shares of enrollment
are printed in the packets only and are not read back.

The graduation and assessment cells (`release.export_outcomes.achievement_cells`: the exports'
cells of every year, the packets' key figures among them) are written beside them,
`bi/assessment_and_graduation.csv` (`write_achievement_cells`), and read back keyed (mart, part,
measure), a part being (cohort year,) or (year, test, subject), when the release is of the same
school year. A school the gate withheld is left out of its release year, as the exports leave it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from release.bi_exports import BI_FOLDER, DISTRICT_FILE, MEASURES, SCHOOL_FILE
from release.cells import MARKER
from release.level_suppression import DISTRICT_LEVEL, KEYS

ACHIEVEMENT_FILE = "assessment_and_graduation.csv"  # in the BI folder
ACHIEVEMENT_COLUMNS = [
    *("mart", "school_year", "test_name", "assessment_subject", "measure", "school_id"),
    *("grade_level", "subgroup_category", "subgroup", "n", "rate", "reason"),
]
_AS_BI = {"n": "_n", "rate": "_rate", "reason": "_reason"}  # read as a BI measure's columns


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
    achievement = {}
    if _school_year_of(release_folder) == school_year:
        achievement = _achievement_cells(Path(release_folder) / BI_FOLDER / ACHIEVEMENT_FILE)
    if not any(len(rows) for _, rows in frames):
        return achievement or None
    return {
        measure: pd.concat(
            [_measure_cells(path, rows, measure) for path, rows in frames], ignore_index=True
        )
        for measure in MEASURES
    } | achievement


def write_achievement_cells(
    folder: Path, cells_by_part: dict, release_year: int, withheld_schools: Collection[str]
) -> int:
    """Write `cells_by_part` ((mart, part) -> cells, from `achievement_cells`) into `folder` as
    published: withheld cells as the marker, not available ones and the schools withheld from
    `release_year` left out. Returns the rows written (none, no file: no such marts)."""
    rows = []
    for (mart, part), cells in sorted(cells_by_part.items()):
        year, *within = part
        test, subject = within or ("", "")
        for (measure, level), keyed in sorted(cells.items()):
            if year == release_year and level in withheld_schools:
                continue
            for (grade, (category, subgroup)), cell in sorted(keyed.items()):
                if not isinstance(cell, dict) or cell["reason"] == "not_available":
                    continue  # the mean's reasons are not cells; nothing shown, nothing hidden
                withheld = cell["value"] is None
                rows.append(
                    [mart, year, test, subject, measure, "" if level == DISTRICT_LEVEL else level]
                    + [grade, category, subgroup]
                    + [MARKER if withheld else cell["n"], cell["text"], cell["reason"] or ""]
                )
    if rows:
        with open(Path(folder) / ACHIEVEMENT_FILE, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerows([ACHIEVEMENT_COLUMNS, *rows])
    return len(rows)


def _school_year_of(release_folder: Path) -> int | None:
    manifest = Path(release_folder) / "manifest.json"
    if not manifest.exists():
        return None
    return int(json.loads(manifest.read_text(encoding="utf-8"))["school_year"])


def _achievement_cells(path: Path) -> dict[tuple, pd.DataFrame]:
    if not path.exists():
        return {}
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in ACHIEVEMENT_COLUMNS if column not in rows.columns]
    if missing:
        raise ValueError(f"{path}: no column {missing[0]!r}; not the file a release writes")
    rows["line"] = range(2, len(rows) + 2)  # the header is line 1
    rows["level"] = rows["school_id"].where(rows["school_id"] != "", DISTRICT_LEVEL)
    cells = {}
    parts = ["mart", "school_year", "test_name", "assessment_subject", "measure"]
    for (mart, year, test, subject, measure), part in rows.groupby(parts, sort=False):
        if not year.isdigit():
            line = part["line"].iloc[0]
            raise ValueError(f"{path}, line {line}, column 'school_year': {year!r} is not a year")
        key = (int(year), test, subject) if test else (int(year),)
        cells[(mart, key, measure)] = _measure_cells(path, part.rename(columns=_AS_BI), "")
    return cells


def _measure_cells(path: Path, rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """`measure`'s cells of BI rows (columns `<measure>_n`, ...; "" for unprefixed ones)."""
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
