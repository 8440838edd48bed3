"""Suppression of small counts (NCES 2011-603): hand-worked tables, an outsider who subtracts."""

import random

import numpy as np
import pandas as pd
import pytest

from release import complementary
from release.complementary import Family
from release.suppression import (
    NCES_RATE_BANDS,
    RateBand,
    check_rate_bands,
    suppress_counts,
    suppress_crosstab,
    suppress_rates,
)

MINIMUM_N = 10  # the shipped k12_minimum_reporting_n, which the hand-worked cells assume


def peel(published: dict, families: list) -> dict:
    """What an outsider recovers by subtraction alone: any family (parts, total) with exactly one
    unknown cell gives it away; a recovered cell is then used in the other families. Repeats until
    nothing more comes out. `published` maps cell -> value, or None when withheld."""
    known = {cell: value for cell, value in published.items() if value is not None}
    recovered = {}
    progress = True
    while progress:
        progress = False
        for parts, total in families:
            unknown = [cell for cell in [*parts, total] if cell not in known]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            rest = sum(known[part] for part in parts if part != cell)
            known[cell] = known[total] - rest if cell != total else rest
            recovered[cell] = known[cell]
            progress = True
    return recovered


# GIVEN on-track students by grade and program, minimum n 10:
#
#              A     B     C   All
#   grade 9   25     4    30    59      4 < 10: primary
#   grade 10  22    18    27    67
#   grade 11  12    15    20    47
#   All       59    37    77   173
#
# Primary suppression alone publishes "grade 9, B: *" and B = 59 - 25 - 30 = 4 (also 37 - 18 - 15).
# Complementary suppression, one cell per step, the next smallest of a row or column with one
# suppressed cell; of two such, the pick that leaves fewer of them, then the smaller:
#   1. {9B}: column B offers 11B (15), row 9 offers 9A (25); each leaves 2 such lines -> 11B.
#   2. {9B, 11B}: row 9 offers 9A (25), row 11 offers 11A (12, < 11C 20); each leaves 2 -> 11A.
#   3. {9B, 11B, 11A}: row 9 offers 9A, which also closes column A (leaves 0); column A's own
#      next smallest 10A (22) would leave 2 -> 9A.
#   4. every row and column holds 0 or 2 suppressed cells; the linear audit finds none determined:
#      9A + 9B = 29, 11A + 11B = 27, 9A + 11A = 37, 9B + 11B = 19 leave 9B anywhere in 0..19.
#
#              A     B     C   All
#   grade 9    *     *    30    59
#   grade 10  22    18    27    67
#   grade 11   *     *    20    47
#   All       59    37    77   173
PROGRAMS = pd.DataFrame(
    {"A": [25, 22, 12, 59], "B": [4, 18, 15, 37], "C": [30, 27, 20, 77], "All": [59, 67, 47, 173]},
    index=pd.Index(["9", "10", "11", "All"], name="grade_level"),
).rename_axis(columns="program")
GRADES, COLUMNS = ["9", "10", "11", "All"], ["A", "B", "C", "All"]
# rows and columns of the table above, as (parts, total) of (grade, program) cells
LINES = [([(g, c) for c in COLUMNS[:-1]], (g, "All")) for g in GRADES] + [
    ([(g, c) for g in GRADES[:-1]], ("All", c)) for c in COLUMNS
]


def published(result: pd.DataFrame) -> dict:
    return {
        (row.grade_level, row.program): (
            None if pd.isna(row.count_reported) else row.count_reported
        )
        for row in result.itertuples()
    }


def test_cross_tab_primary_and_complementary_cells_as_worked():
    result = suppress_crosstab(PROGRAMS, minimum_n=10)

    reasons = dict(zip(published(result), result["reason"], strict=True))
    assert {cell: reason for cell, reason in reasons.items() if reason} == {
        ("9", "B"): "primary",
        ("9", "A"): "complementary",
        ("11", "A"): "complementary",
        ("11", "B"): "complementary",
    }
    values = published(result)
    assert values[("9", "C")] == 30
    assert values[("10", "A")] == 22
    assert values[("All", "All")] == 173


def test_primary_only_table_gives_the_small_cell_away_and_the_complemented_one_does_not():
    primary_only = {
        (g, c): int(PROGRAMS.loc[g, c]) for g in GRADES for c in COLUMNS if (g, c) != ("9", "B")
    }
    primary_only[("9", "B")] = None
    assert peel(primary_only, LINES) == {("9", "B"): 4}

    assert peel(published(suppress_crosstab(PROGRAMS, minimum_n=10)), LINES) == {}


