"""One school year of a chunk's students: placements, mobility, exits and promotion.

Rates are typical of US districts: 2-6% move schools within the district during a year and 2-5%
leave for another district, both more often in poorer neighbourhoods; about 3% arrive mid-year;
annual high-school dropout of 1-4%; on-time graduation around 85% (lower with poverty), with
some 5th-year graduates, certificates for students with disabilities and rare early graduates.
"""

from dataclasses import dataclass

import numpy as np

from .codes import EXIT
from .population import Cohort, new_students, placed_in_alternative
from .school_calendar import YearCalendar
from .schools import ALTERNATIVE, COMBINED, ELEM, HIGH, MIDDLE, District

# mid-year events, in the order of the cumulative draw
NONE, MOVE, LEAVE, EMIGRATE, DIE, DROP, GED, UNKNOWN = range(8)
EVENT_EXIT = {
    LEAVE: EXIT["transfer_out_documented"],
    EMIGRATE: EXIT["emigrated"],
    DIE: EXIT["deceased"],
    DROP: EXIT["dropout"],
    GED: EXIT["ged"],
    UNKNOWN: EXIT["unknown"],
}


@dataclass
class Spells:
    stu: np.ndarray  # index into the cohort
    school: np.ndarray
    grade: np.ndarray
    entry: np.ndarray  # index into the calendar's instructional days
    exit: np.ndarray
    exit_code: np.ndarray
    class_of: np.ndarray

    def __len__(self) -> int:
        return len(self.stu)


def zoned_school(district: District, grade: np.ndarray, zone: np.ndarray) -> np.ndarray:
    return np.where(
        grade <= 5,
        district.elem_of_zone[zone],
        np.where(grade <= 8, district.middle_of_zone[zone], district.high_of_zone[zone]),
    )


def assign_schools(district: District, c: Cohort, idx: np.ndarray) -> np.ndarray:
    grade, lottery = c.grade[idx], c.lottery[idx]
    school = zoned_school(district, grade, c.zone[idx])
    school = np.where((lottery >= 0) & (grade <= 8), lottery, school)
    if len(district.alternative):
        alt = district.alternative[c.zone[idx] % len(district.alternative)]
        school = np.where(c.alternative[idx] & (grade >= 9), alt, school)
    return school


def _move_destinations(district, c, idx, school, rng):
    """Another school of the same level; lottery and alternative students return to their zone."""
    new = np.full(len(idx), -1)
    level = district.level[school]
    special = (level == COMBINED) | (level == ALTERNATIVE)
    new[special] = zoned_school(district, c.grade[idx[special]], c.zone[idx[special]])
    for lv in (ELEM, MIDDLE, HIGH):
        pool = district.schools_of(lv)
        here = (level == lv) & ~special
        if len(pool) < 2 or not here.any():
            continue
        position = np.searchsorted(pool, school[here])
        new[here] = pool[(position + rng.integers(1, len(pool), here.sum())) % len(pool)]
    return new


def _year_end_codes(c: Cohort, idx: np.ndarray, poverty: np.ndarray, rng) -> np.ndarray:
    grade, u = c.grade[idx], rng.random(len(idx))
    p_grad = np.clip(0.95 - 0.22 * poverty - 0.12 * (c.ability[idx] < -1), 0.5, 0.97)
    p_grad = np.where(c.hs_years[idx] >= 5, 0.55, p_grad)
    code = np.full(len(idx), EXIT["promoted"], dtype=np.int8)
    senior = grade == 12
    code[senior & (u < p_grad)] = EXIT["graduated"]
    rest = senior & (u >= p_grad)
    code[rest & c.swd[idx] & (rng.random(len(idx)) < 0.35)] = EXIT["certificate"]
    code[rest & (code == EXIT["promoted"]) & (c.hs_years[idx] >= 5)] = EXIT["dropout"]
    early = (grade == 11) & (c.ability[idx] > 1.2) & (u < 0.03)
    code[early] = EXIT["graduated"]
    return code


