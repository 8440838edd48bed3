"""The key figures of a packet's front page: each measure this year, last year and before, for
the school and the district, every cell suppressed before anything compares or draws it.

    figures = key_figure_tables(con, school_year, minimum_n, outcomes)
    figures.rows("A")  # the school's applicable measures, in the mart's order

`marts.fct_school_key_figures` is shaped in dbt: one row per level, measure and year, with the
value, its numerator and denominator, the unit, whether higher is better, the order, whether the
measure applies to the school's grades and whether the figure is known yet (`status`). Here it
is only suppressed:

- a student outcome the release also shows by grade and group (on track, freshman on track,
  chronic absence, advanced coursework) takes the release's own cell of that year
  (`release.outcome_tables`), so the front page and the detail pages never disagree;
- the graduation rate and proficiency take the exports' cells of all students, all grades
  (`release.export_outcomes.achievement_cells`: the cohort's, or the year's of the figure's test
  and subject), suppressed with their grades and groups: a cell an export hides as a complement
  is hidden here too, and a level without such a cell shows nothing;
- any other rate is suppressed for every school and the district together
  (`release.level_suppression`), so no school's withheld rate is the district's less the other
  schools';
- a count of students (enrollment, its projection) is withheld under `minimum_n`; a share (of
  teachers, or of a budget) and dollars per pupil are withheld when the group they are about
  (the denominator: teachers, pupils) is under `minimum_n`, as the detail pages withhold them;
  a figure with no denominator is about no one and is shown as it is.

Changes are worked out from the published cells, so "76%, last year 70%" always says "+6 pts".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from release.cells import count_cell, gated_cells, not_available, rate_cell
from release.export_assessment import ASSESSMENT
from release.export_outcomes import COHORT_GRADUATION, achievement_cells
from release.level_suppression import DISTRICT_LEVEL, EVERYONE, KEYS, suppress_levels
from release.outcome_tables import COURSE_ACCESS, OutcomeTables, outcome_tables
from release.sources import query

KEY_FIGURES = "marts.fct_school_key_figures"
# the seed naming each measure's mart (source_mart): a measure whose mart failed its checks
MEASURE_SOURCES = "seeds.key_figure_measures"
DECIMALS = {"share": 2, "dollars": 0}
# measures the release suppresses with their grades and groups: the key figure takes that cell
OUTCOME_MEASURES = {
    "on_track": "on_track",
    "freshman_on_track": "freshman_on_track",
    "chronic_absence": "chronic_absence",
    "advanced_coursework": COURSE_ACCESS,
}
# the graduation rate: the four-year rate of its cohort (measured_school_year) in the exports;
# a figure with a test_name is that test's proficiency in the exports
GRADUATION = ("four_year_graduation_rate", "four_year")
PROFICIENCY = "proficiency"
# status: a figure that does not exist (yet) is a mark, never a number or a "*"
MARKS = {
    "not_yet_known": {"text": "not yet known", "value": None, "reason": "not_yet_known", "n": None},
    "not_sent": {"text": "not sent", "value": None, "reason": "not_sent", "n": None},
}
# a measure whose mart failed its dbt checks, on a front page shown for the other measures
CHECKS_FAILED = {
    "text": "withheld, because the checks on this data failed",
    "value": None,
    "reason": "checks_failed",
    "n": None,
}


@dataclass(frozen=True)
class KeyFigure:
    """One measure of one school: published cells by year, the district's this year."""

    measure: str
    label: str
    measured_year: int | None  # this year's figure describes (a graduation cohort's year)
    unit: str  # students (a count), rate (of students), share or dollars
    is_higher_better: bool | None
    by_year: dict[int, dict]  # school_year -> cell, oldest first
    district: dict  # this year's district cell
    school_year: int

    @property
    def this_year(self) -> dict:
        return self.by_year.get(self.school_year, not_available())

    @property
    def last_year(self) -> dict:
        return self.by_year.get(self.school_year - 1, not_available())

    @property
    def change(self) -> float | None:
        """This year's published value less last year's; None unless both are shown exactly."""
        return difference(self.this_year, self.last_year)

    @property
    def gap(self) -> float | None:
        """This year's published value less the district's; None unless both are shown exactly."""
        return difference(self.this_year, self.district)


