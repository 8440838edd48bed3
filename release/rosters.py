"""Student-level files of a school's packet: the school's to-do lists, as dbt shapes them.

    by_school = rosters(con, "students_off_track", ["A", "B"], 2026, release_dir=release_dir)
    write_roster(by_school["A"], folder / "A", "students_off_track")

Each roster is a `restricted.rpt_principal_roster_*` model: one row per student on the list,
enrolled at the school on the as-of date, already ranked (`roster_rank`: early-warning tier, then
number of reasons, then name) and with the reasons labelled. Nothing is joined or filtered here:
a renamed column fails here, loudly, instead of blanking a column.

Each roster is one query for all the schools asked for, split by school afterwards (set-based: a
query per school would scan the district's rows once per school); the headings and the reasons
for an empty list come from one query of `restricted.rpt_principal_roster_schools`. Given the
release folder, each school's list is compared with the previous release's list of the same year
(`release.roster_change`): new, still on the list, and off the list.

Nothing here logs a value from a row; callers may log the row counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb
import pandas as pd

from release.roster_change import NEW, PreviousRoster, compare, previous_rosters
from release.roster_sheet import write_roster_files
from release.sources import available, require

ROSTERS = ("students_off_track", "chronic_absence")
MODELS = {
    "students_off_track": "restricted.rpt_principal_roster_off_track",
    "chronic_absence": "restricted.rpt_principal_roster_chronic_absence",
}
SCHOOLS_MODEL = "restricted.rpt_principal_roster_schools"
CHANGE = "change_since_last_release"  # the column release/ adds to the model's


@dataclass(frozen=True)
class SchoolHeading:
    """What the roster's first lines say: whose list it is, and why it is empty if it is."""

    school_id: str
    school_name: str
    as_of_date: str | None
    students_enrolled: int = 0
    students_with_early_warning: int = 0
    students_judged_for_on_track: int = 0
    students_judged_for_chronic_absence: int = 0
    early_warning_lowest_grade: int | None = None
    chronic_absence_min_days_enrolled: int | None = None
    chronic_absence_threshold: float | None = None


@dataclass(frozen=True)
class SchoolRoster:
    """One school's list: `rows` in rank order (the model's columns, the change first), the
    students of the previous list no longer on it, and what its heading says."""

    name: str
    school_year: int
    heading: SchoolHeading
    rows: pd.DataFrame
    off_list: pd.DataFrame
    previous: PreviousRoster | None

    def __len__(self) -> int:  # the students on the list, as the manifests count them
        return len(self.rows)


def roster(
    con: duckdb.DuckDBPyConnection,
    name: str,
    school_id: str,
    school_year: int,
    release_dir: Path | None = None,
) -> SchoolRoster:
    """One roster (`students_off_track` or `chronic_absence`) of one school for the year."""
    return rosters(con, name, [school_id], school_year, release_dir)[school_id]


def rosters(
    con: duckdb.DuckDBPyConnection,
    name: str,
    school_ids: Sequence[str],
    school_year: int,
    release_dir: Path | None = None,
) -> dict[str, SchoolRoster]:
    """One roster of each school in `school_ids` from one query: {school_id: roster}, each
    school's rows as a query for that school alone gives them. Without `release_dir` there is
    no previous release: every student is new."""
    require(available(con), MODELS[name], SCHOOLS_MODEL)
    params = {"schools": list(school_ids), "year": school_year}
    frame = con.execute(
        f"select * exclude (school_year) from {MODELS[name]} "  # a model name, never input
        "where school_year = $year and school_id in (select unnest($schools::varchar[])) "
        "order by school_id, roster_rank",
        params,
    ).df()
    headings = _headings(con, params)
    previous = previous_rosters(release_dir, name, school_ids, school_year) if release_dir else {}
    by_school = dict(tuple(frame.groupby("school_id", sort=False)))
    empty = frame.iloc[0:0]
    result = {}
    for school_id in school_ids:
        rows = by_school.get(school_id, empty).drop(columns="school_id").reset_index(drop=True)
        earlier = previous.get(school_id)
        change, off_list = compare(rows, earlier) if earlier else ([NEW] * len(rows), None)
        rows.insert(0, CHANGE, pd.Series(change, index=rows.index, dtype=object))
        result[school_id] = SchoolRoster(
            name=name,
            school_year=school_year,
            heading=headings.get(school_id) or SchoolHeading(school_id, school_id, None),
            rows=rows,
            off_list=off_list if off_list is not None else pd.DataFrame(),
            previous=earlier,
        )
    return result


def _headings(con: duckdb.DuckDBPyConnection, params: dict) -> dict[str, SchoolHeading]:
    columns = ", ".join(field.name for field in fields(SchoolHeading))
    frame = con.execute(
        f"select {columns} from {SCHOOLS_MODEL} "  # names from the code, never input
        "where school_year = $year and school_id in (select unnest($schools::varchar[]))",
        params,
    ).df()
    return {
        record["school_id"]: SchoolHeading(
            **{**record, "as_of_date": _date_text(record["as_of_date"])}
        )
        for record in frame.astype(object).where(frame.notna(), None).to_dict("records")
    }


def _date_text(value) -> str | None:
    return None if value is None else pd.Timestamp(value).date().isoformat()


def write_roster(roster_: SchoolRoster, folder: Path, name: str) -> list[Path]:
    """`<name>.csv` (UTF-8: the list's columns as the model names them, for other tools) and
    `<name>.xlsx` (for people: headings, readable headers, the students off the list)."""
    return write_roster_files(roster_, Path(folder), name)
