"""Cells of every school and the district, suppressed as one table.

Why one table: a school's cells and the district's are published side by side. The BI exports
list every school next to the district, and the packets together do too. Suppressing each school
on its own would leave a withheld cell to be worked out as the district minus the other schools
(24 Black students in the district, 20 at school B: school A's hidden group is 4). So for each
measure the cells of every school and of the district are one problem for
`release.suppression.suppress_rate_families`, with these families (NCES 2011-603's complementary
suppression, one equation each):

- grades: a level's grade cells add up to its all-grades cell, for all students (and, at the
  district, for each student group, as the BI exports publish grade by group there);
- student groups: at a level and grade, each additive category's groups plus the students it
  does not report (a student with no race reported: not published, taken as known, so never
  chosen to protect a cell) add up to all students;
- schools: for a grade and group, the schools add up to the district: each student has one
  school of record a year. Chronic absence adds up only nearly (a school judges the days at that
  school, the district all of a student's days, so a student who moved can be eligible or absent
  at one level and not the other); it is protected as though it added up, which hides at least
  as much.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from release.cells import ADDITIVE_CATEGORIES
from release.complementary import Family
from release.suppression import suppress_rate_families
from release.suppression_history import Published

EVERYONE = ("all_students", "all_students")
# the district's level key; school ids are never this
DISTRICT_LEVEL = "(district)"
KEYS = ["level", "grade_level", "subgroup_category", "subgroup"]


def suppress_levels(
    rows: pd.DataFrame,
    minimum_n: int,
    subgroups: Iterable[tuple[str, str]] | None = None,
    *,
    exact_district: bool = True,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A mart's `rows` (level, grade_level, subgroup_category, subgroup, count, denominator; the
    district's level is `DISTRICT_LEVEL`), cut to the cells a release publishes and suppressed
    as one table: those rows with `denominator_reported`, `rate_reported` and `reason`.
    `subgroups`: every group of the year (default: those in `rows`); a level missing one gets a
    row of 0. `exact_district`: the schools add up to the district exactly (else nearly, as for
    chronic absence: protected as though exactly, not checked). A level whose all-students cell
    has no students is left out. `previous`: the cells the previous release of the same measure
    and year published (the keys, `denominator_reported` and `rate_reported`, null when
    withheld), or None when there is none: no cell withheld now can then be worked out from the
    two releases together (`release.suppression_history`)."""
    rows = _published(rows, subgroups_of(rows) if subgroups is None else subgroups)
    everyone = _is_everyone(rows)
    served = rows[everyone & (rows["grade_level"] == "all") & (rows["denominator"] > 0)]["level"]
    # a level with no students in the measure (on track at an elementary school) has nothing to
    # protect and nothing to show: its cells are left out, not withheld
    rows = rows[rows["level"].isin(set(served))]
    table = pd.concat([rows[[*KEYS, "count", "denominator"]], _known_rest(rows)])
    table = table.reset_index(drop=True)
    is_known = table["subgroup"].isna()
    by_grade = _families(table, ["level", "subgroup_category", "subgroup"], "grade_level", "all")
    by_group = _group_families(table)
    by_school = _families(
        table, ["grade_level", "subgroup_category", "subgroup"], "level", DISTRICT_LEVEL
    )
    families = by_grade + by_group + by_school
    _check_adds_up(table, by_grade + by_group + (by_school if exact_district else []))
    suppressed = suppress_rate_families(
        table["count"].astype(int).tolist(),
        table["denominator"].astype(int).tolist(),
        [family for family, _ in families],
        minimum_n,
        known=set(is_known[is_known].index),
        previous=None if previous is None else _previous_of(table, previous),
    )
    out = pd.concat([table, suppressed], axis=1)
    return out[~is_known].reset_index(drop=True)


def _previous_of(table: pd.DataFrame, previous: pd.DataFrame) -> list[Published | None]:
    """What the previous release published of each row of `table` (None: no such cell)."""
    if previous.duplicated(KEYS).any():
        raise ValueError("the previous release lists a cell twice")
    matched = table[KEYS].merge(previous, on=KEYS, how="left", indicator=True)
    return [
        None
        if where == "left_only"
        else Published(None if pd.isna(n) else int(n), None if pd.isna(rate) else rate)
        for where, n, rate in zip(
            matched["_merge"],
            matched["denominator_reported"],
            matched["rate_reported"],
            strict=True,
        )
    ]


