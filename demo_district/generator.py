"""generate_district: the whole demo district, streamed chunk by chunk of students."""

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import finance, hr_files, sis_files
from .attendance import attendance_events, discipline_incidents
from .catalogue import build_catalogue
from .codes import GRADES, SUBJECTS
from .enrollment import simulate_year
from .hr import build_workforce, run_year
from .marks import TeacherIndex, assessments, course_marks, school_offers
from .messiness import plant_defects
from .population import new_students, yearly_flags
from .school_calendar import build_calendar, day_number
from .schools import GRADE_SPAN, LEVELS, build_district
from .writer import CsvSink, categorical, sql_date

CHUNK_SIZE = 50_000


@dataclass
class GenerationSummary:
    files: dict[str, int]  # relative path -> data rows written (header excluded)
    bytes_written: int
    schools: int
    planted: list[str] = field(default_factory=list)
    late_arrivals: list[Path] = field(default_factory=list)
    planted_rejects: dict[str, int] = field(default_factory=dict)  # "system/extract" -> rows
    planted_rejects_by_file: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def generate_district(
    out_dir: Path,
    students: int = 20_000,
    years: int = 4,
    seed: int = 42,
    messy: bool = False,
    last_school_year: int = 2026,
    chunk_size: int = CHUNK_SIZE,
) -> GenerationSummary:
    started = time.perf_counter()
    out_dir = Path(out_dir)
    school_years = list(range(last_school_year - years + 1, last_school_year + 1))
    first_year = school_years[0]
    district = build_district(students, np.random.default_rng([seed, 0]))
    calendars = {
        y: build_calendar(y, district.n_schools, np.random.default_rng([seed, 1, y]))
        for y in school_years
    }
    catalogue = build_catalogue()
    offer = school_offers(district, np.random.default_rng([seed, 2]))
    workforce = build_workforce(district, first_year, np.random.default_rng([seed, 3]))
    staff = {
        y: run_year(workforce, district, y, np.random.default_rng([seed, 4, y]))
        for y in school_years
    }
    staff_width = max(5, len(str(workforce.next_id)))
    teachers = {y: _teacher_index(staff[y], district, y) for y in school_years}

    sink = CsvSink(out_dir)
    ids = district.school_id
    n_chunks = max(1, math.ceil(students / chunk_size))
    sizes = [len(part) for part in np.array_split(np.arange(students), n_chunks)]
    capacity = int(max(sizes) * (1.2 + 0.25 * years)) + 100
    width = max(7, len(str(n_chunks * capacity)))
    enrolled = dict.fromkeys(school_years, 0)
    for chunk, size in enumerate(sizes):
        base = chunk * capacity + 1
        rng0 = np.random.default_rng([seed, 10, chunk])
        cohort = new_students(district, rng0, rng0.integers(0, 13, size), first_year, base)
        next_sid = base + size
        for y in school_years:
            rng = np.random.default_rng([seed, 11, chunk, y])
            cal = calendars[y]
            spells, next_sid = simulate_year(
                cohort, district, cal, rng, size, next_sid, first_year=y == first_year
            )
            assert next_sid <= base + capacity, "student id block overflow"
            idx = np.unique(spells.stu)
            enrolled[y] += len(idx)
            flags = yearly_flags(cohort, idx, district, rng)
            messy_case = messy and y == first_year and chunk == 0
            race_sql = (
                "CASE WHEN sid % 25 = 0 THEN upper(left(CAST(race AS VARCHAR), 1)) || "
                "substr(CAST(race AS VARCHAR), 2) ELSE CAST(race AS VARCHAR) END"
                if messy_case
                else "race"
            )
            code_sql = (
                "CASE WHEN sid % 20 = 0 THEN upper(CAST(code AS VARCHAR)) "
                "ELSE CAST(code AS VARCHAR) END"
                if messy_case
                else "code"
            )
            sink.write(
                f"sis/students/{y}.csv", *sis_files.students(cohort, idx, flags, width, race_sql)
            )
            sink.write(
                f"sis/enrollments/{y}.csv", *sis_files.enrollments(spells, cohort, cal, ids, width)
            )
            disc = discipline_incidents(spells, cohort, rng)
            events = attendance_events(spells, cohort, cal, disc, rng)
            sink.write(
                f"sis/attendance/{y}.csv",
                *sis_files.attendance(events, spells, cohort, cal, ids, width, code_sql),
            )
            marks = course_marks(spells, cohort, cal, catalogue, offer, teachers[y], rng)
            sink.write(
                f"sis/course_marks/{y}.csv",
                *sis_files.course_marks(
                    marks, cohort, ids, list(catalogue.frame.course_code), staff_width, width
                ),
            )
            sink.write(
                f"sis/assessments/{y}.csv",
                *sis_files.assessments(assessments(spells, cohort, cal, rng), cohort, width),
            )
            sink.write(
                f"sis/discipline/{y}.csv",
                *sis_files.discipline(disc, spells, cohort, cal, ids, width, chunk),
            )
        del cohort

    for y in school_years:
        _write_small_files(
            sink,
            district,
            catalogue,
            calendars[y],
            staff[y],
            y,
            first_year,
            staff_width,
            enrolled[y],
            seed,
        )
    sink.close()
    summary = GenerationSummary(
        files=dict(sorted(sink.rows.items())), bytes_written=0, schools=int(district.is_open.sum())
    )
    if messy:
        plant_defects(out_dir, summary, school_years)
    summary.bytes_written = sum((out_dir / rel).stat().st_size for rel in summary.files)
    summary.seconds = time.perf_counter() - started
    return summary


