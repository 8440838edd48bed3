"""GIVEN outcome cells of several schools and their district, published side by side
WHEN `suppress_levels` suppresses them as one table
THEN no withheld cell can be worked out, not even as the district minus the other schools; the
students a category does not report are known and never chosen as a complement; a school with
nobody in a measure is left out; and rows that do not add up are refused, naming the group."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from release.level_suppression import DISTRICT_LEVEL as D
from release.level_suppression import suppress_levels

COLUMNS = ["level", "grade_level", "subgroup_category", "subgroup", "count", "denominator"]
RACE = "race_ethnicity"


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _reasons(result: pd.DataFrame) -> dict:
    return {
        (row["level"], row["subgroup"]): row["reason"] or row["rate_reported"]
        for row in result.to_dict("records")
    }


def test_a_school_cell_cannot_be_recovered_as_the_district_minus_the_other_schools():
    # GIVEN Black students A 4, B 15, C 20 (district 39) and White 26, 25, 30 (81), no grades.
    # A's Black is withheld (4 < 10). Alone, it is 30 - 26 at A, and 39 - 15 - 20 across
    # schools. Of the two cells that would close one equation each, B's Black (15) is smaller;
    # then B's race family gives B's Black away (40 - 25): B's White (25) is smaller than A's
    # White (26); last, A's White closes both A's race family and the White schools at once.
    # The four hidden cells form a rectangle: a_b + a_w = 30, b_b + b_w = 40, a_b + b_b = 19,
    # a_w + b_w = 51 have one degree of freedom, so none is determined.
    rows = []
    for level, (black, white) in {
        "A": ((2, 4), (13, 26)),
        "B": ((8, 15), (12, 25)),
        "C": ((10, 20), (15, 30)),
        D: ((20, 39), (40, 81)),
    }.items():
        everyone = (black[0] + white[0], black[1] + white[1])
        rows += [
            (level, "all", "all_students", "all_students", *everyone),
            (level, "all", RACE, "black", *black),
            (level, "all", RACE, "white", *white),
        ]
    reasons = _reasons(suppress_levels(_table(rows), minimum_n=10))
    assert reasons == {
        ("A", "all_students"): "50%",  # 15 of 30
        ("A", "black"): "primary",
        ("A", "white"): "complementary",
        ("B", "all_students"): "50%",  # 20 of 40
        ("B", "black"): "complementary",
        ("B", "white"): "complementary",
        ("C", "all_students"): "50%",
        ("C", "black"): "50%",
        ("C", "white"): "50%",
        (D, "all_students"): "50%",  # 60 of 120
        (D, "black"): "51%",  # 20 of 39 = 51.3%
        (D, "white"): "49%",  # 40 of 81 = 49.4%
    }


def test_the_students_of_no_reported_race_are_known_and_never_the_complement():
    # GIVEN all students 14 of 40, Asian 4 of 7, White 6 of 20: 13 students of no reported race.
    # Asian is withheld. The 13 are not published, but an outsider is taken to know them, so
    # hiding them would protect nothing: White (30%) is withheld as the complement.
    rows = [
        (D, "all", "all_students", "all_students", 14, 40),
        (D, "all", RACE, "asian", 4, 7),
        (D, "all", RACE, "white", 6, 20),
    ]
    reasons = _reasons(suppress_levels(_table(rows), minimum_n=10))
    assert reasons == {
        (D, "all_students"): "35%",
        (D, "asian"): "primary",
        (D, "white"): "complementary",
    }
    # With White 6 of 8 both groups are small, two cells are hidden, nothing more: 12 of 30 = 40%
    rows = [(*rows[0][:4], 12, 30), rows[1], (*rows[2][:4], 6, 8)]
    reasons = _reasons(suppress_levels(_table(rows), minimum_n=10))
    assert reasons == {(D, "all_students"): "40%", (D, "asian"): "primary", (D, "white"): "primary"}


def test_a_school_with_nobody_in_the_measure_is_left_out_not_withheld():
    # An elementary school has 0 students judged for on track: no cell of it is shown, and its
    # zeros do not make the district's or the high school's cells look like a lone hidden part.
    rows = [
        ("ELEM", "all", "all_students", "all_students", 0, 0),
        ("HIGH", "all", "all_students", "all_students", 30, 40),
        (D, "all", "all_students", "all_students", 30, 40),
    ]
    result = suppress_levels(_table(rows), minimum_n=10)
    assert _reasons(result) == {("HIGH", "all_students"): "75%", (D, "all_students"): "75%"}


def test_rows_that_do_not_add_up_are_refused_naming_the_group():
    rows = [
        ("A", "all", "all_students", "all_students", 10, 20),
        ("B", "all", "all_students", "all_students", 10, 20),
        (D, "all", "all_students", "all_students", 20, 41),
    ]
    with pytest.raises(
        ValueError, match=r"denominator of the parts is 40, not the 41 .*all_students"
    ):
        suppress_levels(_table(rows), minimum_n=10)


def test_chronic_absence_may_differ_from_the_district_where_other_measures_may_not():
    # The district judges all of a mover's days: 21 absent of 41 eligible, where the schools
    # count 20 of 40 (a student with too few days at either school is eligible only in total).
    rows = [
        ("A", "all", "all_students", "all_students", 10, 20),
        ("B", "all", "all_students", "all_students", 10, 20),
        (D, "all", "all_students", "all_students", 21, 41),
    ]
    with pytest.raises(ValueError, match="denominator of the parts is 40, not the 41"):
        suppress_levels(_table(rows), minimum_n=10)
    result = suppress_levels(_table(rows), minimum_n=10, exact_district=False)
    assert _reasons(result)[(D, "all_students")] == "51%"  # 21 of 41 = 51.2%


def test_a_group_with_no_rows_by_grade_is_filled_with_zeros_and_stays_protected():
    # GIVEN one high school S, so every school cell equals the district's, and a Pacific
    # Islander group the mart lists for all grades (0 students) but in no grade. Without rows
    # of 0 by grade, the 0 would follow from all students less the other groups by grade: the
    # suppression must fill them, withhold them all, and leave nothing an outsider can solve.
    rows = []
    by_grade = {"09": {"hispanic": (20, 30), "white": (6, 10)}, "10": {"hispanic": (18, 25),
                "white": (7, 10)}}  # fmt: skip
    for level in ("S", D):
        for grade, groups in by_grade.items():
            everyone = tuple(map(sum, zip(*groups.values(), strict=True)))
            rows.append((level, grade, "all_students", "all_students", *everyone))
            if level == D:
                rows += [(D, grade, RACE, group, *cell) for group, cell in groups.items()]
        rows += [
            (level, "all", "all_students", "all_students", 51, 75),
            (level, "all", RACE, "hispanic", 38, 55),
            (level, "all", RACE, "white", 13, 20),
            (level, "all", RACE, "pacific_islander", 0, 0),
        ]
    result = suppress_levels(_table(rows), minimum_n=10)
    islanders = result[result["subgroup"] == "pacific_islander"]
    assert sorted(islanders["grade_level"]) == ["09", "10", "all", "all"]  # two rows of 0 added
    assert set(islanders["reason"]) == {"primary"}
    hidden = [r not in (None, "top_coded", "bottom_coded") for r in result["reason"]]
    assert _solvable(result, hidden) == []
    # the district's 09 white (10) and hispanic are not small, yet the 0s leave them shown
    shown = result[result["reason"].isna()]
    assert {(r.level, r.grade_level, r.subgroup) for r in shown.itertuples()} >= {
        (D, "09", "hispanic"),
        (D, "all", "all_students"),
        ("S", "all", "all_students"),
    }


@pytest.mark.parametrize("seed", range(25))
def test_no_withheld_cell_of_a_random_district_can_be_solved_for(seed):
    """Random districts of 2 to 5 high schools, students drawn by grade, race (some not
    reported), sex and a flag; the cells a release publishes are suppressed, then an outsider's
    equations (worked out here from the keys, not from the module's families) are solved."""
    rng = random.Random(seed)
    students = []
    for school in [f"S{i}" for i in range(rng.randint(2, 5))]:
        for _ in range(rng.randint(25, 160)):
            race = rng.choices(["hispanic", "white", "black", "asian", None], [8, 6, 3, 1, 1])[0]
            students.append(
                {
                    "school": school,
                    "grade": rng.choice(["09", "10", "11", "12"]),
                    "race": race,
                    "sex": rng.choice(["F", "M"]),
                    "flag": rng.random() < 0.15,
                    "on_track": rng.random() < rng.choice([0.5, 0.97]),
                }
            )
    frame = pd.DataFrame(students)
    table = _published_cells(frame)
    result = suppress_levels(table, minimum_n=10)
    assert len(result) == len(table)
    hidden_n = [r not in (None, "top_coded", "bottom_coded") for r in result["reason"]]
    hidden_count = [r is not None for r in result["reason"]]
    for hidden in (hidden_n, hidden_count):
        assert _solvable(result, hidden) == []


def _published_cells(students: pd.DataFrame) -> pd.DataFrame:
    """Each school's and the district's cells: grades for everyone, groups for all grades, and
    the district's grade-by-group cells."""
    rows = []
    everyone = [("all_students", "all_students", lambda s: s.index == s.index)]
    groups = (
        everyone
        + [
            (RACE, r, lambda s, r=r: s["race"] == r)
            for r in ("hispanic", "white", "black", "asian")
        ]
        + [("sex", x, lambda s, x=x: s["sex"] == x) for x in ("F", "M")]
        + [("flag", "flag", lambda s: s["flag"])]
    )
    levels = [(s, students[students["school"] == s]) for s in sorted(set(students["school"]))]
    for level, own in [*levels, (D, students)]:
        for grade in ["09", "10", "11", "12", "all"]:
            in_grade = own if grade == "all" else own[own["grade"] == grade]
            for category, subgroup, member in groups:
                if grade != "all" and category != "all_students" and level != D:
                    continue
                chosen = in_grade[member(in_grade)]
                count, n = int(chosen["on_track"].sum()), len(chosen)
                rows.append((level, grade, category, subgroup, count, n))
    return _table(rows)


def _solvable(result: pd.DataFrame, hidden: list[bool]) -> list[tuple]:
    """Withheld cells an outsider can solve for: cell i is determined when the unit vector e_i
    lies in the row space of the equations restricted to the withheld cells."""
    keys = list(zip(result["level"], result["grade_level"], result["subgroup_category"],
                    result["subgroup"], strict=True))  # fmt: skip
    position = {key: i for i, key in enumerate(keys)}
    unknown = [i for i, h in enumerate(hidden) if h]
    column = {cell: j for j, cell in enumerate(unknown)}
    equations = []

    def equation(parts, total):
        members = [position[p] for p in parts if p in position]
        if total not in position or not members:
            return
        row = np.zeros(len(unknown))
        for member in members:
            if member in column:
                row[column[member]] += 1
        if position[total] in column:
            row[column[position[total]]] -= 1
        equations.append(row)

    levels = sorted({key[0] for key in keys})
    groups = sorted({key[2:] for key in keys})
    grades = ["09", "10", "11", "12"]
    for level, group in itertools.product(levels, groups):
        equation([(level, g, *group) for g in grades], (level, "all", *group))
    for level, grade in itertools.product(levels, [*grades, "all"]):
        everyone = (level, grade, "all_students", "all_students")
        for category in (RACE, "sex"):  # the race family's unreported students are known
            equation([(level, grade, c, s) for c, s in groups if c == category], everyone)
    schools = [level for level in levels if level != D]
    for grade, group in itertools.product([*grades, "all"], groups):
        equation([(s, grade, *group) for s in schools], (D, grade, *group))
    if not unknown or not equations:
        return []
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    solvable = []
    for cell, j in column.items():
        unit = np.zeros(len(unknown))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            solvable.append(keys[cell])
    return solvable