def test_on_random_tables_subtraction_recovers_no_suppressed_cell():
    rng = np.random.default_rng(20261122)
    for _ in range(40):
        rows, columns = rng.integers(2, 7, size=2)
        body = rng.choice([0, 1, 3, 5, 8, 12, 20, 40, 80], size=(rows, columns))
        table = pd.DataFrame(body).rename(index=str, columns=str)
        table["All"] = table.sum(axis=1)
        table.loc["All"] = table.sum(axis=0)
        table = table.rename_axis(index="grade_level", columns="program")
        lines = [([(g, c) for c in table.columns[:-1]], (g, "All")) for g in table.index] + [
            ([(g, c) for g in table.index[:-1]], ("All", c)) for c in table.columns
        ]
        result = suppress_crosstab(table, minimum_n=10)
        assert (result["reason"] == "primary").sum() == (table.to_numpy() < 10).sum()
        assert peel(published(result), lines) == {}


# GIVEN nine small cells that already hold two or more suppressed cells in every row and column,
# so the singleton rule adds nothing:
#
#         c1  c2  c3  c4  c5  All
#   r1     3   4   2  30  40   79
#   r2     5   6  12  25  35   83
#   r3    20  22   7   8  45  102
#   r4    21  23   6   9  50  109
#   r5    30  31  33  34  60  188
#   All   79  86  60 106 230  561
#
# r1c3 links two closed loops (r1,r2 x c1,c2 and r3,r4 x c3,c4) and is determined all the same:
# (row r1 + row r2) - (column c1 + column c2) = (79-30-40) + (83-12-25-35) - (79-20-21-30)
# - (86-22-23-31) = 9 + 11 - 8 - 10 = 2. The linear audit sees it and hides the smallest visible
# cell of r1's row or c3's column: r2c3 (12; r1c4 30, r1c5 40, r5c3 33). Then r1 + r2 - c1 - c2
# gives r1c3 + r2c3 = 14 only.
LOOPS = pd.DataFrame(
    {
        "c1": [3, 5, 20, 21, 30, 79],
        "c2": [4, 6, 22, 23, 31, 86],
        "c3": [2, 12, 7, 6, 33, 60],
        "c4": [30, 25, 8, 9, 34, 106],
        "c5": [40, 35, 45, 50, 60, 230],
        "All": [79, 83, 102, 109, 188, 561],
    },
    index=pd.Index(["r1", "r2", "r3", "r4", "r5", "All"], name="row"),
).rename_axis(columns="column")


def test_a_cell_determined_by_combining_rows_and_columns_gets_a_complement():
    result = suppress_crosstab(LOOPS, minimum_n=10)

    complementary = result.loc[result["reason"] == "complementary", ["row", "column"]]
    assert [tuple(cell) for cell in complementary.to_numpy()] == [("r2", "c3")]
    assert (result["reason"] == "primary").sum() == 9


# GIVEN on-track rates of one school's race/ethnicity groups under "all students", minimum n 10:
#
#   subgroup        on track / students   rate
#   all_students          41 / 60          68.3% -> "68%"
#   asian                  5 / 7           7 < 10: primary
#   black                 24 / 30          "80%"
#   hispanic              12 / 23          52.2% -> "52%"
#
# Primary alone: asian's 7 = 60 - 30 - 23, and 5 ~ 0.68*60 - 0.80*30 - 0.52*23 = 4.84: 5 of 7.
# Complementary: the family has one suppressed cell, so the next smallest group, hispanic (23).
SCHOOL = pd.DataFrame(
    {
        "subgroup": ["all_students", "asian", "black", "hispanic"],
        "on_track": [41, 5, 24, 12],
        "students": [60, 7, 30, 23],
    }
)


def suppress_school(frame: pd.DataFrame) -> pd.DataFrame:
    return suppress_rates(
        frame,
        keys=["subgroup"],
        count="on_track",
        denominator="students",
        minimum_n=10,
        margins={"subgroup": "all_students"},
    )


def test_rates_primary_and_complementary_as_worked():
    result = suppress_school(SCHOOL).set_index("subgroup")

    assert result["reason"].to_dict() == {
        "all_students": None,
        "asian": "primary",
        "black": None,
        "hispanic": "complementary",
    }
    assert result["rate_reported"].to_dict() == {
        "all_students": "68%",
        "asian": None,
        "black": "80%",
        "hispanic": None,
    }
    assert result["denominator_reported"].tolist() == [60, pd.NA, 30, pd.NA]
    assert list(result.columns) == ["denominator_reported", "rate_reported", "reason"]