def difference(cell: dict, other: dict) -> float | None:
    """Two cells compared only when both survive suppression uncoded: a coded "≥95%" is a range."""
    if cell["reason"] or other["reason"] or cell["value"] is None or other["value"] is None:
        return None
    return cell["value"] - other["value"]


@dataclass(frozen=True)
class KeyFigureTables:
    school_year: int
    cells: dict[tuple[str, str], dict[int, dict]]  # (measure, level) -> year -> cell, oldest first
    measures: pd.DataFrame  # measure, label, unit, is_higher_better, in the front page's order
    measured_years: dict[tuple[str, str], int]  # (measure, level) -> this year's measured year
    applicable: dict[str, set[str]]  # school id -> measures of its level
    # measures whose mart failed its dbt checks: every cell of theirs is the CHECKS_FAILED mark,
    # so no change, gap or finding is ever worked out from them
    withheld_measures: frozenset[str] = frozenset()

    def rows(self, school_id: str) -> list[KeyFigure]:
        figures = []
        for measure in self.measures.itertuples(index=False):
            if measure.measure not in self.applicable.get(school_id, set()):
                continue
            by_year = self.cells.get((measure.measure, school_id), {})
            district = self.cells.get((measure.measure, DISTRICT_LEVEL), {})
            if measure.measure in self.withheld_measures:
                by_year = {year: CHECKS_FAILED for year in sorted({*by_year, self.school_year})}
                district = {self.school_year: CHECKS_FAILED}
            figures.append(
                KeyFigure(
                    measure=measure.measure,
                    label=measure.measure_label,
                    measured_year=self.measured_years.get((measure.measure, school_id)),
                    unit=measure.unit,
                    is_higher_better=_bool_or_none(measure.is_higher_better),
                    by_year=by_year,
                    district=district.get(self.school_year, not_available()),
                    school_year=self.school_year,
                )
            )
        return figures


def key_figure_tables(
    con,
    school_year: int,
    minimum_n: int,
    outcomes: OutcomeTables,
    achievement: dict | None = None,
) -> KeyFigureTables:
    """Every school's and the district's key figures up to `school_year`, suppressed; `outcomes`:
    the release's outcome cells of `school_year` (other years are suppressed here the same way);
    `achievement`: the release's `achievement_cells` (None: worked out here, with no previous
    release)."""
    if achievement is None:
        achievement = achievement_cells(con, minimum_n)
    rows = query(con, f"select * from {KEY_FIGURES} where school_year <= ?", [school_year])
    rows["level"] = rows["school_id"].where(rows["reporting_level"] == "school", DISTRICT_LEVEL)
    measures = rows.sort_values(["display_order", "measure"]).drop_duplicates("measure")[
        ["measure", "measure_label", "unit", "is_higher_better"]
    ]
    this_year = rows[(rows["school_year"] == school_year) & rows["is_applicable"].astype(bool)]
    applicable = this_year.groupby("level")["measure"].agg(set).to_dict()
    measured_years = {
        (measure, level): int(year)
        for measure, level, year in zip(
            this_year["measure"], this_year["level"], this_year["measured_school_year"], strict=True
        )
        if not pd.isna(year)
    }
    outcomes_by_year = {school_year: outcomes}
    cells: dict[tuple[str, str], dict[int, dict]] = {}
    for (measure, year), group in rows.sort_values("school_year").groupby(
        ["measure", "school_year"], sort=False
    ):
        year = int(year)
        if measure in OUTCOME_MEASURES and year not in outcomes_by_year:
            outcomes_by_year[year] = outcome_tables(con, year, minimum_n)
        own_outcomes = outcomes_by_year[year] if measure in OUTCOME_MEASURES else None
        if measure == GRADUATION[0] or group["test_name"].notna().any():
            suppressed = _achievement(group, achievement)
        else:
            suppressed = _suppressed(group, measure, minimum_n, own_outcomes)
        for level, cell in suppressed.items():
            cells.setdefault((measure, level), {})[year] = cell
    return KeyFigureTables(
        school_year, cells, measures, applicable=applicable, measured_years=measured_years
    )


