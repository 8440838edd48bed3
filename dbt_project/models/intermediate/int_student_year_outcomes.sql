-- One row per student and school year with the year's graduation-track outcomes side by side, for
-- counting by school, grade and subgroup. The student is placed in one school (the school of
-- record in dim_student), so school rows add up to the district.
with

students as (

    select * from {{ ref('dim_student') }}

),

attendance as (

    select * from {{ ref('fct_student_attendance') }}

),

on_track as (

    select * from {{ ref('fct_student_on_track') }}

),

freshman_on_track as (

    select * from {{ ref('fct_freshman_on_track') }}

),

final as (

    select
        students.student_id,
        students.school_year,
        students.school_id,
        students.grade_level,
        at_school.is_chronically_absent as is_chronically_absent_at_school,
        in_district.is_chronically_absent as is_chronically_absent_in_district,
        on_track.is_on_track,
        freshman_on_track.is_freshman_on_track
    from students
    left join attendance as at_school
        on
            students.student_id = at_school.student_id
            and students.school_year = at_school.school_year
            and students.school_id = at_school.school_id
            and at_school.reporting_level = 'school'
    left join attendance as in_district
        on
            students.student_id = in_district.student_id
            and students.school_year = in_district.school_year
            and in_district.reporting_level = 'district'
    left join on_track
        on
            students.student_id = on_track.student_id
            and students.school_year = on_track.school_year
    left join freshman_on_track
        on
            students.student_id = freshman_on_track.student_id
            and students.school_year = freshman_on_track.school_year

)

select * from final