# GIVEN a group big enough to report but with no one on track:
#
#   all_students   15 / 50   "30%"
#   asian           0 / 20   "≤10%" (bottom coded)
#   black           6 / 12   "50%"
#   white           9 / 18   "50%"
#
# Coding alone: asian's count = 0.30*50 - 0.50*12 - 0.50*18 = 15 - 6 - 9 = 0, the 0% the code hid.
# So: hide the smallest group not already hidden in the numerators, black (12); black is then the
# only suppressed group, its 12 = 50 - 20 - 18, so the next smallest not suppressed, white (18).
def test_a_coded_rate_that_subtraction_would_reveal_gets_complements():
    frame = pd.DataFrame(
        {
            "subgroup": ["all_students", "asian", "black", "white"],
            "on_track": [15, 0, 6, 9],
            "students": [50, 20, 12, 18],
        }
    )
    result = suppress_school(frame).set_index("subgroup")

    assert result["reason"].to_dict() == {
        "all_students": None,
        "asian": "bottom_coded",
        "black": "complementary",
        "white": "complementary",
    }
    assert result.loc["asian", "rate_reported"] == "≤10%"
    assert result.loc["asian", "denominator_reported"] == 20


# Rates rounded half up to the band's decimals; coded when the rounded rate is at or beyond the
# band's threshold. One row per case: (on track, students, shown, reason).
BOUNDARIES = [
    (0, 9, None, "primary"),  # fewer than 10 students
    (1, 10, "≤10%", "bottom_coded"),  # 10-20: ≤10 / ≥90
    (2, 10, "20%", None),
    (8, 10, "80%", None),
    (9, 10, "≥90%", "top_coded"),
    (10, 10, "≥90%", "top_coded"),
    (2, 20, "≤10%", "bottom_coded"),
    (3, 20, "15%", None),
    (17, 20, "85%", None),
    (18, 20, "≥90%", "top_coded"),
    (1, 21, "≤5%", "bottom_coded"),  # 21-40: ≤5 / ≥95; 1/21 = 4.76%
    (2, 21, "10%", None),
    (19, 21, "90%", None),
    (20, 21, "≥95%", "top_coded"),
    (1, 41, "≤2%", "bottom_coded"),  # 41-100: ≤2 / ≥98; 1/41 = 2.44% -> 2
    (2, 41, "5%", None),
    (39, 41, "95%", None),
    (40, 41, "≥98%", "top_coded"),  # 97.56% -> 98
    (1, 101, "≤1%", "bottom_coded"),  # 101-200: ≤1 / ≥99; 0.99%
    (2, 101, "2%", None),
    (100, 101, "≥99%", "top_coded"),
    (5, 200, "3%", None),  # 2.5% rounds half up (round() would give 2)
    (1, 201, "≤0.5%", "bottom_coded"),  # 201-1000: ≤0.5 / ≥99.5, one decimal; 0.4975%
    (2, 201, "1.0%", None),
    (200, 201, "≥99.5%", "top_coded"),
    (1, 1001, "≤0.1%", "bottom_coded"),  # 1001+: ≤0.1 / ≥99.9; 0.0999%
    (2, 1001, "0.2%", None),
    (999, 1001, "99.8%", None),
    (1000, 1001, "≥99.9%", "top_coded"),
]


def test_top_and_bottom_coding_boundaries():
    frame = pd.DataFrame(BOUNDARIES, columns=["count", "denominator", "shown", "reason"])
    frame["case"] = range(len(frame))
    result = suppress_rates(frame, keys=["case"], minimum_n=10)

    assert result["rate_reported"].tolist() == [shown for _, _, shown, _ in BOUNDARIES]
    assert result["reason"].tolist() == [reason for _, _, _, reason in BOUNDARIES]


def test_one_student_and_all_but_one_are_coded_in_every_group_from_10_to_3000():
    sizes = range(10, 3001)
    cases = [(count, n) for n in sizes for count in (0, 1, n - 1, n)]
    frame = pd.DataFrame(cases, columns=["count", "denominator"]).assign(case=range(len(cases)))
    result = suppress_rates(frame, keys=["case"], minimum_n=10)

    assert result["reason"].tolist() == [
        "bottom_coded",
        "bottom_coded",
        "top_coded",
        "top_coded",
    ] * len(sizes)


@pytest.mark.parametrize(
    ("bands", "minimum_n", "message"),
    [
        # 1/41 = 2.44% rounds to 2, above ≤1: one student of 41 would show as "2%"
        ((RateBand(10, 40, 10, 90, 0), RateBand(41, None, 1, 99, 0)), 10, "one student"),
        ((RateBand(10, 20, 10, 90, 0), RateBand(22, None, 5, 95, 0)), 10, "gap"),
        ((RateBand(10, 20, 10, 90, 0),), 10, "21 students or more"),
        (NCES_RATE_BANDS, 5, "groups of 5"),
    ],
)
def test_rate_bands_that_would_show_one_student_are_refused(bands, minimum_n, message):
    check_rate_bands(NCES_RATE_BANDS, 10)
    with pytest.raises(ValueError, match=message):
        check_rate_bands(bands, minimum_n)


