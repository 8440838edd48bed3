-- The population of early warning (students enrolled on the year's as-of date, from the lowest
-- grade it covers) with the raw value of each ABC indicator; fct_early_warning applies the tiers.
{%- set lowest_grade = var('k12_early_warning_lowest_grade') %}
with

student_years as (

    select * from {{ ref('int_student_years') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

attendance as (

    select * from {{ ref('fct_student_attendance') }}

),

suspensions as (

    select * from {{ ref('int_student_suspensions') }}

),

course_performance as (

    select * from {{ ref('fct_student_course_performance') }}

),

students_enrolled as (

    select
        student_years.student_id,
        student_years.school_year,
        school_years.as_of_date,
        student_years.school_id,
        student_years.grade_level
    from student_years
    inner join school_years on student_years.school_year = school_years.school_year
    where
        student_years.is_enrolled_at_as_of
        and {{ grade_number('student_years.grade_level') }} >= {{ lowest_grade }}

),

final as (

    select
        students_enrolled.*,
        attendance.days_enrolled,
        attendance.days_present,
        attendance.days_absent,
        attendance.attendance_rate,
        coalesce(suspensions.out_of_school_suspensions, 0) as out_of_school_suspensions,
        coalesce(suspensions.expulsions, 0) as expulsions,
        coalesce(suspensions.out_of_school_suspensions + suspensions.expulsions, 0)
            as suspensions_and_expulsions,
        course_performance.core_semester_fs
    from students_enrolled
    -- The district row: a student who moved is judged on the whole year in the district.
    left join attendance
        on
            students_enrolled.student_id = attendance.student_id
            and students_enrolled.school_year = attendance.school_year
            and attendance.reporting_level = 'district'
    left join suspensions
        on
            students_enrolled.student_id = suspensions.student_id
            and students_enrolled.school_year = suspensions.school_year
    left join course_performance
        on
            students_enrolled.student_id = course_performance.student_id
            and students_enrolled.school_year = course_performance.school_year

)

select * from final
