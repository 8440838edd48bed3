"""SELECT lists that turn a chunk's integer arrays into the SIS extracts' text columns."""

import numpy as np
import pandas as pd

from .attendance import Attendance, Discipline
from .codes import (
    ATTENDANCE_CODES,
    DISCIPLINE_ACTIONS,
    EXIT_CODES,
    GRADES,
    MARKS,
    OFFENSES,
    RACE,
    SEX,
)
from .enrollment import Spells
from .marks import Marks, Tests
from .names import ALL_FIRST, LAST_NAMES
from .population import Cohort
from .school_calendar import YearCalendar
from .writer import categorical, sql_date, sql_flag, sql_id


def students(c: Cohort, idx: np.ndarray, flags: dict, width: int, race_sql: str = "race"):
    frame = pd.DataFrame(
        {
            "sid": c.sid[idx],
            "first": categorical(c.first_name[idx], ALL_FIRST),
            "last": categorical(c.last_name[idx], LAST_NAMES),
            "birth": c.birth[idx],
            "sex": categorical(c.sex[idx], SEX),
            "race": categorical(c.race[idx], RACE),
            **flags,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        f"{sql_id('ST', 'sid + 4000000000', 10)} AS state_student_id",
        "first AS first_name",
        "last AS last_name",
        f"{sql_date('birth')} AS birth_date",
        "sex",
        f"{race_sql} AS race_ethnicity",
        f"{sql_flag('ed')} AS economically_disadvantaged",
        f"{sql_flag('el')} AS english_learner",
        f"{sql_flag('swd')} AS students_with_disabilities",
        f"{sql_flag('homeless')} AS homeless",
        f"{sql_flag('foster')} AS foster_care",
    ]
    return frame, select


def enrollments(sp: Spells, c: Cohort, cal: YearCalendar, schools: list[str], width: int):
    frame = pd.DataFrame(
        {
            "sid": c.sid[sp.stu],
            "school": categorical(sp.school, schools),
            "grade": categorical(sp.grade, GRADES),
            "entry": cal.instructional[sp.entry],
            "exit": cal.instructional[sp.exit],
            "code": categorical(sp.exit_code, EXIT_CODES),
            "class_of": sp.class_of,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        "school AS school_id",
        "grade AS grade_level",
        f"{sql_date('entry')} AS entry_date",
        f"{sql_date('exit')} AS exit_date",
        "code AS exit_code",
        "CASE WHEN class_of > 0 THEN class_of END AS class_of",
    ]
    return frame, select


def attendance(
    a: Attendance, sp: Spells, c: Cohort, cal: YearCalendar, schools, width, code_sql: str = "code"
):
    frame = pd.DataFrame(
        {
            "sid": c.sid[sp.stu[a.spell]],
            "school": categorical(sp.school[a.spell], schools),
            "day": cal.instructional[a.day],
            "code": categorical(a.code, ATTENDANCE_CODES),
            "fraction": a.fraction,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        "school AS school_id",
        f"{sql_date('day')} AS date",
        f"{code_sql} AS attendance_code",
        "fraction AS day_fraction_absent",
    ]
    return frame, select


def discipline(d: Discipline, sp: Spells, c: Cohort, cal: YearCalendar, schools, width, chunk: int):
    frame = pd.DataFrame(
        {
            "sid": c.sid[sp.stu[d.spell]],
            "school": categorical(sp.school[d.spell], schools),
            "seq": np.arange(len(d.spell)) + 1,
            "day": cal.instructional[d.day],
            "offense": categorical(d.offense, OFFENSES),
            "action": categorical(d.action, DISCIPLINE_ACTIONS),
            "removed": d.days_removed,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        "school AS school_id",
        f"'INC{cal.school_year}-{chunk:03d}-' || lpad(CAST(seq AS VARCHAR), 6, '0') AS incident_id",
        f"{sql_date('day')} AS incident_date",
        "offense AS offense_category",
        "action",
        "removed AS days_removed",
    ]
    return frame, select


def course_marks(m: Marks, c: Cohort, schools, course_codes, staff_width, width):
    frame = pd.DataFrame(
        {
            "sid": c.sid[m.stu],
            "school": categorical(m.school, schools),
            "course": categorical(m.course, course_codes),
            "section": m.section,
            "term": categorical(m.term, ["S1", "S2"]),
            "mark": categorical(m.mark, MARKS),
            "attempted": m.attempted,
            "earned": m.earned,
            "teacher": m.teacher,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        "school AS school_id",
        "CAST(course AS VARCHAR) || '-' || lpad(CAST(section AS VARCHAR), 2, '0') AS section_id",
        "course AS course_code",
        "term",
        "mark",
        "'Y' AS is_final",
        "attempted AS credits_attempted",
        "earned AS credits_earned",
        f"CASE WHEN teacher >= 0 THEN {sql_id('E', 'teacher', staff_width)} END "
        "AS teacher_staff_id",
    ]
    return frame, select


def assessments(t: Tests, c: Cohort, width):
    frame = pd.DataFrame(
        {
            "sid": c.sid[t.stu],
            "subject": categorical(t.subject, ["ela", "math", "science"]),
            "grade": categorical(t.grade, GRADES),
            "day": t.day,
            "score": t.score,
            "level": t.level,
        }
    )
    select = [
        f"{sql_id('S', 'sid', width)} AS student_id",
        "'State Summative Assessment' AS test_name",
        "subject",
        "grade AS grade_level",
        f"{sql_date('day')} AS test_date",
        "CAST(score AS INTEGER) AS scale_score",
        "level AS performance_level",
        "CASE WHEN level >= 3 THEN 'Y' ELSE 'N' END AS is_proficient",
    ]
    return frame, select
