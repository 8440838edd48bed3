"""Suppression against the previous release at state scale (issue 13): history costs a bounded
multiple of suppression alone, and the two releases together still give no withheld cell away.

GIVEN the synthetic high schools of test_suppression_scale.py, released once, and the cells of a
later release of the same year: the same students but for some moved (0.1% of the student cells
a night later, at 2,000 schools; 10% months later, at 200)
WHEN `suppress_levels` suppresses the later cells alone and against the earlier release, timed
in CPU seconds in the same run
THEN with history takes at most 5 times as long as alone a night later (measured 1.7x, as before
the search kept its audit column by column) and at most 30 times months later (measured 13-16x;
500x before, 24 CPU-s against 0.05); an outsider holding both releases, whose equations are
written here from the keys and solved by the from-scratch elimination
(`release.complementary_audit.determined`, not the search's audit), determines no withheld
denominator; and the previous release changed what was withheld. The audit is shown to bite on
the hand-worked October and January of test_suppression_history.py.

Months later is run at 200 schools because at 2,000 the search refuses it (PinnedCellError: a
top-coded cell's numerator follows from the two releases whatever is hidden), before and after
this change alike: reported in issue 13, not decided here.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from release.complementary import Family
from release.complementary_audit import determined
from release.level_suppression import DISTRICT_LEVEL as DISTRICT
from release.level_suppression import KEYS, suppress_levels
from tests.release.test_suppression_history import JANUARY, OCTOBER, _district
from tests.release.test_suppression_scale import (
    MINIMUM_N,
    _families,
    published_levels,
    synthetic_students,
)

# history's cost as a multiple of suppression alone, measured in the same run. Months later the
# rest of the multiple is the search starting again each time complements turn out pinned by the
# previous release (15 times in this case)
HISTORY_BOUND = 5
MONTHS_LATER_BOUND = 30
NIGHT_LATER = 0.001  # of the student cells (school, grade, race, sex, flag) that moved
MONTHS_LATER = 0.1


def moved_students(students: pd.DataFrame, seed: int, share: float) -> pd.DataFrame:
    """The same students later: a `share` of cells gained or lost one or two students."""
    rng = np.random.default_rng(seed)
    moved = students.copy()
    change = rng.random(len(moved)) < share
    delta = rng.choice([-2, -1, 1, 2], size=len(moved))
    moved["denominator"] = np.maximum(0, moved["denominator"] + np.where(change, delta, 0))
    moved["count"] = np.minimum(moved["count"], moved["denominator"])
    return moved


def _cpu_seconds(table: pd.DataFrame, previous: pd.DataFrame | None) -> float:
    started = time.process_time()
    suppress_levels(table, MINIMUM_N, previous=previous)
    return time.process_time() - started


def test_history_costs_a_small_multiple_at_two_thousand_schools_and_leaks_nothing():
    _suppress_twice_and_audit(2000, NIGHT_LATER, HISTORY_BOUND, seed=3)


def test_history_months_later_costs_a_bounded_multiple_and_leaks_nothing():
    _suppress_twice_and_audit(200, MONTHS_LATER, MONTHS_LATER_BOUND, seed=4)


def _suppress_twice_and_audit(schools: int, moved_share: float, bound: float, seed: int) -> None:
    students = synthetic_students(schools, seed=2)
    before = suppress_levels(published_levels(students), MINIMUM_N)
    previous = before[[*KEYS, "denominator_reported", "rate_reported"]]
    now = published_levels(moved_students(students, seed, moved_share))

    # interleaved, best of three: the ratio of one run on a shared machine
    alone_seconds, history_seconds = [], []
    for _ in range(3):
        alone_seconds.append(_cpu_seconds(now, None))
        history_seconds.append(_cpu_seconds(now, previous))
    ratio = min(history_seconds) / min(alone_seconds)
    print(f"alone {min(alone_seconds):.3f} CPU-s, with history {min(history_seconds):.3f}")
    assert ratio <= bound

    alone = suppress_levels(now, MINIMUM_N)
    result = suppress_levels(now, MINIMUM_N, previous=previous)
    # history did change the release: it withholds other cells than suppression alone
    assert (result["reason"] != alone["reason"]).sum() > 0
    assert _recoverable(previous, result) == []


def test_the_two_release_audit_finds_what_the_hand_worked_january_gives_away():
    # test_suppression_history's October and January: January alone withholds Black and, as its
    # complement, Hispanic, which October showed with the value it has now: Black = 59 - 31 - 19
    october = suppress_levels(_district(OCTOBER), MINIMUM_N)
    previous = october[[*KEYS, "denominator_reported", "rate_reported"]]
    alone = suppress_levels(_district(JANUARY), MINIMUM_N)
    assert _recoverable(previous, alone) == [(DISTRICT, "black")]
    assert _recoverable(previous.assign(denominator_reported=None), alone) == []  # not alone
    january = suppress_levels(_district(JANUARY), MINIMUM_N, previous=previous)
    assert _recoverable(previous, january) == []


def _recoverable(previous: pd.DataFrame, now: pd.DataFrame) -> list[tuple]:
    """Denominators withheld in `now` that an outsider holding `previous` too solves for.
    Unknowns: the cells withheld now but for those `previous` showed with the value they have
    now. Equations, from the keys (test_suppression_scale's families): each family over the
    unknowns; and each family again over last night's values, whose unknowns are the cells
    hidden in both (taken as unchanged: the worst case), when that equation holds (a family of
    race groups, whose unreported students are known but not published, always kept)."""
    keyed = now.merge(previous, on=KEYS, how="left", suffixes=("", "_before"))
    before = keyed["denominator_reported_before"].to_numpy(dtype=float)
    value = keyed["denominator"].to_numpy()
    hidden_before = np.isnan(before)
    withheld = keyed["reason"].isin(["primary", "complementary"]).to_numpy()
    unknown = set(np.flatnonzero(withheld & (hidden_before | (before != value))).tolist())
    now_families = [Family(tuple(parts), total) for parts, total in _families(keyed)]
    old_value = np.where(hidden_before, value, before)
    is_race = (keyed["subgroup_category"] == "race_ethnicity").to_numpy()
    then_families = [
        Family(
            tuple(p for p in family.parts if hidden_before[p]),
            family.total if hidden_before[family.total] else None,
        )
        for family in now_families
        if is_race[family.parts[0]]
        or old_value[list(family.parts)].sum() == old_value[family.total]
    ]
    found = determined(now_families + then_families, unknown)
    keys = keyed[["level", "subgroup"]].to_numpy()
    return [tuple(keys[cell]) for cell in found]