def simulate_year(
    c: Cohort,
    district: District,
    cal: YearCalendar,
    rng: np.random.Generator,
    target: int,
    next_sid: int,
    first_year: bool,
) -> tuple[Spells, int]:
    """Runs one year, mutating the cohort; returns the year's spells and the next free id."""
    year, n_days = cal.school_year, len(cal.instructional)
    if not first_year:
        active = int(c.active.sum())
        kindergarten = int(rng.binomial(target, 1 / 13))
        others = max(0, target - active - kindergarten)
        grades = np.concatenate([np.zeros(kindergarten, int), rng.integers(1, 13, others)])
        next_sid += c.extend(new_students(district, rng, grades, year, next_sid)).size
    starting = np.flatnonzero(c.active)
    arrivals_n = int(rng.binomial(target, 0.03))
    arrivals = new_students(district, rng, rng.integers(0, 13, arrivals_n), year, next_sid)
    next_sid += arrivals_n
    arrived = c.extend(arrivals)
    idx = np.concatenate([starting, arrived])
    entry = np.concatenate(
        [np.zeros(len(starting), int), rng.integers(10, n_days - 20, arrivals_n)]
    )
    school = assign_schools(district, c, idx)
    poverty = district.zone_poverty[c.zone[idx]]
    grade = c.grade[idx]

    high_school = grade >= 9
    p = np.stack(
        [
            0.012 + 0.045 * poverty,  # move within district
            0.015 + 0.035 * poverty,  # leave for another district
            0.002 + 0.006 * poverty,
            np.full(len(idx), 0.0002),
            high_school * (0.003 + 0.04 * poverty + 0.03 * (c.ability[idx] < -1)) * (grade >= 10),
            high_school * 0.002 * (grade >= 10),
            np.full(len(idx), 0.002),
        ]
    )
    u = rng.random(len(idx))
    event = (u[None, :] > np.cumsum(p, axis=0)).sum(axis=0)
    event = np.where(event == p.shape[0], NONE, event + 1)
    day = rng.integers(15, n_days - 15, len(idx))
    event[entry >= day - 5] = NONE
    moving = np.flatnonzero(event == MOVE)
    destination = _move_destinations(district, c, idx[moving], school[moving], rng)
    event[moving[destination < 0]] = NONE
    moving, destination = moving[destination >= 0], destination[destination >= 0]

    end_code = _year_end_codes(c, idx, poverty, rng)
    leaving = (event != NONE) & (event != MOVE)
    exit_code = np.where(leaving, 0, end_code).astype(np.int8)
    for ev, code in EVENT_EXIT.items():
        exit_code[event == ev] = code
    # Families who move away over the summer: most ask for records, so the SIS closes the year
    # with a documented transfer; the rest are no-shows, still 'promoted', never seen again.
    summer_move = (exit_code == EXIT["promoted"]) & (rng.random(len(idx)) < 0.04)
    exit_code[summer_move & (rng.random(len(idx)) < 0.75)] = EXIT["transfer_out_documented"]
    exit_day = np.where(leaving, day, n_days - 1)
    first_exit = exit_day.copy()
    first_exit[moving] = day[moving]
    first_code = exit_code.copy()
    first_code[moving] = EXIT["transfer_in_district"]
    class_of = c.class_of[idx]
    spells = Spells(
        stu=np.concatenate([idx, idx[moving]]),
        school=np.concatenate([school, destination]),
        grade=np.concatenate([grade, grade[moving]]),
        entry=np.concatenate([entry, day[moving] + 1]),
        exit=np.concatenate([first_exit, np.full(len(moving), n_days - 1)]),
        exit_code=np.concatenate([first_code, exit_code[moving]]),
        class_of=np.concatenate([class_of, class_of[moving]]),
    )
    order = np.lexsort((spells.entry, spells.stu))
    spells = Spells(*(getattr(spells, f)[order] for f in Spells.__dataclass_fields__))

    moved = idx[moving]
    regular = np.isin(district.level[destination], (ELEM, MIDDLE, HIGH))
    c.zone[moved[regular]] = district.first_zone_of()[destination[regular]]
    c.lottery[moved] = -1
    c.alternative[moved] = False
    _advance(c, idx, exit_code, summer_move, rng, district, year)
    return spells, next_sid


def _advance(c: Cohort, idx, exit_code, summer_move, rng, district, year) -> None:
    """Promotion into next year of everyone promoted who does not move away over the summer."""
    continuing = exit_code == EXIT["promoted"]
    c.active[idx] = continuing & ~summer_move
    stay = idx[continuing]
    up = stay[c.grade[stay] < 12]
    c.grade[up] += 1
    c.hs_years[stay[c.grade[stay] >= 9]] += 1
    ninth = up[c.grade[up] == 9]
    c.class_of[ninth] = year + 4
    c.alternative[ninth] = placed_in_alternative(district, rng, c.ability[ninth], c.grade[ninth])
    c.el[stay] &= rng.random(len(stay)) >= 0.13  # reclassified fluent
