"""The district equity page: over the years, spending and inexperienced teachers by poverty
quartile, course-access representation by student group, chronic absence by group and level."""

from __future__ import annotations

import pandas as pd

from dashboards import cells, measures
from dashboards.exports import ExportVersion
from dashboards.layout import DOLLARS, RATIO, heading, note, table, year_lines
from dashboards.school_page import school_links

QUARTILE_NOTE = (
    "Poverty quartile 1 holds the schools with the lowest share of economically disadvantaged "
    "students, 4 the highest (fct_school_profile). Per-pupil spending is the quartile's schools' "
    "published figures weighted by enrollment; the inexperienced-teacher share is weighted by "
    "teacher FTE. A school whose figure is withheld is left out."
)
REPRESENTATION_NOTE = (
    "Representation index: a group's advanced-course rate over all students' rate (1.00: "
    "represented as all students are; below 1: under-represented). Worked out only where both "
    "rates are shown, not coded."
)
LEVEL_ORDER = {"elementary": 0, "middle": 1, "high": 2}  # columns from the youngest students up
LEVEL_NOTE = (
    "A school level's rate is its schools' published rates weighted by students judged (– when "
    "every school's figure is withheld); the district column is the district's own published rate."
)


def district_page(version: ExportVersion) -> list:
    return [
        heading(f"District equity, school years to {version.school_year}", 1),
        note(f"As of {version.as_of_date}, release {version.release_id}."),
        school_links(version),
        *_quartiles(version),
        *_representation(version),
        *_chronic_absence(version),
    ]


def _quartiles(version: ExportVersion) -> list:
    frame = measures.spending_and_inexperience_by_quartile(version)
    parts = [
        heading("Spending and inexperienced teachers by poverty quartile"),
        note(QUARTILE_NOTE),
    ]
    if frame.empty:
        return [*parts, note("No school has a poverty quartile in these exports."), *_essa(version)]
    frame = frame.assign(quartile=frame["poverty_quartile"].map(lambda q: f"Quartile {int(q)}"))
    shown = pd.DataFrame(
        {
            "School year": frame["school_year"],
            "Poverty quartile": frame["quartile"],
            "Per-pupil spending": frame["per_pupil_expenditure"].map(cells.money),
            "Inexperienced teachers": frame["inexperienced_teacher_share"].map(cells.percent),
        }
    )
    return [
        *parts,
        year_lines(frame, "quartile", "per_pupil_expenditure", "Per-pupil spending", DOLLARS),
        year_lines(frame, "quartile", "inexperienced_teacher_share", "Inexperienced teachers"),
        table(shown, "quartiles"),
        *_essa(version),
    ]


def _essa(version: ExportVersion) -> list:
    equity = measures.educator_equity(version)
    if equity.empty:
        return []
    essa = pd.DataFrame(
        {
            "School year": equity["school_year"],
            "Teachers who are": equity["measure"].map(cells.label),
            "Highest-poverty quartile": cells.rate_column(equity, "high_quartile_teacher_share"),
            "Lowest-poverty quartile": cells.rate_column(equity, "low_quartile_teacher_share"),
        }
    )
    return [heading("ESSA educator equity (fct_educator_equity)", 3), table(essa, "essa")]


def _representation(version: ExportVersion) -> list:
    frame = measures.course_access_representation(version, school_id=None)
    parts = [heading("Advanced coursework: representation by student group")]
    if frame.empty:
        return [*parts, note("No course-access figures in these exports.")]
    groups = frame[frame["subgroup"] != "all_students"].assign(
        group=lambda rows: rows["subgroup"].map(cells.label)
    )
    return [
        *parts,
        note(REPRESENTATION_NOTE),
        year_lines(groups, "group", "representation_index", "Representation index", RATIO),
        table(_group_rows(frame, "advanced_course_rate", "students"), "representation"),
    ]


def _group_rows(frame: pd.DataFrame, measure: str, denominator: str) -> pd.DataFrame:
    rows = {
        "School year": frame["school_year"],
        "Student group": frame["subgroup"].map(cells.label),
        "Students": frame[denominator].map(cells.count),
        "Rate": cells.rate_column(frame, measure),
    }
    if "representation_index" in frame:
        rows["Representation index"] = frame["representation_index"].map(cells.ratio)
    return pd.DataFrame(rows)


def _chronic_absence(version: ExportVersion) -> list:
    district = measures.chronic_absence_by_subgroup(version, school_id=None)
    parts = [heading("Chronic absence by student group and school level")]
    if district.empty:
        return [*parts, note("No chronic absence figures in these exports.")]
    district = district.assign(group=district["subgroup"].map(cells.label))
    table_rows = district.assign(District=cells.rate_column(district, "chronic_absence_rate"))
    levels = measures.chronic_absence_by_school_level(version)
    by_level = dict(list(levels.groupby("school_level")))
    for level in sorted(by_level, key=lambda name: (LEVEL_ORDER.get(name, len(LEVEL_ORDER)), name)):
        rows = by_level[level]
        rates = rows.set_index(["school_year", "subgroup"])["chronic_absence_rate"]
        keys = zip(table_rows["school_year"], table_rows["subgroup"], strict=True)
        table_rows[f"{str(level).title()} schools"] = [
            cells.percent(rates.get(key)) for key in keys
        ]
    shown = table_rows.drop(
        columns=["subgroup_category", "subgroup", "chronic_absence_eligible"]
        + ["chronic_absence_rate", "chronic_absence_rate_suppression"]
    ).rename(columns={"school_year": "School year", "group": "Student group"})
    return [
        *parts,
        year_lines(district, "group", "chronic_absence_rate", "Chronic absence, district"),
        note(LEVEL_NOTE),
        table(shown, "chronic-absence"),
    ]