def _teacher_index(people: pd.DataFrame, district, year: int) -> TeacherIndex:
    # the teacher of record is whoever holds the post at the end of the year
    june = day_number(dt.date(year, 6, 30))
    current = people[
        (people.job == "teacher") & ((people.separation < 0) | (people.separation >= june))
    ]
    current = current[current.location.map(lambda x: not isinstance(x, str))]
    school = current.location.to_numpy().astype(int)
    subject = current.subject.map(SUBJECTS.index).to_numpy()
    order = np.lexsort((current.staff_id.to_numpy(), subject, school))
    count = np.zeros((district.n_schools, len(SUBJECTS)), dtype=np.int64)
    np.add.at(count, (school, subject), 1)
    offset = (np.cumsum(count.ravel()) - count.ravel()).reshape(count.shape)
    return TeacherIndex(offset, count, current.staff_id.to_numpy()[order])


def _write_small_files(
    sink, district, catalogue, cal, people, y, first_year, staff_width, enrolled, seed
) -> None:
    rng = np.random.default_rng([seed, 20, y])
    principals = people[people.job == "principal"].sort_values("hire", kind="stable")
    principals = principals.drop_duplicates("location", keep="last").set_index("location")
    rows = []
    for s, sid in enumerate(district.school_id):
        level = int(district.level[s])
        low, high = GRADE_SPAN[level]
        name = email = None
        if s in principals.index:
            p = principals.loc[s]
            name = f"{p.first_name} {p.last_name}"
            email = (
                f"{p.first_name}.{p.last_name}".lower().replace("'", "")
                + "@demo-district.example.org"
            )
        rows.append(
            (
                sid,
                district.name[s],
                LEVELS[level],
                GRADES[low],
                GRADES[high],
                "Y" if level == 3 else "N",
                district.network[s],
                name,
                email,
                "open" if district.is_open[s] else "closed",
            )
        )
    schools = pd.DataFrame(
        rows,
        columns=[
            "school_id",
            "school_name",
            "school_level",
            "grade_low",
            "grade_high",
            "is_charter",
            "network",
            "principal_name",
            "principal_email",
            "status",
        ],
    )
    sink.write(f"sis/schools/{y}.csv", schools, list(schools.columns))
    sink.write(f"sis/courses/{y}.csv", catalogue.frame, list(catalogue.frame.columns))

    open_schools = np.flatnonzero(district.is_open)
    dates = cal.first_date + np.arange(cal.n_dates)
    position = np.searchsorted(cal.instructional, dates).clip(0, len(cal.instructional) - 1)
    is_day = cal.instructional[position] == dates
    school_rep = np.repeat(open_schools, len(dates))
    flag = (
        np.tile(is_day, len(open_schools))
        & ~cal.school_closed[school_rep, np.tile(position, len(open_schools))]
    )
    calendar = pd.DataFrame(
        {
            "school": categorical(school_rep, district.school_id),
            "day": np.tile(dates, len(open_schools)),
            "flag": flag,
        }
    )
    sink.write(
        f"sis/calendar/{y}.csv",
        calendar,
        [
            "school AS school_id",
            f"{sql_date('day')} AS date",
            "CASE WHEN flag THEN 'Y' ELSE 'N' END AS is_instructional_day",
        ],
    )

    sink.write(f"hr/staff/{y}.csv", *hr_files.staff_frame(people, staff_width))
    sink.write(
        f"hr/staff_assignments/{y}.csv",
        *hr_files.assignments_frame(people, y, first_year, district.school_id, staff_width),
    )
    sink.write(
        f"hr/staff_certifications/{y}.csv", *hr_files.certifications_frame(people, y, staff_width)
    )
    sink.write(
        f"hr/staff_evaluations/{y}.csv", *hr_files.evaluations_frame(people, y, rng, staff_width)
    )
    sink.write(
        f"hr/professional_learning/{y}.csv", *hr_files.learning_frame(people, y, rng, staff_width)
    )

    chart = finance.chart_of_accounts(district)
    sink.write(f"finance/chart_of_accounts/{y}.csv", chart, list(chart.columns))
    gl, budget = finance.ledger(district, people, y, first_year, enrolled, rng)
    sink.write(
        f"finance/gl_actuals/{y}.csv",
        gl,
        [
            f"{sql_date('day')} AS posting_date",
            "fund",
            "function",
            "object",
            "location",
            "program",
            "CAST(amount AS DECIMAL(14,2)) AS amount",
            "description",
        ],
    )
    sink.write(
        f"finance/budget/{y}.csv",
        budget,
        [
            "fund",
            "function",
            "object",
            "location",
            "program",
            "CAST(amount AS DECIMAL(14,2)) AS amount",
            "budget_version",
        ],
    )
