"""The school page, one per school: the page takes the school id as its parameter, as a
templated page would, and is written to `schools/<school_id>.html`."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

import pandas as pd
from bokeh.models import Div

from dashboards import cells, measures
from dashboards.exports import ExportVersion
from dashboards.layout import WIDTH, heading, note, table, year_lines

ALL_STUDENTS = "all_students"


def school_file(school_id: str) -> str:
    """The page's path under the dashboard folder; any character of an id is safe in it."""
    return f"schools/{quote(school_id, safe='')}.html"


def school_href(school_id: str) -> str:
    """The link to the page from the district page: the file name itself URL-encoded."""
    return quote(school_file(school_id))


def schools(version: ExportVersion) -> pd.DataFrame:
    """school_id, school_name, school_level of every school with a published profile, named
    as in its latest year."""
    return version.read(
        "fct_school_profile",
        "select school_id, arg_max(school_name, school_year) as school_name, "
        "arg_max(school_level, school_year) as school_level from mart "
        "where reporting_level = 'school' group by school_id order by school_name, school_id",
    )


def school_links(version: ExportVersion) -> Div:
    items = "".join(
        f"<li><a href='{escape(school_href(row.school_id))}'>{escape(str(row.school_name))}</a>"
        f" ({escape(str(row.school_level))})</li>"
        for row in schools(version).itertuples()
    )
    return Div(text=f"<h2>Schools</h2><ul class='schools'>{items}</ul>", width=WIDTH)


def school_page(version: ExportVersion, school_id: str) -> list:
    about = schools(version).set_index("school_id").loc[school_id]
    year = version.school_year
    absence = measures.chronic_absence_by_subgroup(version, school_id)
    district_absence = measures.chronic_absence_by_subgroup(version, None)
    access = measures.course_access_representation(version, school_id)
    parts = [
        Div(text="<a href='../index.html'>District equity</a>", width=WIDTH),
        heading(f"{about.school_name} ({about.school_level})", 1),
        note(f"School year {year}, as of {version.as_of_date}, release {version.release_id}."),
        heading(f"Key figures, {year}"),
        table(_key_figures(version, school_id, absence, district_absence, access), "key-figures"),
        note(
            "The district's inexperienced-teacher share is worked out from the schools whose "
            "share is shown, weighted by teacher FTE."
        ),
    ]
    if not absence.empty:
        school_rows = absence[absence["subgroup"] == ALL_STUDENTS].assign(series=about.school_name)
        district_rows = district_absence[district_absence["subgroup"] == ALL_STUDENTS]
        parts += [
            year_lines(
                pd.concat([school_rows, district_rows.assign(series="District")]),
                "series",
                "chronic_absence_rate",
                "Chronic absence, all students",
            ),
            heading(f"Chronic absence by student group, {year}"),
            table(_groups(absence[absence["school_year"] == year], "chronic_absence"), "absence"),
        ]
    if not access.empty:
        parts += [
            heading(f"Advanced coursework by student group, {year}"),
            table(_groups(access[access["school_year"] == year], "advanced_course"), "access"),
        ]
    return parts


def _groups(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rows = {
        "Student group": frame["subgroup"].map(cells.label),
        "Rate": cells.rate_column(frame, f"{measure}_rate"),
    }
    if "representation_index" in frame:
        rows["Representation index"] = frame["representation_index"].map(cells.ratio)
    return pd.DataFrame(rows)


def _all_students(frame: pd.DataFrame, year: int, measure: str) -> str:
    return _rate(
        frame[(frame["school_year"] == year) & (frame["subgroup"] == ALL_STUDENTS)], measure
    )


def _key_figures(version, school_id, absence, district_absence, access) -> pd.DataFrame:
    """Measure, School, District for the release year."""
    year = version.school_year
    this_year = {"school": school_id, "year": year}
    on_track = version.read(
        "fct_on_track_summary",
        "select school_id, on_track_rate, on_track_rate_suppression from mart "
        "where school_year = $year and grade_level = 'all' and subgroup = 'all_students'",
        {"year": year},
    )
    spending = version.read(
        "fct_school_spending",
        "select per_pupil_expenditure::double as school, "
        "district_per_pupil_expenditure::double as district from mart "
        "where school_id = $school and school_year = $year",
        this_year,
    )
    staffing = version.read(
        "fct_school_staffing",
        "select school_id, inexperienced_teacher_share, inexperienced_teacher_share_suppression, "
        "teacher_fte::double as fte from mart where school_year = $year",
        {"year": year},
    )
    shown_staff = staffing.dropna(subset=["inexperienced_teacher_share"])
    district_staff = (
        (shown_staff["inexperienced_teacher_share"] * shown_staff["fte"]).sum()
        / shown_staff["fte"].sum()
        if not shown_staff.empty
        else None
    )
    district_access = measures.course_access_representation(version, None)
    return pd.DataFrame(
        [
            [
                "On track (all students)",
                _rate(on_track[on_track["school_id"] == school_id], "on_track_rate"),
                _rate(on_track[on_track["school_id"].isna()], "on_track_rate"),
            ],
            [
                "Chronic absence (all students)",
                _all_students(absence, year, "chronic_absence_rate"),
                _all_students(district_absence, year, "chronic_absence_rate"),
            ],
            [
                "Advanced coursework (all students)",
                _all_students(access, year, "advanced_course_rate"),
                _all_students(district_access, year, "advanced_course_rate"),
            ],
            [
                "Per-pupil spending",
                cells.NO_FIGURE if spending.empty else cells.money(spending.iloc[0]["school"]),
                cells.NO_FIGURE if spending.empty else cells.money(spending.iloc[0]["district"]),
            ],
            [
                "Inexperienced teachers",
                _rate(staffing[staffing["school_id"] == school_id], "inexperienced_teacher_share"),
                cells.percent(district_staff),
            ],
        ],
        columns=["Measure", "School", "District"],
    )


def _rate(rows: pd.DataFrame, measure: str) -> str:
    if rows.empty:
        return cells.NO_FIGURE
    return cells.rate_text(rows.iloc[0][measure], rows.iloc[0][f"{measure}_suppression"])