def subgroups_of(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Every (category, subgroup) in `rows`, all students first."""
    pairs = sorted(set(zip(rows["subgroup_category"], rows["subgroup"], strict=True)))
    return sorted(pairs, key=lambda pair: pair != EVERYONE)


def _published(rows: pd.DataFrame, subgroups: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """The cells that leave the warehouse: every level's grades for all students and groups for
    all grades, and the district's grade-by-group cells (when the mart has them). A group a
    level or grade does not have gets a row of 0 (shown withheld), so that its absence tells
    nothing."""
    everyone = _is_everyone(rows)
    shown = everyone | (rows["grade_level"] == "all") | (rows["level"] == DISTRICT_LEVEL)
    published = rows[shown][[*KEYS, "count", "denominator"]]
    grades = published[everyone[shown]][["level", "grade_level"]]
    at_district = published["level"] == DISTRICT_LEVEL
    crossed = (at_district & ~everyone[shown] & (published["grade_level"] != "all")).any()
    grades = grades[
        (grades["grade_level"] == "all") | (crossed & (grades["level"] == DISTRICT_LEVEL))
    ]
    groups = pd.DataFrame(list(subgroups), columns=["subgroup_category", "subgroup"])
    expected = grades.merge(groups, how="cross")
    missing = expected.merge(published[KEYS], on=KEYS, how="left", indicator=True)
    zeros = missing[missing["_merge"] == "left_only"][KEYS].assign(count=0, denominator=0)
    return pd.concat([published, zeros], ignore_index=True)


def _known_rest(rows: pd.DataFrame) -> pd.DataFrame:
    """Per level, grade and additive category, the students the category does not report: all
    students minus its groups (subgroup None). Not published, taken as known."""
    totals = rows[_is_everyone(rows)].set_index(["level", "grade_level"])[["count", "denominator"]]
    parts = rows[rows["subgroup_category"].isin(ADDITIVE_CATEGORIES)]
    sums = parts.groupby(["level", "grade_level", "subgroup_category"])[
        ["count", "denominator"]
    ].sum()
    rest = totals.reindex(sums.index.droplevel("subgroup_category")).set_axis(sums.index) - sums
    if (rest["denominator"] < 0).any():
        raise ValueError("a category's groups have more students than all students")
    rest["count"] = rest["count"].clip(lower=0).clip(upper=rest["denominator"])
    rest = rest[(rest["denominator"] != 0) | (rest["count"] != 0)].reset_index()
    return rest.assign(subgroup=None)


def _families(table, within: list[str], part_key: str, total_label) -> list:
    """One family per combination of `within`: the rows not labelled `total_label` in
    `part_key` add up to the one that is."""
    is_total = (table[part_key] == total_label).to_numpy()
    published = table[table["subgroup"].notna()]
    positions = published.index.to_numpy()
    families = []
    for key, where in published.groupby(within, sort=False).indices.items():
        cells = positions[where]
        totals, parts = cells[is_total[cells]], cells[~is_total[cells]]
        if len(totals) and len(parts):
            families.append(
                (Family(tuple(parts.tolist()), int(totals[0])), (part_key, total_label, key))
            )
    return families


def _group_families(table) -> list:
    """At a level and grade, each additive category's groups and its known rest add up to all
    students."""
    everyone = table[_is_everyone(table)]
    places = zip(everyone["level"], everyone["grade_level"], strict=True)
    total_of = dict(zip(places, everyone.index, strict=True))
    additive = table[table["subgroup_category"].isin(ADDITIVE_CATEGORIES)]
    positions = additive.index.to_numpy()
    families = []
    grouped = additive.groupby(["level", "grade_level", "subgroup_category"], sort=False)
    for (level, grade, category), where in grouped.indices.items():
        total = total_of.get((level, grade))
        if total is not None:
            family = Family(tuple(positions[where].tolist()), int(total))
            families.append((family, (category, level, grade)))
    return families


def _check_adds_up(table, families: list) -> None:
    """The suppression protects cells by these equations: if the data breaks one, it is wrong.
    The first family that breaks (in the order given) is named, its denominators before its
    counts."""
    if not families:
        return
    parts = np.concatenate([np.asarray(family.parts) for family, _ in families])
    owner = np.repeat(np.arange(len(families)), [len(family.parts) for family, _ in families])
    totals = np.array([family.total for family, _ in families])
    sums, wrong = {}, np.zeros(len(families), dtype=bool)
    for column in ("denominator", "count"):
        values = table[column].to_numpy(dtype=np.int64)
        added = np.bincount(owner, weights=values[parts], minlength=len(families))
        sums[column] = (added.astype(np.int64), values[totals])
        wrong |= sums[column][0] != sums[column][1]
    if wrong.any():
        first = int(np.flatnonzero(wrong)[0])
        for column, (added, total) in sums.items():
            if added[first] != total[first]:
                raise ValueError(
                    f"the outcome summary does not add up: {column} of the parts is "
                    f"{added[first]}, not the {total[first]} of the total "
                    f"({_where(families[first][1])}); fix the marts before releasing"
                )


def _where(place: tuple) -> str:
    if len(place) == 3 and isinstance(place[2], tuple):
        part_key, total_label, key = place
        return f"{part_key} {total_label!r} at " + ", ".join(map(str, key))
    category, level, grade = place
    return f"{category} of {level}, grade {grade}"


def _is_everyone(rows: pd.DataFrame) -> pd.Series:
    return (rows["subgroup_category"] == EVERYONE[0]) & (rows["subgroup"] == EVERYONE[1])
