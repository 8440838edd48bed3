"""Attendance events (non-present only) and discipline incidents of one year's spells.

Each student has a daily absence propensity (gamma distributed, mean ~3% in the richest zones to
~10% in the poorest, higher for students with disabilities, in kindergarten and in high school), so
chronic absence (missing 10% or more of enrolled days) ranges from ~10% to ~35% across schools.
About 10% of absences are half days; tardies are frequent and count 0; out-of-school suspensions
come from discipline incidents, which are most common in middle school and rise with need.
"""

from dataclasses import dataclass

import numpy as np

from .enrollment import Spells
from .population import Cohort
from .school_calendar import YearCalendar

EXCUSED, UNEXCUSED, SUSPENDED, TARDY, EARLY = range(5)
GRADE_ABSENCE = np.array([1.15, 1, 0.9, 0.85, 0.85, 0.85, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.3])
GRADE_DISCIPLINE = np.array([0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 1.2, 1.4, 1.3, 1.1, 0.9, 0.7, 0.5])
# in-school, out-of-school, expulsion, other
ACTION_P = np.array([0.38, 0.30, 0.005, 0.315])


@dataclass
class Discipline:
    spell: np.ndarray
    day: np.ndarray  # instructional-day index
    offense: np.ndarray
    action: np.ndarray
    days_removed: np.ndarray


def discipline_incidents(sp: Spells, c: Cohort, rng: np.random.Generator) -> Discipline:
    length = sp.exit - sp.entry + 1
    rate = 0.35 * c.discipline[sp.stu] * GRADE_DISCIPLINE[sp.grade] * length / 180
    count = rng.poisson(rate)
    spell = np.repeat(np.arange(len(sp)), count)
    day = sp.entry[spell] + (rng.random(len(spell)) * length[spell]).astype(np.int32)
    action = np.searchsorted(ACTION_P.cumsum(), rng.random(len(spell)) * 0.99999)
    offense = rng.choice(9, len(spell), p=[0.3, 0.22, 0.16, 0.08, 0.09, 0.05, 0.05, 0.02, 0.03])
    removed = np.select(
        [action == 0, action == 1, action == 2],
        [rng.integers(1, 3, len(spell)), rng.geometric(0.45, len(spell)).clip(1, 10), 45],
        0,
    ).astype(np.float32)
    serious = (offense == 7) | (offense == 5)
    action = np.where(serious & (action == 0), 1, action)
    return Discipline(spell, day, offense, action, removed)


@dataclass
class Attendance:
    spell: np.ndarray
    day: np.ndarray
    code: np.ndarray
    fraction: np.ndarray


def attendance_events(
    sp: Spells, c: Cohort, cal: YearCalendar, disc: Discipline, rng: np.random.Generator
) -> Attendance:
    n_spells = len(sp)
    length = sp.exit - sp.entry + 1
    rate = np.minimum(c.absence[sp.stu] * GRADE_ABSENCE[sp.grade], 0.7)
    absences = rng.binomial(length, rate)
    tardies = rng.binomial(length, np.minimum(0.01 + 0.4 * rate, 0.3))
    early = rng.binomial(length, 0.004)
    counts = np.stack([absences, tardies, early])
    kinds = np.repeat(np.array([EXCUSED, TARDY, EARLY]), counts.sum(axis=1))
    spell = np.concatenate([np.repeat(np.arange(n_spells), k) for k in counts])
    day = sp.entry[spell] + (rng.random(len(spell)) * length[spell]).astype(np.int32)
    code = kinds.astype(np.int8)
    poverty_like = np.minimum(rate[spell] * 6, 0.8)
    code[(kinds == EXCUSED) & (rng.random(len(spell)) < 0.25 + 0.5 * poverty_like)] = UNEXCUSED
    fraction = np.select([kinds == TARDY, kinds == EARLY], [0.0, 0.5], 1.0).astype(np.float32)
    fraction[(kinds == EXCUSED) & (rng.random(len(spell)) < 0.1)] = 0.5

    out = np.flatnonzero(disc.action != 0) if len(disc.spell) else np.array([], int)
    out = out[np.isin(disc.action[out], (1, 2))]
    removed = np.minimum(disc.days_removed[out], 10).astype(int)
    s_spell = np.repeat(disc.spell[out], removed)
    offset = np.concatenate([np.arange(1, k + 1) for k in removed]) if len(out) else []
    s_day = np.repeat(disc.day[out], removed) + np.asarray(offset, dtype=np.int32)
    keep = s_day <= sp.exit[s_spell]
    s_spell, s_day = s_spell[keep], s_day[keep]

    spell = np.concatenate([s_spell, spell])
    day = np.concatenate([s_day, day]).astype(np.int32)
    code = np.concatenate([np.full(len(s_spell), SUSPENDED, np.int8), code])
    fraction = np.concatenate([np.ones(len(s_spell), np.float32), fraction])
    # one event per student and day (suspensions win), and none on days the school is closed
    key = spell.astype(np.int64) * 512 + day
    _, first = np.unique(key, return_index=True)
    first = first[~cal.school_closed[sp.school[spell[first]], day[first]]]
    return Attendance(spell[first], day[first], code[first], fraction[first])
