"""Students of one chunk: who they are, where they live, and how their needs drive outcomes.

Parameters are rough national figures: ~14% served under IDEA, ~10% English learners (far more
among Hispanic and Asian students and in early grades), economic disadvantage that follows the
neighbourhood's poverty rate with some year-to-year churn, and homelessness of 1-5%.
"""

import datetime as dt

import numpy as np

from .names import name_codes
from .school_calendar import day_number
from .schools import District

FIELDS = [
    "sid",
    "birth",
    "sex",
    "race",
    "zone",
    "first_name",
    "last_name",
    "ed_u",
    "swd",
    "el",
    "ability",
    "absence",
    "discipline",
    "lottery",
    "alternative",
    "grade",
    "active",
    "class_of",
    "hs_years",
]
EL_BY_RACE = np.array([0.32, 0.06, 0.25, 0.05, 0.10, 0.02, 0.04])


class Cohort:
    """Column arrays of every student a chunk has ever had; `active` marks current students."""

    def __init__(self, **arrays: np.ndarray):
        for field in FIELDS:
            setattr(self, field, arrays[field])

    def __len__(self) -> int:
        return len(self.sid)

    def extend(self, other: "Cohort") -> np.ndarray:
        """Appends other's students; returns their indexes."""
        start = len(self)
        for field in FIELDS:
            setattr(self, field, np.concatenate([getattr(self, field), getattr(other, field)]))
        return np.arange(start, len(self))


def new_students(
    district: District,
    rng: np.random.Generator,
    grades: np.ndarray,
    school_year: int,
    first_sid: int,
) -> Cohort:
    n = len(grades)
    zone = rng.choice(len(district.zone_weight), size=n, p=district.zone_weight).astype(np.int32)
    poverty = district.zone_poverty[zone]
    cumulative = district.zone_race.cumsum(axis=1)[zone]
    race = (rng.random(n)[:, None] > cumulative[:, :-1]).sum(axis=1).astype(np.int8)
    sex = np.searchsorted([0.49, 0.995], rng.random(n)).astype(np.int8)
    first_name, last_name = name_codes(rng, sex)
    kindergarten_cutoff = day_number(dt.date(school_year - 1, 9, 1))
    held_back = rng.random(n) < 0.06
    birth = (
        kindergarten_cutoff
        - (grades.astype(np.int64) + 6 + held_back) * 365
        + rng.integers(1, 365, n)
        - (grades + 6) // 4
    ).astype(np.int32)
    swd = rng.random(n) < 0.11 + 0.06 * poverty
    el = rng.random(n) < EL_BY_RACE[race] * (1.6 - grades / 10) * (0.6 + poverty)
    ability = (
        rng.normal(0, 1, n) - 1.2 * (poverty - 0.5) - 0.5 * swd - 0.3 * el - 0.3 * held_back
    ).astype(np.float32)
    mean_absence = 0.028 + 0.075 * poverty + 0.02 * swd
    absence = np.minimum(rng.gamma(1.3, mean_absence / 1.3), 0.6).astype(np.float32)
    discipline = (rng.lognormal(-0.5, 1.0, n) * (0.3 + poverty) * (1 + swd)).astype(np.float32)
    lottery = np.full(n, -1, dtype=np.int32)
    if len(district.combined):
        wins = (rng.random(n) < district.combined_share) & (grades <= 8)
        lottery[wins] = district.combined[rng.integers(0, len(district.combined), wins.sum())]
    alternative = placed_in_alternative(district, rng, ability, grades)
    return Cohort(
        sid=np.arange(first_sid, first_sid + n, dtype=np.int64),
        birth=birth,
        sex=sex,
        race=race,
        zone=zone,
        first_name=first_name,
        last_name=last_name,
        ed_u=rng.random(n).astype(np.float32),
        swd=swd,
        el=el,
        ability=ability,
        absence=absence,
        discipline=discipline,
        lottery=lottery,
        alternative=alternative,
        grade=grades.astype(np.int8),
        active=np.ones(n, dtype=bool),
        class_of=np.where(grades >= 9, school_year + 12 - grades, -1).astype(np.int16),
        hs_years=np.maximum(grades - 8, 0).astype(np.int8),
    )


def placed_in_alternative(
    district: District, rng: np.random.Generator, ability: np.ndarray, grades: np.ndarray
) -> np.ndarray:
    if not len(district.alternative):
        return np.zeros(len(grades), dtype=bool)
    # placements concentrate among struggling students
    weight = np.where(ability < -0.5, 3.0, 0.3)
    return (grades >= 9) & (rng.random(len(grades)) < district.alternative_share * weight)


def yearly_flags(
    cohort: Cohort, idx: np.ndarray, district: District, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Flags as of this year; economic status churns a little around the neighbourhood rate."""
    poverty = district.zone_poverty[cohort.zone[idx]]
    n = len(idx)
    ed = cohort.ed_u[idx] + rng.normal(0, 0.05, n) < poverty
    homeless = rng.random(n) < 0.004 + 0.06 * poverty * ed
    foster = rng.random(n) < 0.002 + 0.004 * poverty
    return {
        "ed": ed,
        "el": cohort.el[idx],
        "swd": cohort.swd[idx],
        "homeless": homeless,
        "foster": foster,
    }