def measure_sources(con, present: set[str]) -> dict[str, str] | None:
    """Measure -> the mart its figure is read from (the seed's source_mart); None when the
    warehouse predates the column (then no single measure can be withheld)."""
    if MEASURE_SOURCES not in present:
        return None
    rows = query(con, f"select measure, source_mart from {MEASURE_SOURCES}", [])
    return dict(zip(rows["measure"], rows["source_mart"], strict=True))


def _suppressed(group, measure, minimum_n, outcomes) -> dict[str, dict]:
    """One measure's cells of one year, by level."""
    known = group[group["status"] == "known"]
    cells = {
        level: MARKS[status]
        for level, status in zip(group["level"], group["status"], strict=True)
        if status in MARKS
    }
    unit = group["unit"].iloc[0]
    if unit not in ("rate", "students", *DECIMALS):
        raise ValueError(f"{KEY_FIGURES}: measure {measure!r} has the unknown unit {unit!r}")
    if unit == "rate":
        cells |= _rates(known, measure, minimum_n, outcomes)
    elif unit == "students":
        for level, value in zip(known["level"], known["value"], strict=True):
            count = None if pd.isna(value) else round(float(value))
            cells[level] = count_cell(count, minimum_n)
    else:  # a share or dollars: about a group (its denominator) or about no one
        for row in known.to_dict("records"):
            # rounded as printed (whole percent, whole dollars): changes are of printed figures
            value = None if pd.isna(row["value"]) else round(float(row["value"]), DECIMALS[unit])
            if pd.isna(row["denominator"]):
                cell = not_available() if value is None else _shown(value)
            else:
                (cell,) = gated_cells([value], [int(row["denominator"])], minimum_n)
            cells[row["level"]] = cell
    return cells


def _achievement(group, achievement: dict) -> dict[str, dict]:
    """A graduation or proficiency figure's cells of one year: the exports' all-students cell
    of the same cohort (or year, test and subject) and level; nothing where they have none."""
    cells = {}
    for row in group.to_dict("records"):
        if row["status"] in MARKS:
            cells[row["level"]] = MARKS[row["status"]]
            continue
        if row["status"] != "known":
            continue
        if row["measure"] == GRADUATION[0]:
            part, name = (COHORT_GRADUATION, (int(row["measured_school_year"]),)), GRADUATION[1]
        else:
            year = int(row["school_year"])
            part = (ASSESSMENT, (year, row["test_name"], row["assessment_subject"]))
            name = PROFICIENCY
        own = achievement.get(part, {}).get((name, row["level"]), {})
        cells[row["level"]] = own.get(("all", EVERYONE), not_available())
    return cells


def _rates(known, measure, minimum_n, outcomes) -> dict[str, dict]:
    source = OUTCOME_MEASURES.get(measure)
    if outcomes is not None and outcomes.cells(source) is not None:
        # the release's own cells; a level they lack shows nothing rather than a second,
        # separately suppressed figure that could undo them
        cells = {}
        for level in known["level"]:
            own = outcomes.cells(source, None if level == DISTRICT_LEVEL else level)
            cells[level] = own.by_grade.get("all", not_available()) if own else not_available()
        return cells
    counted = known["denominator"].notna() & known["numerator"].notna()
    # a rate without its counts cannot be suppressed, so it is not shown
    cells = {level: not_available() for level in known["level"][~counted]}
    rest = known[counted]
    if rest.empty:
        return cells
    table = rest.assign(
        grade_level="all",
        subgroup_category=EVERYONE[0],
        subgroup=EVERYONE[1],
        count=rest["numerator"].round().astype(int),
        denominator=rest["denominator"].round().astype(int),
    )[[*KEYS, "count", "denominator"]]
    # the district judges every student once, a school its own: protected as though they add up
    result = suppress_levels(table, minimum_n, [EVERYONE], exact_district=False)
    return cells | {row["level"]: rate_cell(row) for row in result.to_dict("records")}


def _shown(value: float) -> dict:
    return {"text": None, "value": value, "reason": None, "n": None}


def _bool_or_none(value) -> bool | None:
    return None if value is None or pd.isna(value) else bool(value)
