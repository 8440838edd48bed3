"""The dashboard's figures, each a published cell or worked out from published cells only.

- Per-pupil spending by poverty quartile: the schools' published per-pupil figures, weighted by
  their published census enrollment (a school whose figures are withheld is left out).
- Inexperienced teachers by poverty quartile: the schools' published shares weighted by teacher
  FTE; and the ESSA comparison of the highest and lowest quartiles from fct_educator_equity.
- Course-access representation: a group's advanced-course rate over all students' rate, the
  representation index of fct_course_access.yml, from two shown (not coded) cells.
- Chronic absence by school level: the level's schools' published rates (a coded rate at its
  bound, as the packets draw it) weighted by their published denominators. A rate is rounded as
  the packets print it, so this is close to, not exactly, the level's own rate.
"""

from __future__ import annotations

import pandas as pd

from dashboards.exports import ExportVersion

SHOWN = "coalesce({measure}_suppression, '') = ''"
ALL_GRADES = "grade_level = 'all'"


def spending_and_inexperience_by_quartile(version: ExportVersion) -> pd.DataFrame:
    """school_year, poverty_quartile, per_pupil_expenditure, inexperienced_teacher_share."""
    quartiles = version.read(
        "fct_school_profile",
        "select school_year, school_id, poverty_quartile from mart "
        "where reporting_level = 'school' and poverty_quartile is not null",
    )
    spending = version.read(
        "fct_school_spending",
        "select school_year, school_id, per_pupil_expenditure::double as per_pupil, "
        "census_enrollment::double as students from mart "
        "where per_pupil_expenditure is not null and census_enrollment is not null",
    )
    staffing = version.read(
        "fct_school_staffing",
        "select school_year, school_id, inexperienced_teacher_share as share, "
        "teacher_fte::double as fte from mart where inexperienced_teacher_share is not null",
    )
    columns = ["school_year", "poverty_quartile"]
    if quartiles.empty:
        return pd.DataFrame(
            columns=[*columns, "per_pupil_expenditure", "inexperienced_teacher_share"]
        )
    spent = _weighted(quartiles.merge(spending), "per_pupil", "students", "per_pupil_expenditure")
    staffed = _weighted(quartiles.merge(staffing), "share", "fte", "inexperienced_teacher_share")
    return spent.merge(staffed, on=columns, how="outer").sort_values(columns, ignore_index=True)


def _weighted(frame: pd.DataFrame, value: str, weight: str, name: str) -> pd.DataFrame:
    keys = ["school_year", "poverty_quartile"]
    if frame.empty:
        return pd.DataFrame(columns=[*keys, name])
    frame = frame.assign(product=frame[value] * frame[weight])
    sums = frame.groupby(keys, as_index=False)[["product", weight]].sum()
    return sums.assign(**{name: sums["product"] / sums[weight]})[[*keys, name]]


def educator_equity(version: ExportVersion) -> pd.DataFrame:
    return version.read(
        "fct_educator_equity",
        "select school_year, measure, high_quartile_teacher_share, "
        "high_quartile_teacher_share_suppression, low_quartile_teacher_share, "
        "low_quartile_teacher_share_suppression from mart "
        "where comparison = 'poverty' order by school_year, measure",
    )


def course_access_representation(version: ExportVersion, school_id: str | None) -> pd.DataFrame:
    """Per year and group: students, rate, its suppression, and the representation index."""
    level = "reporting_level = 'district'" if school_id is None else "school_id = $school"
    shown = SHOWN.format(measure="advanced_course_rate")
    sql = f"""
        with cells as (select * from mart where {level}),
        everyone as (
            select school_year, advanced_course_rate as all_rate, {shown} as all_shown
            from cells where subgroup = 'all_students'
        )
        select cells.school_year, subgroup_category, subgroup, students, advanced_course_rate,
            advanced_course_rate_suppression,
            case when {shown} and all_shown and all_rate > 0
                then advanced_course_rate / all_rate end as representation_index
        from cells left join everyone using (school_year)
        order by cells.school_year, subgroup_category <> 'all_students', subgroup_category,
            subgroup
    """
    return _read_for_school(version, "fct_course_access", sql, school_id)


def chronic_absence_by_subgroup(version: ExportVersion, school_id: str | None) -> pd.DataFrame:
    level = "reporting_level = 'district'" if school_id is None else "school_id = $school"
    sql = f"""
        select school_year, subgroup_category, subgroup, chronic_absence_eligible,
            chronic_absence_rate, chronic_absence_rate_suppression
        from mart where {level} and {ALL_GRADES}
        order by school_year, subgroup_category <> 'all_students', subgroup_category, subgroup
    """
    return _read_for_school(version, "fct_on_track_summary", sql, school_id)


def chronic_absence_by_school_level(version: ExportVersion) -> pd.DataFrame:
    """school_year, school_level, subgroup, chronic_absence_rate and the schools behind it."""
    return version.read(
        "fct_on_track_summary",
        f"""
        select school_year, school_level, subgroup_category, subgroup,
            sum(chronic_absence_rate * chronic_absence_eligible)
                / sum(chronic_absence_eligible) as chronic_absence_rate,
            count(*) as schools
        from mart
        where reporting_level = 'school' and {ALL_GRADES} and chronic_absence_rate is not null
            and chronic_absence_eligible > 0
        group by all
        order by all
        """,
    )


def _read_for_school(
    version: ExportVersion, mart: str, sql: str, school_id: str | None
) -> pd.DataFrame:
    return version.read(mart, sql, None if school_id is None else {"school": school_id})
