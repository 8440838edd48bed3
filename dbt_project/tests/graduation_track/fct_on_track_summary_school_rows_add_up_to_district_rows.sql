-- What this checks: for each year, grade and student group, the school rows of
-- fct_on_track_summary add up to the district row in students, on track and freshman on track.
-- Chronic absence is left out: the district judges all of a mover's days, a school its own.
-- When it matters: each student has one school of record a year, so the schools are parts of
-- the district; the release's suppression (release/outcome_tables.py) protects withheld school
-- cells with that equation, and refuses to publish when it does not hold.
-- How to fix it: look for students with no school of record, or counted at two schools, in
-- int_student_year_outcomes for the failing year.
with

summary as (

    select * from {{ ref('fct_on_track_summary') }}

),

school_sums as (

    select
        school_year,
        grade_level,
        subgroup_category,
        subgroup,
        sum(n) as n,
        sum(on_track_evaluated) as on_track_evaluated,
        sum(on_track_count) as on_track_count,
        sum(freshman_on_track_evaluated) as freshman_on_track_evaluated,
        sum(freshman_on_track_count) as freshman_on_track_count
    from summary
    where reporting_level = 'school'
    group by school_year, grade_level, subgroup_category, subgroup

),

district_rows as (

    select * from summary
    where reporting_level = 'district'

),

final as (

    select
        coalesce(district_rows.school_year, school_sums.school_year) as school_year,
        coalesce(district_rows.grade_level, school_sums.grade_level) as grade_level,
        coalesce(district_rows.subgroup, school_sums.subgroup) as subgroup,
        school_sums.n as school_students,
        district_rows.n as district_students
    from district_rows
    full outer join school_sums
        on
            district_rows.school_year = school_sums.school_year
            and district_rows.grade_level = school_sums.grade_level
            and district_rows.subgroup_category = school_sums.subgroup_category
            and district_rows.subgroup = school_sums.subgroup
    where
        district_rows.n is distinct from school_sums.n
        or district_rows.on_track_evaluated is distinct from school_sums.on_track_evaluated
        or district_rows.on_track_count is distinct from school_sums.on_track_count
        or district_rows.freshman_on_track_evaluated
        is distinct from school_sums.freshman_on_track_evaluated
        or district_rows.freshman_on_track_count
        is distinct from school_sums.freshman_on_track_count

)

select * from final
