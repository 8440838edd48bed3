"""The five HR extracts of one year, built from the workforce's people."""

import datetime as dt

import numpy as np
import pandas as pd

from .codes import RACE, SEX, SUBJECTS
from .hr import CERTS, DEGREES, REASONS, salary
from .school_calendar import day_number
from .writer import categorical, sql_date, sql_id

EVALUATED = {"teacher", "principal", "assistant_principal", "instructional_coach", "counselor"}
LEARNING_TYPES = ["collaborative_planning", "coaching", "workshop", "course"]


def staff_frame(people: pd.DataFrame, width: int):
    frame = pd.DataFrame(
        {
            "sid": people.staff_id.to_numpy(),
            "first_name": people.first_name.to_numpy(),
            "last_name": people.last_name.to_numpy(),
            "sex": categorical(people.sex, SEX),
            "race": categorical(people.race, RACE),
            "birth": people.birth.to_numpy(),
            "hire": people.hire.to_numpy(),
            "sep": people.separation.to_numpy(),
            "reason": categorical(people.reason, REASONS),
            "prior": people.prior_exp.round(1).to_numpy(),
            "degree": categorical(people.degree, DEGREES),
        }
    )
    select = [
        f"{sql_id('E', 'sid', width)} AS staff_id",
        "first_name",
        "last_name",
        "sex",
        "race AS race_ethnicity",
        f"{sql_date('birth')} AS birth_date",
        f"{sql_date('hire')} AS hire_date",
        f"{sql_date('sep')} AS separation_date",
        "reason AS separation_reason",
        "prior AS prior_experience_years",
        "degree AS highest_degree",
    ]
    return frame, select


def location_text(people: pd.DataFrame, school_ids: list[str]) -> np.ndarray:
    return np.array(
        [school_ids[x] if isinstance(x, (int, np.integer)) else x for x in people.location],
        dtype=object,
    )


def assignments_frame(people, year, first_year, school_ids, width):
    july = day_number(dt.date(year - 1, 7, 1))
    pay = salary(people, year, first_year)
    pov = people.poverty.to_numpy()
    is_teacher = people.job.to_numpy() == "teacher"
    school_based = people.location.map(lambda x: not isinstance(x, str)).to_numpy()
    stipend = np.where(
        school_based & (pov >= 0.65) & (people.job != "central_office"), 3000.0, np.nan
    )
    # athletic coaching stipends for a few secondary teachers
    coach = is_teacher & (people.staff_id.to_numpy() % 9 == 0) & (people.subject != "other")
    stipend = np.where(coach, np.nan_to_num(stipend) + 2500.0, stipend)
    subject = people.subject.map(lambda s: SUBJECTS.index(s) if isinstance(s, str) else -1)
    frame = pd.DataFrame(
        {
            "sid": people.staff_id.to_numpy(),
            "loc": location_text(people, school_ids),
            "position": people.position.to_numpy(),
            "job": people.job.to_numpy(),
            "subject": categorical(subject.to_numpy(), SUBJECTS),
            "fte": people.fte.to_numpy(),
            "salary": pay,
            "stipend": stipend,
            "fund": people.fund.to_numpy(),
            "start_day": np.maximum(people.hire.to_numpy(), july),
            "end_day": people.separation.to_numpy(),
        }
    )
    select = [
        f"{sql_id('E', 'sid', width)} AS staff_id",
        "loc AS location_id",
        "position AS position_code",
        "job AS job_category",
        "subject AS subject_area",
        "fte",
        "CAST(salary AS DECIMAL(12,2)) AS base_salary",
        "CAST(stipend AS DECIMAL(12,2)) AS stipend_amount",
        "fund AS fund_code",
        f"{sql_date('start_day')} AS start_date",
        f"{sql_date('end_day')} AS end_date",
    ]
    return frame, select


