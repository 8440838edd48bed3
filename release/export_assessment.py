"""The exported cells of `fct_assessment_proficiency`: state-test participation and proficiency
by school and district, grade and student group, for each year, test and subject.

Each year, test and subject is one table for `release.level_suppression.suppress_levels`, the
release's own equations (a level's grades add up to all grades, a category's groups to all
students, the schools to the district: each student counts once per test and subject, at the
school of record), with the release's minimum n and rate bands:

- participation: students tested of students enrolled (expected to test);
- proficiency: students proficient of students scored.

The denominators leave beside the rates they belong to; the numerators (students tested,
scored proficient) never do, since beside a denominator a count would undo the coding. The mean
scale score is about the students tested: it is shown where their count, suppressed in the same
table by the same equations (primary below the minimum n, then complementary), would be shown,
so that no hidden mean can be worked out from the district's and the other schools' means and
their counts. A withheld mean is NULL with the tested count's reason.

`previous`: what the previous release of the same school year published
(`release.previous_release.published_cells`), so that no rate withheld now can be worked out
from both releases; the packets' proficiency key figures are these very cells.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from release.cells import rate_cell
from release.export_cells import SUPPRESSION
from release.level_suppression import DISTRICT_LEVEL, subgroups_of, suppress_levels
from release.sources import query
from release.suppression import COMPLEMENTARY, PRIMARY

ASSESSMENT = "fct_assessment_proficiency"
RATES = {  # measure: (count, denominator) in the mart
    "participation": ("students_tested", "students_enrolled"),
    "proficiency": ("students_proficient", "students_scored"),
}
MEAN = "mean_scale_score"
MEAN_GROUP = "tested"  # the measure whose cells say where a mean is withheld: students tested


def assessment_cells(
    con, school_year: int, minimum_n: int, previous: Mapping | None = None
) -> dict[tuple, dict]:
    """Per (year, test, subject), the suppressed cells: (measure, level) -> {(grade, group):
    cell}. `previous`: the previous release's cells, keyed (mart, part, measure), or None."""
    rows = query(con, f"select * from marts.{ASSESSMENT} where school_year = ?", [school_year])
    rows["level"] = rows["school_id"].where(rows["reporting_level"] == "school", DISTRICT_LEVEL)
    parts = {}
    for (test, subject), part in rows.groupby(["test_name", "assessment_subject"], sort=True):
        groups = subgroups_of(part[part["level"] == DISTRICT_LEVEL])
        cells: dict = {}
        for measure, (count, denominator) in RATES.items():
            table = part.assign(
                count=part[count].astype(int), denominator=part[denominator].astype(int)
            )
            before = (previous or {}).get((ASSESSMENT, (school_year, test, subject), measure))
            result = suppress_levels(table, minimum_n, groups, previous=before)
            for row in result.to_dict("records"):
                key = (row["grade_level"], (row["subgroup_category"], row["subgroup"]))
                cells.setdefault((measure, row["level"]), {})[key] = rate_cell(row)
        tested = part.assign(count=part["students_tested"], denominator=part["students_tested"])
        for row in suppress_levels(tested, minimum_n, groups).to_dict("records"):
            key = (row["grade_level"], (row["subgroup_category"], row["subgroup"]))
            cells.setdefault((MEAN_GROUP, row["level"]), {})[key] = row["reason"]
        parts[(school_year, test, subject)] = cells
    return parts


def with_mean_scale_score(con, cells: str, keys: list[str], parts: dict[tuple, dict]) -> str:
    """`cells` (the typed export rows) with the mart's mean scale score, withheld where the
    tested count of `parts` (from `assessment_cells`) is; returns the new relation's name."""
    withheld = (PRIMARY, COMPLEMENTARY)
    reasons = pd.DataFrame(
        [
            {
                "school_year": year,
                "reporting_level": "district" if level == DISTRICT_LEVEL else "school",
                "school_id": None if level == DISTRICT_LEVEL else level,
                "test_name": test,
                "assessment_subject": subject,
                "grade_level": grade,
                "subgroup_category": group[0],
                "subgroup": group[1],
                "reason": reason if reason in withheld else "",
            }
            for (year, test, subject), by_measure in parts.items()
            for (measure, level), keyed in by_measure.items()
            if measure == MEAN_GROUP
            for (grade, group), reason in keyed.items()
        ],
        columns=[*keys, "reason"],
    )
    frame = f"{cells}_mean_reasons"
    con.register(frame, reasons)
    on = " and ".join(f'c."{k}" is not distinct from {{0}}."{k}"' for k in keys)
    relation = f"{cells}_scored"
    con.execute(
        f"create or replace temp table {relation} as select c.* exclude (row_position), "
        f"case when coalesce(r.reason, '') = '' then m.{MEAN} end::double as {MEAN}, "
        f"coalesce(r.reason, '') as \"{MEAN}{SUPPRESSION}\" "
        f"from (select *, row_number() over () as row_position from {cells}) c "
        f"left join marts.{ASSESSMENT} m on {on.format('m')} "
        f"left join {frame} r on {on.format('r')} order by c.row_position"
    )
    return relation
