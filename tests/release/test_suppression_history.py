"""Suppression across releases (issue 15): an October and a January packet of the same year.

GIVEN the cells the previous release of the same measure and year published
WHEN this release's cells are suppressed with them (`suppress_levels(..., previous=...)`)
THEN a cell withheld now cannot be worked out from the two releases together, where without them
it can: an outsider takes a cell published before as still true, and a cell hidden in both as
unchanged (the worst case), and solves the two releases' equations.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest

from release.bi_exports import BI_FOLDER, DISTRICT_FILE, KEY, MEASURE_COLUMNS, SCHOOL_FILE
from release.exports import latest_release_info
from release.level_suppression import DISTRICT_LEVEL as D
from release.level_suppression import KEYS, suppress_levels
from release.previous_release import published_cells
from release.release_run import SUPPRESSED_AGAINST
from tests.release.test_release_run import RUN_1, RUN_2, gate_tables, publish

RACE = "race_ethnicity"
MINIMUM_N = 10


def _district(groups: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """All students and race groups of the district, all grades: (count, denominator)."""
    everyone = tuple(map(sum, zip(*groups.values(), strict=True)))
    rows = [(D, "all", "all_students", "all_students", *everyone)]
    rows += [(D, "all", RACE, group, *cell) for group, cell in groups.items()]
    return pd.DataFrame(rows, columns=[*KEYS, "count", "denominator"])


def _published(result: pd.DataFrame) -> pd.DataFrame:
    return result[[*KEYS, "denominator_reported", "rate_reported"]]


def _shown(result: pd.DataFrame) -> dict:
    return {row.subgroup: row.reason or row.rate_reported for row in result.itertuples()}


# GIVEN October: all 60 students, Black 11, White 30, Hispanic 19: every cell shown.
#       January: all 59, Black 9 (two left), White 31 (one came), Hispanic 19 (unchanged).
# January alone withholds Black (9 < 10) and, as its complement, the next smallest group,
# Hispanic (19). But October showed Hispanic 19, and nothing says it moved: 59 - 31 - 19 = 9,
# Black's withheld count. With October's cells, Hispanic is known (published with the value it
# has now), so hiding it protects nothing: the complement is White (31, which has moved). Then
# January shows all 59 and Hispanic 19: Black + White = 40, and October's White (30) or Black
# (11) give 10 or 29, not the true 9 and 31.
OCTOBER = {"black": (6, 11), "white": (15, 30), "hispanic": (9, 19)}
JANUARY = {"black": (5, 9), "white": (16, 31), "hispanic": (9, 19)}


def test_a_group_that_fell_below_n_is_not_given_away_by_the_previous_release():
    october = suppress_levels(_district(OCTOBER), MINIMUM_N)
    assert set(october["reason"]) == {None}  # everything shown in October

    alone = suppress_levels(_district(JANUARY), MINIMUM_N)
    assert _shown(alone) == {
        "all_students": "51%",  # 30 of 59
        "black": "primary",
        "white": "52%",  # 16 of 31
        "hispanic": "complementary",
    }
    # the leak: all students and White from January, Hispanic from October
    assert JANUARY["black"][1] == 59 - 31 - 19
    assert _recoverable(_published(october), alone) == ["black"]

    january = suppress_levels(_district(JANUARY), MINIMUM_N, previous=_published(october))
    assert _shown(january) == {
        "all_students": "51%",
        "black": "primary",
        "white": "complementary",
        "hispanic": "47%",  # 9 of 19, as in October
    }
    assert JANUARY["black"][1] != 59 - 19 - 30  # October's White is no longer true
    assert _recoverable(_published(october), january) == []


# GIVEN October: Asian 4 (withheld) with Hispanic 12 as its complement; Black 25, White 30.
#       January: Asian 4 (unchanged), Black 9 (now withheld), White 31, Hispanic 12.
# January alone withholds Asian and Black: two hidden cells in the family, which looks safe. But
# October's family says Asian + Hispanic = 71 - 25 - 30 = 16, and January shows Hispanic 12: so
# Asian is 4, if unchanged, and Black = 56 - 31 - 12 - 4 = 9. With October's cells, the family
# over October's values is a second equation whose unknowns are the cells hidden in both
# releases (Asian alone): Hispanic is hidden again, and then Asian + Hispanic = 16 and
# Asian + Black + Hispanic = 25 give Black = 9, so White is hidden too.
OCTOBER_WITH_ASIAN = {"asian": (2, 4), "black": (12, 25), "white": (15, 30), "hispanic": (6, 12)}
JANUARY_WITH_ASIAN = {"asian": (2, 4), "black": (5, 9), "white": (16, 31), "hispanic": (6, 12)}


def test_a_cell_hidden_in_both_releases_keeps_its_old_complement():
    october = suppress_levels(_district(OCTOBER_WITH_ASIAN), MINIMUM_N)
    assert _shown(october)["asian"] == "primary"
    assert _shown(october)["hispanic"] == "complementary"

    alone = suppress_levels(_district(JANUARY_WITH_ASIAN), MINIMUM_N)
    assert {k for k, v in _shown(alone).items() if v in ("primary", "complementary")} == {
        "asian",
        "black",
    }
    assert 71 - 25 - 30 - 12 == 4 and 56 - 31 - 12 - 4 == 9  # the outsider's arithmetic
    assert _recoverable(_published(october), alone) == ["asian", "black"]

    january = suppress_levels(
        _district(JANUARY_WITH_ASIAN), MINIMUM_N, previous=_published(october)
    )
    assert _shown(january) == {
        "all_students": "52%",  # 29 of 56
        "asian": "primary",
        "black": "primary",
        "white": "complementary",
        "hispanic": "complementary",
    }
    assert _recoverable(_published(october), january) == []


def test_a_previous_release_that_lists_a_cell_twice_is_refused():
    october = _published(suppress_levels(_district(OCTOBER), MINIMUM_N))
    with pytest.raises(ValueError, match="twice"):
        suppress_levels(
            _district(JANUARY), MINIMUM_N, previous=pd.concat([october, october.iloc[:1]])
        )


@pytest.mark.parametrize("seed", range(20))
def test_no_cell_of_a_random_district_is_recoverable_from_two_releases(seed):
    """Schools and their district, October and then January with a few students moved; the
    denominators an outsider solves for with both releases."""
    rng = random.Random(seed)
    schools = [f"S{i}" for i in range(rng.randint(2, 4))]
    groups = ["hispanic", "white", "black", "asian"]
    october = {(s, g): rng.choice([3, 6, 9, 11, 12, 14, 25, 40]) for s in schools for g in groups}
    january = dict(october)
    for cell in rng.sample(sorted(october), 3):
        january[cell] = max(0, january[cell] + rng.choice([-3, -2, -1, 1, 2]))
    before = suppress_levels(_levels(october, groups), MINIMUM_N)
    alone = suppress_levels(_levels(january, groups), MINIMUM_N)
    after = suppress_levels(_levels(january, groups), MINIMUM_N, previous=_published(before))
    assert _recoverable(_published(before), after) == []
    _LEAKS_WITHOUT_HISTORY.append(bool(_recoverable(_published(before), alone)))


_LEAKS_WITHOUT_HISTORY: list[bool] = []


def test_the_random_districts_would_leak_without_the_previous_release():
    # runs after the parametrized test above (pytest keeps file order): the check bites
    assert len(_LEAKS_WITHOUT_HISTORY) == 20 and sum(_LEAKS_WITHOUT_HISTORY) >= 3


def _levels(counts: dict, groups: list[str]) -> pd.DataFrame:
    """Every school's and the district's race groups and all students: (half, rounded down, of
    the students; the students)."""
    rows = []
    levels = sorted({school for school, _ in counts})
    for level in [*levels, D]:
        cells = {
            g: [
                (n // 2, n)
                for (school, group), n in counts.items()
                if group == g and level in (school, D)
            ]
            for g in groups
        }
        cells = {g: tuple(map(sum, zip(*pairs, strict=True))) for g, pairs in cells.items()}
        everyone = tuple(map(sum, zip(*cells.values(), strict=True)))
        rows.append((level, "all", "all_students", "all_students", *everyone))
        rows += [(level, "all", RACE, g, *cell) for g, cell in cells.items()]
    return pd.DataFrame(rows, columns=[*KEYS, "count", "denominator"])


def _recoverable(before: pd.DataFrame, now: pd.DataFrame) -> list[str]:
    """Withheld denominators of `now` an outsider solves for with `before` too. Unknowns: the
    cells withheld now, but for those `before` published with the value they have now.
    Equations, written from the keys: at each level the groups add up to all students, and each
    group's schools add up to the district; once over this release's hidden cells, once over the
    cells hidden in both (a cell shown in one of them is a known constant in that equation), when
    that equation holds."""
    key = list(zip(now["level"], now["subgroup"], strict=True))
    shown_before = dict(zip(zip(before["level"], before["subgroup"], strict=True),
                            before["denominator_reported"], strict=True))  # fmt: skip
    value = dict(zip(key, now["denominator"], strict=True))
    withheld = now["reason"].isin(["primary", "complementary"])
    hidden = {k for k, h in zip(key, withheld, strict=True) if h}
    hidden_before = {k for k in key if pd.isna(shown_before.get(k, pd.NA))}
    # a cell shown before with the value it has now is known
    unknown = sorted(k for k in hidden if k in hidden_before or shown_before[k] != value[k])
    column = {k: j for j, k in enumerate(unknown)}
    families = []
    levels = sorted({level for level, _ in key})
    groups = sorted({group for _, group in key} - {"all_students"})
    for level in levels:
        families.append(([(level, g) for g in groups], (level, "all_students")))
    schools = [level for level in levels if level != D]
    for group in [*groups, "all_students"] if schools else []:
        families.append(([(school, group) for school in schools], (D, group)))
    rows = []
    for parts, total in families:
        signed = [*((p, 1) for p in parts), (total, -1)]
        # the old equation, with the cells hidden then taken as unchanged, holds for the values of
        # now; if not, one of them has changed and it tells the outsider nothing true
        holds = not sum(sign * (value[c] if c in hidden_before else shown_before[c])
                        for c, sign in signed)  # fmt: skip
        for unknowns in (set(unknown), set(unknown) & hidden_before if holds else set()):
            row = np.zeros(len(unknown))
            for cell, sign in signed:
                if cell in unknowns:
                    row[column[cell]] += sign
            rows.append(row)
    if not unknown:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    solved = [
        k
        for k, j in column.items()
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknown))[j]])) == rank
    ]
    return sorted(group for level, group in solved)


def _bi_file(path, rows: list[dict], school: bool) -> None:
    """A BI file of `rows`; a measure a row does not give is not available there."""
    columns = ["school_year", *(["school_id"] if school else []), *KEY[1:], *MEASURE_COLUMNS]
    absent = {c: "not_available" if c.endswith("_reason") else "" for c in MEASURE_COLUMNS}
    frame = pd.DataFrame([{**absent, **row} for row in rows], columns=columns, dtype=object)
    frame.to_csv(path, index=False)


def test_a_release_is_read_back_as_its_bi_files_show_it(tmp_path):
    # GIVEN a release's BI files: the district's all students (on track 85% of 40) and its Black
    # group withheld; school A's all students (80% of 20); advanced coursework not available
    (tmp_path / BI_FOLDER).mkdir()
    district = {"school_year": "2026", "grade_level": "all", "subgroup_category": RACE,
                "subgroup": "black", "on_track_n": "*", "on_track_rate": "*",
                "on_track_reason": "primary"}  # fmt: skip
    everyone = {"grade_level": "all", "subgroup_category": "all_students",
                "subgroup": "all_students"}  # fmt: skip
    rows = [{"school_year": "2026", **everyone, "on_track_n": "40", "on_track_rate": "85%",
             "on_track_reason": "", "advanced_coursework_n": "40",
             "advanced_coursework_rate": "20%", "advanced_coursework_reason": ""}]  # fmt: skip
    _bi_file(tmp_path / BI_FOLDER / DISTRICT_FILE, [*rows, district], school=False)
    school = {"school_year": "2026", "school_id": "A", **everyone, "on_track_n": "20",
              "on_track_rate": "80%", "on_track_reason": ""}  # fmt: skip
    _bi_file(tmp_path / BI_FOLDER / SCHOOL_FILE, [school], school=True)

    cells = published_cells(tmp_path, 2026)
    on_track = cells["on_track"].astype(object).where(cells["on_track"].notna(), None)
    assert on_track.to_dict("records") == [
        {"level": D, **everyone, "denominator_reported": 40, "rate_reported": "85%"},
        {"level": D, "grade_level": "all", "subgroup_category": RACE, "subgroup": "black",
         "denominator_reported": None, "rate_reported": None},
        {"level": "A", **everyone, "denominator_reported": 20, "rate_reported": "80%"},
    ]  # fmt: skip
    assert len(cells["advanced_coursework"]) == 1  # only the district's is available
    assert published_cells(tmp_path, 2025) is None  # another year's release says nothing

    _bi_file(tmp_path / BI_FOLDER / SCHOOL_FILE, [{**school, "on_track_n": "2O"}], school=True)
    with pytest.raises(ValueError, match=r"school_outcomes.csv, line 2, column 'on_track_n'"):
        published_cells(tmp_path, 2026)


def test_the_next_release_of_the_year_is_suppressed_against_the_last(packet_con, tmp_path):
    # GIVEN the packet warehouse released once; WHEN it is released again (nothing changed)
    # THEN the second release names the first as the one it took as known, shows the same
    # cells, and the exports read the same previous cells to suppress the year alike
    releases = tmp_path / "releases"
    first = publish(packet_con, releases, gate_tables(), started_at=RUN_1)
    second = publish(packet_con, releases, gate_tables(), started_at=RUN_2)

    manifests = [json.loads((r.path / "manifest.json").read_text()) for r in (first, second)]
    assert manifests[0][SUPPRESSED_AGAINST] is None
    assert manifests[1][SUPPRESSED_AGAINST] == first.release_id
    for name in (DISTRICT_FILE, SCHOOL_FILE):
        before = (first.path / BI_FOLDER / name).read_text()
        assert (second.path / BI_FOLDER / name).read_text() == before
        assert "primary" in before  # a withheld cell is carried over, not only shown ones
    info = latest_release_info(releases, "run-2", {})
    expected = published_cells(first.path, first.school_year)
    assert set(info.previous_cells) == set(expected)
    for measure, frame in expected.items():
        pd.testing.assert_frame_equal(info.previous_cells[measure], frame)