def certifications_frame(people, year, width):
    july, june = day_number(dt.date(year - 1, 7, 1)), day_number(dt.date(year, 6, 30))
    held = people[people.cert >= 0]
    first_exp = np.select(
        [held.cert == 0, held.cert == 2], [-1, held.cert_issue + 365], held.cert_issue + 3 * 365
    )
    first = pd.DataFrame(
        {
            "sid": held.staff_id,
            "area": held.cert_area,
            "type": held.cert,
            "issue": held.cert_issue,
            "exp": first_exp,
        }
    )
    # provisional, emergency and alternative certificates become standard when they expire
    upgraded = first[first.type > 0].assign(type=0, issue=lambda f: f.exp + 1, exp=-1)
    certs = pd.concat([first, upgraded], ignore_index=True)
    valid = (certs.issue <= june) & ((certs.exp < 0) | (certs.exp >= july))
    certs = certs[valid].sort_values(["sid", "issue"], kind="stable")
    frame = pd.DataFrame(
        {
            "sid": certs.sid.to_numpy(),
            "area": categorical(certs.area, SUBJECTS),
            "type": categorical(certs.type, CERTS),
            "issue": certs.issue.to_numpy(),
            "exp": certs.exp.to_numpy(),
        }
    )
    select = [
        f"{sql_id('E', 'sid', width)} AS staff_id",
        "area AS certification_area",
        "type AS certification_type",
        f"{sql_date('issue')} AS issue_date",
        f"{sql_date('exp')} AS expiration_date",
    ]
    return frame, select


def evaluations_frame(people, year, rng, width):
    april = day_number(dt.date(year, 4, 1))
    july = day_number(dt.date(year - 1, 7, 1))
    rated = people[
        people.job.isin(EVALUATED)
        & (people.hire <= april - 90)
        & ((people.separation < 0) | (people.separation >= april))
    ]
    experience = rated.prior_exp + (july - rated.hire) / 365.25
    z = rated.skill.to_numpy() - 0.6 * (experience.to_numpy() <= 2) + rng.normal(0, 0.6, len(rated))
    rating = 1 + np.searchsorted([-2.3, -1.0, 0.75], z)
    frame = pd.DataFrame({"sid": rated.staff_id.to_numpy(), "rating": rating})
    return frame, [f"{sql_id('E', 'sid', width)} AS staff_id", "rating"]


def learning_frame(people, year, rng, width):
    start = day_number(dt.date(year - 1, 8, 1))
    end = day_number(dt.date(year, 6, 10))
    learners = people[people.job.isin(EVALUATED)]
    lo = np.maximum(learners.hire.to_numpy(), start)
    hi = np.where(
        learners.separation.to_numpy() >= 0, np.minimum(learners.separation.to_numpy(), end), end
    )
    ok = hi > lo
    learners, lo, hi = learners[ok], lo[ok], hi[ok]
    count = rng.poisson(5 + 6 * learners.poverty.to_numpy())
    row = np.repeat(np.arange(len(learners)), count)
    day = lo[row] + (rng.random(len(row)) * (hi[row] - lo[row])).astype(int)
    day -= np.maximum((day + 3) % 7 - 4, 0)  # move weekend dates back to Friday
    kind = rng.choice(4, len(row), p=[0.45, 0.2, 0.25, 0.1])
    hours = np.select(
        [kind == 0, kind == 1, kind == 2], [1.0, 0.75, 3.0 * rng.integers(1, 3, len(row))], 3.0
    )
    order = np.lexsort((day, row))
    frame = pd.DataFrame(
        {
            "sid": learners.staff_id.to_numpy()[row][order],
            "day": day[order],
            "kind": categorical(kind[order], LEARNING_TYPES),
            "hours": hours[order],
        }
    )
    select = [
        f"{sql_id('E', 'sid', width)} AS staff_id",
        f"{sql_date('day')} AS activity_date",
        "kind AS activity_type",
        "hours",
    ]
    return frame, select
