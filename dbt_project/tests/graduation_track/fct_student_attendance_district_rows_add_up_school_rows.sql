-- What this checks: each student's district row holds exactly the sum of their school rows for
-- the year (days enrolled, absent and suspended), and every student with school rows has one.
-- When it matters: the district row is what chronic absence and early warning judge a student
-- who moved on; a lost or doubled school would misjudge them.
-- How to fix it: look at the failing student's rows in int_student_school_attendance and the
-- district_rows CTE of fct_student_attendance (a join that drops or repeats a school).
with

attendance as (

    select * from {{ ref('fct_student_attendance') }}

),

school_totals as (

    select
        student_id,
        school_year,
        sum(days_enrolled) as days_enrolled,
        sum(days_absent) as days_absent,
        sum(out_of_school_suspension_days) as out_of_school_suspension_days
    from attendance
    where reporting_level = 'school'
    group by student_id, school_year

),

district_rows as (

    select * from attendance
    where reporting_level = 'district'

),

final as (

    select
        school_totals.student_id,
        school_totals.school_year,
        school_totals.days_enrolled as school_days_enrolled,
        district_rows.days_enrolled as district_days_enrolled,
        school_totals.days_absent as school_days_absent,
        district_rows.days_absent as district_days_absent
    from school_totals
    full outer join district_rows
        on
            school_totals.student_id = district_rows.student_id
            and school_totals.school_year = district_rows.school_year
    where
        school_totals.student_id is null
        or district_rows.student_id is null
        or school_totals.days_enrolled != district_rows.days_enrolled
        or school_totals.days_absent != district_rows.days_absent
        or school_totals.out_of_school_suspension_days
        != district_rows.out_of_school_suspension_days

)

select * from final
