"""District calendar: about 180 instructional days from mid-August to early June.

Holidays follow a typical US district calendar (Labor Day, Thanksgiving, two weeks of winter break,
MLK and Presidents' Day, a spring break week, Memorial Day, teacher work days). Each school also
closes on up to two extra days (conferences, a building issue), so school calendars differ a bit.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np

EPOCH = dt.date(1970, 1, 1)
INSTRUCTIONAL_DAYS = 180


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holidays(fall: int, spring: int) -> set[dt.date]:
    days: set[dt.date] = set()
    days.add(_nth_weekday(fall, 9, 0, 1))  # Labor Day
    days.add(_nth_weekday(fall, 10, 4, 1))  # teacher work day
    days.add(dt.date(fall, 11, 11))
    thanksgiving = _nth_weekday(fall, 11, 3, 4)
    days.update(thanksgiving + dt.timedelta(days=k) for k in (-1, 0, 1))
    christmas = dt.date(fall, 12, 25)
    break_start = christmas - dt.timedelta(days=(christmas.weekday() + 2) % 7 + 1)
    days.update(break_start + dt.timedelta(days=k) for k in range(16))
    days.add(_nth_weekday(spring, 1, 0, 3))  # Martin Luther King Jr. Day
    days.add(_nth_weekday(spring, 2, 0, 3))  # Presidents' Day
    days.add(_nth_weekday(spring, 2, 4, 3))  # teacher work day
    spring_break = _nth_weekday(spring, 3, 0, 2)
    days.update(spring_break + dt.timedelta(days=k) for k in range(5))
    days.add(_nth_weekday(spring, 4, 4, 1) + dt.timedelta(days=14))  # Good Friday-ish
    days.add(_last_weekday(spring, 5, 0))  # Memorial Day
    return days


@dataclass(frozen=True)
class YearCalendar:
    school_year: int
    first_date: int  # July 1 as a day number: the calendar file covers the whole school year
    n_dates: int
    instructional: np.ndarray  # day numbers of district instructional days, ascending
    school_closed: np.ndarray  # bool [school, instructional day index]: extra school closures

    @property
    def semester_break(self) -> int:
        """Index of the first instructional day of semester 2 (after winter break)."""
        return int(np.argmax(np.diff(self.instructional) > 7)) + 1


def build_calendar(school_year: int, n_schools: int, rng: np.random.Generator) -> YearCalendar:
    fall = school_year - 1
    start = dt.date(fall, 8, 10)
    start += dt.timedelta(days=(2 - start.weekday()) % 7)  # a Wednesday in mid-August
    holidays = _holidays(fall, school_year)
    days = []
    day = start
    while len(days) < INSTRUCTIONAL_DAYS:
        if day.weekday() < 5 and day not in holidays:
            days.append(day_number(day))
        day += dt.timedelta(days=1)
    instructional = np.array(days, dtype=np.int32)
    closed = np.zeros((n_schools, len(days)), dtype=bool)
    extra = rng.integers(0, 3, n_schools)
    for k in range(2):
        # never the first or last ten days, so spells start and end on open days
        pick = rng.integers(10, len(days) - 10, n_schools)
        closed[np.arange(n_schools)[extra > k], pick[extra > k]] = True
    first = day_number(dt.date(fall, 7, 1))
    n_dates = day_number(dt.date(school_year, 6, 30)) - first + 1
    return YearCalendar(school_year, first, n_dates, instructional, closed)
