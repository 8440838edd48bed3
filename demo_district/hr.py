"""Staff careers across the years: hiring, experience, certification, pay, turnover, ratings.

High-poverty schools get more novices (about a third of teachers with two years or less, against
~15% in the richest), more provisional, emergency and alternative certificates, more out-of-field
teaching and turnover near 20-25% a year against ~10%, as US staffing studies report. Salaries
follow a step schedule (years of experience, degree) with a 2.5% yearly raise; high-need schools
(poverty >= 65%) pay a hard-to-staff stipend. Staff ids are stable across years.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import SUBJECTS
from .names import draw_names
from .school_calendar import day_number
from .schools import RACE_POVERTY_TILT, District
from .staffing import school_positions

TEACHER_RACE = np.array([0.09, 0.005, 0.02, 0.07, 0.002, 0.79, 0.023])
DEGREES = ["bachelors", "masters", "doctorate", "other"]
CERTS = ["standard", "provisional", "emergency", "alternative"]
REASONS = ["resigned", "retired", "terminated", "non_renewed", "deceased", "other"]
BASE_PAY = {  # (base, per step) in the first school year's dollars
    "teacher": (45_000, 1_250),
    "principal": (95_000, 1_500),
    "assistant_principal": (80_000, 1_200),
    "counselor": (48_000, 1_300),
    "instructional_coach": (47_000, 1_300),
    "paraprofessional": (24_000, 500),
    "other_school_staff": (30_000, 600),
    "central_office": (42_000, 1_100),
}


@dataclass
class Workforce:
    people: pd.DataFrame  # one row per person ever employed; grows as people are hired
    next_id: int


def _hire(
    positions: pd.DataFrame,
    poverty: np.ndarray,
    hire_day: np.ndarray,
    novice: bool,
    first_id: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    n = len(positions)
    pov = poverty
    novice_share = 0.35 + 0.4 * pov if novice else 0.1 + 0.3 * pov
    total = np.where(
        rng.random(n) < novice_share,
        rng.integers(0, 3, n),
        np.minimum(3 + rng.gamma(1.6, 7.0, n), 38),
    ).astype(float)
    tenure = 0 if novice else np.floor(rng.random(n) * total)
    tenure = np.minimum(tenure, total)
    sex = np.searchsorted([0.74, 0.998], rng.random(n))
    first, last = draw_names(rng, sex)
    race_p = TEACHER_RACE * np.exp(np.outer(pov - 0.5, RACE_POVERTY_TILT * 1.2))
    race_c = (race_p / race_p.sum(1, keepdims=True)).cumsum(1)
    race = (rng.random(n)[:, None] > race_c[:, :-1]).sum(1)
    # fewer master's degrees where poverty is high
    degree = np.minimum(np.searchsorted([0.47, 0.96, 0.98], rng.random(n) + 0.1 * pov), 3)
    beginner = total <= 2
    u = rng.random(n)
    cert = np.select(
        [
            beginner & (u < 0.25 + 0.35 * pov),
            beginner & (u < 0.35 + 0.5 * pov),
            beginner & (u < 0.45 + 0.55 * pov),
            ~beginner & (u < 0.03 + 0.05 * pov),
        ],
        [1, 3, 2, 3],
        0,
    )
    is_teacher = positions.job.to_numpy() == "teacher"
    subject = positions.subject.to_numpy()
    area = np.array([SUBJECTS.index(s) if isinstance(s, str) else 8 for s in subject])
    out_of_field = is_teacher & (rng.random(n) < 0.03 + 0.12 * pov)
    area = np.where(out_of_field, (area + rng.integers(1, 9, n)) % 9, area)
    hire = hire_day - (tenure * 365.25).astype(int)
    people = positions.reset_index(drop=True).copy()
    people["staff_id"] = np.arange(first_id, first_id + n)
    people["first_name"], people["last_name"] = first, last
    people["sex"], people["race"] = sex, race
    age_at_hire = 22 + (total - tenure) + rng.uniform(0, 8, n)
    people["birth"] = hire - (age_at_hire * 365.25).astype(int)
    people["hire"] = hire
    people["prior_exp"] = total - tenure
    people["degree"] = degree
    people["poverty"] = pov
    people["cert"] = np.where(
        is_teacher | (positions.job.to_numpy() != "paraprofessional"), cert, -1
    )
    people["cert_area"] = area
    people["cert_issue"] = hire - rng.integers(30, 200, n)
    people["separation"] = -1
    people["reason"] = -1
    people["skill"] = rng.normal(0, 1, n) - 0.25 * pov
    return people


def build_workforce(district: District, first_year: int, rng: np.random.Generator) -> Workforce:
    positions = school_positions(district, rng)
    poverty = _position_poverty(district, positions)
    start = day_number(dt.date(first_year - 1, 8, 1))
    people = _hire(positions, poverty, np.full(len(positions), start), False, 1, rng)
    return Workforce(people, len(people) + 1)


def _position_poverty(district: District, positions: pd.DataFrame) -> np.ndarray:
    loc = positions.location.to_numpy()
    mean = float(district.zone_poverty @ district.zone_weight)
    return np.array(
        [district.expected_poverty[x] if isinstance(x, (int, np.integer)) else mean for x in loc]
    )


def run_year(
    wf: Workforce, district: District, year: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Separations and mid-year replacements of one school year; returns the year's people."""
    july, june = day_number(dt.date(year - 1, 7, 1)), day_number(dt.date(year, 6, 30))
    p = wf.people
    on_roll = (p.hire <= june) & (p.separation < 0)
    idx = np.flatnonzero(on_roll)
    experience = p.prior_exp.to_numpy()[idx] + (july - p.hire.to_numpy()[idx]) / 365.25
    pov = p.poverty.to_numpy()[idx]
    is_teacher = p.job.to_numpy()[idx] == "teacher"
    rate = np.where(is_teacher, 0.07 + 0.16 * pov, 0.1) + 0.08 * (experience <= 2)
    rate += 0.25 * (experience >= 28)
    leaving = rng.random(len(idx)) < rate
    mid_year = leaving & (rng.random(len(idx)) < 0.15)
    sep = np.where(mid_year, july + rng.integers(95, 270, len(idx)), june)
    sep = np.maximum(sep, p.hire.to_numpy()[idx] + 30)
    age = (july - p.birth.to_numpy()[idx]) / 365.25
    reason = rng.choice([0, 2, 3, 4, 5], len(idx), p=[0.78, 0.05, 0.06, 0.005, 0.105])
    reason = np.where((experience >= 25) | (age >= 60), 1, reason)
    reason = np.where((p.cert.to_numpy()[idx] > 0) & (rng.random(len(idx)) < 0.4), 3, reason)
    gone = idx[leaving]
    p.loc[gone, "separation"] = sep[leaving]
    p.loc[gone, "reason"] = reason[leaving]

    replaced = p.iloc[gone]
    start = np.where(
        replaced.separation.to_numpy() < june,
        replaced.separation.to_numpy() + rng.integers(10, 30, len(gone)),
        day_number(dt.date(year, 8, 1)),
    )
    positions = replaced[["location", "job", "subject", "position", "fte", "fund"]]
    new = _hire(positions, replaced.poverty.to_numpy(), start, True, wf.next_id, rng)
    wf.next_id += len(new)
    wf.people = p = pd.concat([p, new], ignore_index=True)
    in_year = (p.hire <= june) & ((p.separation < 0) | (p.separation >= july))
    return p[in_year]


def salary(people: pd.DataFrame, year: int, first_year: int) -> np.ndarray:
    july = day_number(dt.date(year - 1, 7, 1))
    step = np.clip(people.prior_exp + np.maximum(july - people.hire, 0) / 365.25, 0, 25) // 1
    base = people.job.map(lambda j: BASE_PAY[j][0]).to_numpy()
    per = people.job.map(lambda j: BASE_PAY[j][1]).to_numpy()
    bump = np.select([people.degree == 1, people.degree == 2], [4_500, 8_000], 0)
    raise_ = 1.025 ** (year - first_year)
    amount = (base + per * step + bump) * raise_ * people.fte
    return np.round(amount.to_numpy(), -1)
