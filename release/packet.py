"""One school's packet: `packet.html` and the student-level files, written into a folder.

    for school_id in open_schools(con, school_year):
        write_school_packet(con, release_folder, school_id, school_year, minimum_n=minimum_n)

`release.publish.write_release` provides `release_folder`; this module writes into it and returns
what it wrote (paths and row counts: no values from a row) for the manifest and the logs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from release.charts import bars, sparkline
from release.outcome_tables import OutcomeTables
from release.packet_data import gather
from release.packet_headlines import format_change, format_value
from release.packet_key_figures import KeyFigure, KeyFigureTables
from release.rosters import ROSTERS, roster, write_roster
from release.sources import available, require

log = logging.getLogger(__name__)

SUBGROUP_LABELS = {
    "all_students": "All students",
    "american_indian": "American Indian or Alaska Native",
    "asian": "Asian",
    "black": "Black or African American",
    "hispanic": "Hispanic or Latino",
    "pacific_islander": "Native Hawaiian or Pacific Islander",
    "two_or_more": "Two or more races",
    "white": "White",
    "F": "Female",
    "M": "Male",
    "X": "Nonbinary (X)",
    "economically_disadvantaged": "Economically disadvantaged",
    "english_learner": "English learners",
    "students_with_disabilities": "Students with disabilities",
    "homeless": "Homeless",
    "foster_care": "Foster care",
    "on_track": "On track",
    "freshman_on_track": "Freshman on track",
    "chronic_absence": "Chronically absent",
}


def open_schools(con: duckdb.DuckDBPyConnection, school_year: int) -> list[str]:
    """Schools open in the as-of year: listed by the SIS that year and not closed since."""
    require(available(con), "marts.dim_school")
    rows = con.execute(
        "select school_id from marts.dim_school where school_status = 'open' "
        "and first_school_year <= $year and last_school_year >= $year order by school_id",
        {"year": school_year},
    ).fetchall()
    return [school_id for (school_id,) in rows]


def render_packet(data: dict) -> str:
    """packet.html for the numbers `release.packet_data.gather` returned."""
    template = _environment().get_template("packet.html.j2")
    return template.render(data=data, charts=_charts(data))


@functools.cache
def _environment() -> Environment:
    """Built once: compiling the template is most of the time a packet takes to render."""
    environment = Environment(
        loader=PackageLoader("release", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["money"] = _money
    environment.filters["figure"] = _figure
    environment.filters["share"] = lambda value: "–" if value is None else f"{value:.0%}"
    environment.filters["label"] = lambda code: SUBGROUP_LABELS.get(code, code.replace("_", " "))
    environment.filters["grade"] = lambda grade: (
        "All grades" if grade == "all" else f"Grade {grade}"
    )
    environment.filters["school_year"] = lambda year: f"{year - 1}–{year % 100:02d}"
    environment.filters["key_value"] = format_value
    environment.filters["change"] = format_change
    environment.globals["sparkline"] = _sparkline
    return environment


def write_school_packet(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    school_id: str,
    school_year: int,
    *,
    minimum_n: int,
    outcomes: OutcomeTables | None = None,
    key_figures: KeyFigureTables | None = None,
    rosters: Mapping[str, pd.DataFrame] | None = None,
    withheld_marts: Mapping[str, str] | None = None,
) -> dict:
    """Write `<folder>/<school_id>/` (packet.html, both rosters as .csv and .xlsx); return
    {"school_id", "files": {name: rows or None}}. `outcomes` and `key_figures`: the release's,
    computed once for every packet (else computed here). `rosters`: this school's rosters by
    name, cut from one query for every school (`release.rosters.rosters`); else queried here for
    this school. `withheld_marts`: relation -> why the gate withholds it; those sections say so."""
    target = Path(folder) / school_id
    target.mkdir(parents=True, exist_ok=False)
    data = gather(
        con,
        school_id,
        school_year,
        minimum_n=minimum_n,
        outcomes=outcomes,
        key_figures=key_figures,
        withheld_marts=withheld_marts,
    )
    files: dict[str, int | None] = {}
    for name in ROSTERS:
        frame = rosters[name] if rosters is not None else roster(con, name, school_id, school_year)
        for path in write_roster(frame, target, name):
            files[path.name] = len(frame)
    (target / "packet.html").write_text(render_packet(data), encoding="utf-8")
    files["packet.html"] = None
    log.info(
        "packet for school %s: %s",
        school_id,
        ", ".join(f"{name} {rows} rows" for name, rows in files.items() if rows is not None),
    )
    return {"school_id": school_id, "files": files}


def _charts(data: dict) -> dict:
    charts = {}
    on_track = data["on_track"]
    if on_track["available"]:
        grades = [g for g in on_track["grades"] if g != "all"]
        cells = on_track["by_grade"]
        charts["chronic_absence"] = bars(
            "Chronically absent, by grade",
            [
                (
                    g,
                    [
                        _point(cells[(level, "chronic_absence")].get(g))
                        for level in ("school", "district")
                    ],
                )
                for g in grades
            ],
            maximum=1,
        )
        if on_track["serves_high_school"]:  # no empty chart at a school without grades 9-12
            charts["on_track"] = bars(
                "On track to graduate, by grade",
                [
                    (
                        g,
                        [
                            _point(cells[(level, "on_track")].get(g))
                            for level in ("school", "district")
                        ],
                    )
                    for g in on_track["high_school_grades"]
                    if g != "all"
                ],
                maximum=1,
            )
    return charts


def _sparkline(figure: KeyFigure):
    points = [
        (year, cell["value"], format_value(cell, figure.unit))
        for year, cell in figure.by_year.items()
    ]
    return sparkline(points, label=figure.label)


def _point(cell: dict | None) -> tuple[float | None, str]:
    if cell is None:
        return None, "–"
    return cell["value"], cell["text"]


def _figure(cell: dict, kind: str) -> str:
    """A gated figure: the suppression marker when withheld, else the value formatted."""
    if cell["reason"]:
        return cell["text"]  # the suppression marker, or "–" when not available
    value = cell["value"]
    if value is None:
        return "–"
    formats = {"money": _money, "share": "{:.0%}".format, "number": "{:.1f}".format}
    return formats.get(kind, "{:.2f}".format)(value)


def _money(value) -> str:
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.0f}"
