"""The exported rows of the marts whose rates are suppressed across schools and the district
together: the release's outcome tables, year by year, and the cohort graduation rates.

- `fct_on_track_summary`, `fct_course_access`, `fct_school_profile`: the cells of
  `release.outcome_tables.outcome_tables(con, year, minimum_n)`, the very function (and, for the
  release year, the very input) the packets and the release's `bi/` files take their cells from,
  so an export and a packet never disagree on whether a cell is shown. One row per cell the
  release publishes, district and schools, including the groups a level lacks (a withheld cell
  of 0), so that a missing row tells nothing. A mart row the release does not publish (a
  school's grade-by-group cell of the on-track summary) is not exported: nothing protects it.
- `fct_cohort_graduation`: the four- and five-year rates, each cohort suppressed by
  `release.level_suppression.suppress_levels`, the release's own equations (groups add up to all
  students, schools to the district), with the same minimum n and bands.
- `fct_assessment_proficiency`: participation and proficiency, each year, test and subject
  suppressed the same way (`release.export_assessment`).

The last two are the packets' graduation and proficiency key figures too (`achievement_cells`,
read by `release.packet_key_figures`): a cell hidden as a complement in an export is hidden on
the front page, and the other way round. Each is suppressed against what the previous release
of the same school year published of it (`previous`, `release.previous_release`).

Numerators never leave: beside a published denominator, a count would undo the coding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from release.cells import rate_cell
from release.export_assessment import ASSESSMENT, assessment_cells
from release.export_cells import cell_columns, suppression_columns
from release.level_suppression import DISTRICT_LEVEL, EVERYONE, subgroups_of, suppress_levels
from release.outcome_tables import COURSE_ACCESS, ENROLLMENT_SHARES, GRADE_ORDER, OutcomeTables
from release.sources import query


@dataclass(frozen=True)
class OutcomeMart:
    # value column -> (the measure's name in the suppressed cells, its denominator column)
    measures: dict[str, tuple[str, str | None]]
    by_grade: bool  # a grade_level column (else all grades only)
    by_subgroup: bool  # subgroup_category and subgroup columns (else all students only)
    year: str = "school_year"
    # columns each of whose values is a table of its own (a test and subject), after school_id
    within: tuple[str, ...] = ()


OUTCOME_MARTS = {
    "fct_on_track_summary": OutcomeMart(
        {
            "on_track_rate": ("on_track", "on_track_evaluated"),
            "freshman_on_track_rate": ("freshman_on_track", "freshman_on_track_evaluated"),
            "chronic_absence_rate": ("chronic_absence", "chronic_absence_eligible"),
        },
        by_grade=True,
        by_subgroup=True,
    ),
    "fct_course_access": OutcomeMart(
        {"advanced_course_rate": (COURSE_ACCESS, "students")}, by_grade=False, by_subgroup=True
    ),
    "fct_school_profile": OutcomeMart(
        {share: (share, None) for share in ENROLLMENT_SHARES}, by_grade=False, by_subgroup=False
    ),
    "fct_cohort_graduation": OutcomeMart(
        {
            "four_year_graduation_rate": ("four_year", "adjusted_cohort"),
            "five_year_graduation_rate": ("five_year", "five_year_adjusted_cohort"),
        },
        by_grade=False,
        by_subgroup=True,
        year="cohort_graduation_year",
    ),
    "fct_assessment_proficiency": OutcomeMart(
        {
            "participation_rate": ("participation", "students_enrolled"),
            "proficiency_rate": ("proficiency", "students_scored"),
        },
        by_grade=True,
        by_subgroup=True,
        within=("test_name", "assessment_subject"),
    ),
}
COHORT_GRADUATION = "fct_cohort_graduation"
COHORT_RATES = {  # measure: (graduates, adjusted cohort) in fct_cohort_graduation
    "four_year": ("four_year_graduates", "adjusted_cohort"),
    "five_year": ("five_year_graduates", "five_year_adjusted_cohort"),
}
# cell key: (measure, level) -> {(grade, (category, subgroup)): cell}
Cells = dict[tuple[str, str], dict[tuple[str, tuple[str, str]], dict]]


def outcome_cells(tables: OutcomeTables) -> Cells:
    """The release's cells, keyed for the exports."""
    cells: Cells = {}
    for (measure, level), level_cells in tables.levels.items():
        keyed = {(grade, EVERYONE): cell for grade, cell in level_cells.by_grade.items()}
        keyed |= {("all", group): cell for group, cell in level_cells.by_subgroup.items()}
        keyed |= {
            (grade, (category, subgroup)): cell
            for (grade, category, subgroup), cell in level_cells.by_grade_and_subgroup.items()
        }
        cells[(measure, level)] = keyed
    return cells