def test_parts_that_do_not_add_up_to_their_total_are_refused():
    # a student without a race/ethnicity group: 7 + 30 + 22 = 59, not 60
    frame = SCHOOL.assign(students=[60, 7, 30, 22], on_track=[40, 5, 24, 11])
    with pytest.raises(ValueError, match="does not add up"):
        suppress_school(frame)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"on_track": [41, 5, 24, 24]}, "larger than"),
        ({"subgroup": ["all_students", "asian", "asian", "hispanic"]}, "one row each"),
        ({"students": [60, -7, 30, 23]}, "nothing negative"),
        ({"students": [60.0, 7.5, 30.0, 23.0]}, "whole numbers"),
    ],
)
def test_tables_that_are_not_counts_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        suppress_school(SCHOOL.assign(**change))


def test_inputs_are_not_modified_and_only_publishable_columns_come_out():
    frame = SCHOOL.assign(school_id="S1", note="internal")
    before = frame.copy()
    result = suppress_rates(
        frame,
        keys=["school_id", "subgroup"],
        count="on_track",
        denominator="students",
        margins={"subgroup": "all_students"},
        minimum_n=MINIMUM_N,
    )
    pd.testing.assert_frame_equal(frame, before)
    assert list(result.columns) == [
        "school_id",
        "subgroup",
        "denominator_reported",
        "rate_reported",
        "reason",
    ]

    counts = pd.DataFrame({"grade": ["9", "10", "all"], "n": [3, 40, 43]})
    kept = counts.copy()
    out = suppress_counts(
        counts, keys=["grade"], count="n", margins={"grade": "all"}, minimum_n=MINIMUM_N
    )
    pd.testing.assert_frame_equal(counts, kept)
    # 3 < 10 is primary; its only sibling (40) is the complement; the total stays
    assert out["reason"].tolist() == ["primary", "complementary", None]
    assert out["count_reported"].tolist() == [pd.NA, pd.NA, 43]


def test_suppressed_cells_that_add_up_to_zero_get_one_more():
    # two empty groups (both < 10, so primary) would be known to be 0 and 0: 50 - 20 - 30 = 0
    counts = pd.DataFrame({"group": ["a", "b", "c", "d", "all"], "n": [0, 0, 20, 30, 50]})
    out = suppress_counts(
        counts, keys=["group"], count="n", margins={"group": "all"}, minimum_n=MINIMUM_N
    )
    assert out["reason"].tolist() == ["primary", "primary", "complementary", None, None]


def test_random_families_leave_no_hidden_cell_determined(monkeypatch):
    """Random families over a dozen cells, some pinning a cell only in combination (every family
    holding it hidden): whenever the suppression returns, no hidden cell can be solved for. A
    structure that pins a cell whatever is hidden (two families differing by one part) is
    refused, never returned with the cell exposed."""
    freed = []
    pick = complementary._freeing_pick
    monkeypatch.setattr(
        complementary, "_freeing_pick", lambda *args: freed.append(args[0]) or pick(*args)
    )
    returned = 0
    for seed in range(400):
        rng = random.Random(seed)
        n = rng.randint(5, 12)
        sizes = [rng.choice([0, 3, 5, 12, 20, 40]) for _ in range(n)]
        families = []
        for _ in range(rng.randint(2, 5)):
            members = rng.sample(range(n), rng.randint(2, 4))
            families.append(Family(tuple(members[:-1]), members[-1]))
        primary = {cell for cell in range(n) if sizes[cell] < 10}
        try:
            added = complementary.complementary_cells(families, sizes, [primary])
        except ValueError:
            continue
        returned += 1
        assert _solvable(families, primary | added) == [], seed
    assert returned > 300 and freed  # the combination path ran


def _solvable(families, hidden) -> list[int]:
    """Hidden cells whose unit vector lies in the row space of the families' equations over the
    hidden cells (rank test, independent of the module's null-space audit)."""
    unknown = sorted(hidden)
    column = {cell: j for j, cell in enumerate(unknown)}
    rows = []
    for family in families:
        row = np.zeros(len(unknown))
        for part in family.parts:
            if part in column:
                row[column[part]] += 1
        if family.total in column:
            row[column[family.total]] -= 1
        rows.append(row)
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    return [
        cell
        for cell, j in column.items()
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknown))[j]])) == rank
    ]
