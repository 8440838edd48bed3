"""Student-level files of a school's packet: only the school's own students.

Both rosters start from `dim_student` rows of the year with the school as school of record and
`is_enrolled_at_as_of` true: a student who left, or who is enrolled elsewhere on the as-of date,
is never listed, whatever the other marts hold. Names come from `restricted.student_identities`,
because the principal has to know who the students are (FERPA's school-official exception).

Each roster is one query for all the schools asked for, split by school afterwards: a query per
school would scan `stg_sis__course_marks` (the whole district's marks) once per school.

Nothing here logs a value from a row; callers may log the row counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook

from release.sources import available, require

ROSTERS = ("students_off_track", "chronic_absence")
_SCHOOL = "_school"  # the school a row is split to; not a column of the written roster

_ENROLLED = """
    with enrolled as (
        select student_id, school_id, school_year, grade_level from marts.dim_student
        where school_year = $year and school_id in (select unnest($schools::varchar[]))
            and is_enrolled_at_as_of
    ),
    named as (
        select enrolled.*, ids.state_student_id, ids.last_name, ids.first_name
        from enrolled
        left join restricted.student_identities as ids using (student_id, school_year)
    )
"""

_OFF_TRACK = (
    _ENROLLED
    + """,
    courses as (
        select marks.student_id, marks.school_id,
            string_agg(
                marks.course_code || coalesce(' ' || course.course_title, '') || ' (' || marks.term
                || '): ' || coalesce(marks.mark, '') || case when marks.is_final_mark then ''
                else ' (progress)' end,
                '; ' order by marks.term, marks.course_code
            ) as current_courses_and_marks
        from staging.stg_sis__course_marks as marks
        left join marts.dim_course as course using (course_code)
        where marks.school_year = $year
            and marks.school_id in (select unnest($schools::varchar[]))
        group by marks.student_id, marks.school_id
    )
    select named.school_id as _school, named.student_id, named.state_student_id, named.last_name,
        named.first_name, named.grade_level,
        not track.is_on_track as is_off_track,
        track.off_track_reasons,
        warning.early_warning_tier,
        warning.attendance_tier, warning.suspension_tier, warning.course_tier,
        track.cumulative_credits_earned, track.credits_expected,
        performance.core_semester_fs, performance.cumulative_gpa_unweighted,
        courses.current_courses_and_marks
    from named
    left join marts.fct_student_on_track as track using (student_id, school_year)
    left join marts.fct_early_warning as warning using (student_id, school_year)
    left join marts.fct_student_course_performance as performance using (student_id, school_year)
    left join courses
        on courses.student_id = named.student_id and courses.school_id = named.school_id
    where track.is_on_track = false or warning.early_warning_tier = 'high_risk'
    order by named.school_id, named.last_name, named.first_name, named.student_id
"""
)

_CHRONIC = (
    _ENROLLED
    + """
    select named.school_id as _school, named.student_id, named.state_student_id, named.last_name,
        named.first_name, named.grade_level, attendance.days_enrolled, attendance.days_absent,
        attendance.attendance_rate
    from named
    join marts.fct_student_attendance as attendance
        on attendance.student_id = named.student_id
        and attendance.school_year = named.school_year
        and attendance.reporting_level = 'school'
        and attendance.school_id = named.school_id
    where attendance.is_chronically_absent
    order by named.school_id, named.last_name, named.first_name, named.student_id
"""
)

_NEEDS = {
    "students_off_track": (
        "marts.dim_student",
        "restricted.student_identities",
        "marts.fct_student_on_track",
        "marts.fct_early_warning",
        "marts.fct_student_course_performance",
        "staging.stg_sis__course_marks",
        "marts.dim_course",
    ),
    "chronic_absence": (
        "marts.dim_student",
        "restricted.student_identities",
        "marts.fct_student_attendance",
    ),
}


def roster(
    con: duckdb.DuckDBPyConnection, name: str, school_id: str, school_year: int
) -> pd.DataFrame:
    """One roster (`students_off_track` or `chronic_absence`) of one school for the year."""
    return rosters(con, name, [school_id], school_year)[school_id]


def rosters(
    con: duckdb.DuckDBPyConnection, name: str, school_ids: Sequence[str], school_year: int
) -> dict[str, pd.DataFrame]:
    """One roster of each school in `school_ids`, from one query: {school_id: rows}, each
    school's rows in the order (and with the index) a query for that school alone gives."""
    require(available(con), *_NEEDS[name])
    sql = _OFF_TRACK if name == "students_off_track" else _CHRONIC
    frame = con.execute(sql, {"schools": list(school_ids), "year": school_year}).df()
    by_school = dict(tuple(frame.groupby(_SCHOOL, sort=False)))
    empty = frame.iloc[0:0]
    return {
        school_id: by_school.get(school_id, empty).drop(columns=_SCHOOL).reset_index(drop=True)
        for school_id in school_ids
    }


def write_roster(frame: pd.DataFrame, folder: Path, name: str) -> list[Path]:
    """`<name>.csv` (UTF-8) and `<name>.xlsx` (one sheet, the same rows and columns)."""
    csv_path, xlsx_path = Path(folder) / f"{name}.csv", Path(folder) / f"{name}.xlsx"
    frame.to_csv(csv_path, index=False, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([_excel_value(value) for value in record])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # text such as "=1+1" is data, never a formula
                cell.data_type = "s"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]


def _excel_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