def achievement_cells(con, minimum_n: int, previous: Mapping | None = None) -> dict:
    """The cells the exports publish of `fct_cohort_graduation` and `fct_assessment_proficiency`,
    every year: (mart, part) -> cells, a part being (cohort year,) or (year, test, subject); a
    mart not built has none. `previous`: as for `cohort_graduation_cells`."""
    present = {
        name
        for (name,) in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    }
    parts: dict[tuple[str, tuple], Cells] = {}
    if f"marts.{COHORT_GRADUATION}" in present:
        for year in _years(con, COHORT_GRADUATION, "cohort_graduation_year"):
            cells = cohort_graduation_cells(con, year, minimum_n, previous)
            parts[(COHORT_GRADUATION, (year,))] = cells
    if f"marts.{ASSESSMENT}" in present:
        for year in _years(con, ASSESSMENT, "school_year"):
            for part, cells in assessment_cells(con, year, minimum_n, previous).items():
                parts[(ASSESSMENT, part)] = cells
    return parts


def _years(con, mart: str, year: str) -> list[int]:
    rows = con.execute(f"select distinct {year} from marts.{mart} order by 1").fetchall()
    return [int(value) for (value,) in rows]


def cohort_graduation_cells(
    con, cohort_year: int, minimum_n: int, previous: Mapping | None = None
) -> Cells:
    """One graduating cohort's rates, suppressed across schools, the district and groups.
    `previous`: the cells the previous release of the school year published, keyed (mart, part,
    measure) (`release.previous_release.published_cells`), or None."""
    cohort = query(
        con,
        f"select * from marts.{COHORT_GRADUATION} where cohort_graduation_year = ?",
        [cohort_year],
    )
    cohort["level"] = cohort["school_id"].where(
        cohort["reporting_level"] == "school", DISTRICT_LEVEL
    )
    groups = subgroups_of(cohort[cohort["level"] == DISTRICT_LEVEL])
    cells: Cells = {}
    for measure, (graduates, adjusted) in COHORT_RATES.items():
        rows = cohort.assign(
            grade_level="all",
            count=cohort[graduates].fillna(0).astype(int),
            denominator=cohort[adjusted].fillna(0).astype(int),
        )
        before = (previous or {}).get((COHORT_GRADUATION, (cohort_year,), measure))
        result = suppress_levels(rows, minimum_n, groups, exact_district=False, previous=before)
        for row in result.to_dict("records"):
            group = (row["subgroup_category"], row["subgroup"])
            cells.setdefault((measure, row["level"]), {})[("all", group)] = rate_cell(row)
    return cells


def outcome_rows(mart: OutcomeMart, cells_by_part: dict[tuple, Cells]) -> pd.DataFrame:
    """One row per published cell key, district first, then schools by id. `cells_by_part`:
    the cells of each year (and value of `mart.within`), keyed `(year, *within values)`."""
    rows = []
    for part, cells in sorted(cells_by_part.items()):
        fixed = dict(zip([mart.year, *mart.within], part, strict=True))
        for level, keys in _levels(mart, cells):
            district = level == DISTRICT_LEVEL
            for grade, group in keys:
                row = fixed | {
                    "reporting_level": "district" if district else "school",
                    "school_id": None if district else level,
                }
                if mart.by_grade:
                    row["grade_level"] = grade
                if mart.by_subgroup:
                    row |= {"subgroup_category": group[0], "subgroup": group[1]}
                for value, (measure, denominator) in mart.measures.items():
                    cell = cells.get((measure, level), {}).get((grade, group))
                    row |= cell_columns(cell, value, denominator)
                rows.append(row)
    return pd.DataFrame(rows, columns=list(outcome_types(mart)))


def outcome_keys(mart: OutcomeMart) -> list[str]:
    """The columns that say which cell a row is."""
    keys = [mart.year, "reporting_level", "school_id", *mart.within]
    keys += ["grade_level"] if mart.by_grade else []
    return keys + (["subgroup_category", "subgroup"] if mart.by_subgroup else [])


def outcome_types(mart: OutcomeMart) -> dict[str, str]:
    """The exported columns of an outcome mart and their DuckDB types."""
    types = {key: "VARCHAR" for key in outcome_keys(mart)} | {mart.year: "INTEGER"}
    for value, (_, denominator) in mart.measures.items():
        if denominator is not None:
            types[denominator] = "BIGINT"
        suppression, lower, upper = suppression_columns(value)
        types |= {value: "DOUBLE", suppression: "VARCHAR", lower: "DOUBLE", upper: "DOUBLE"}
    return types


def _levels(mart: OutcomeMart, cells: Cells) -> Iterator[tuple[str, list]]:
    measures = {measure for measure, _ in mart.measures.values()}
    levels = {level for measure, level in cells if measure in measures}
    for level in sorted(levels, key=lambda level: (level != DISTRICT_LEVEL, level)):
        keys = {
            key
            for (measure, at), keyed in cells.items()
            if measure in measures and at == level
            for key in keyed
            if (mart.by_grade or key[0] == "all") and (mart.by_subgroup or key[1] == EVERYONE)
        }
        yield level, sorted(keys, key=_key_order)


def _key_order(key: tuple[str, tuple[str, str]]) -> tuple:
    grade, group = key
    rank = GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)
    return (group != EVERYONE, rank if group == EVERYONE else (grade != "all", rank), group)
