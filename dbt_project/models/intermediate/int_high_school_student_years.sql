-- One row per student and school year in grades 9-12: the year's placement and as-of date, and
-- whether the district holds the student's transcript for every earlier high-school grade. A
-- student who arrived from outside the district, or whose earlier grades fall before the data
-- window, cannot be judged on credit shortfalls.
with

student_years as (

    select * from {{ ref('int_student_years') }}
    where {{ grade_number('grade_level') }} between 9 and 12

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}
    where {{ grade_number('grade_level') }} between 9 and 12

),

earlier_grades as (

    select
        student_years.student_id,
        student_years.school_year,
        count(distinct enrollments.grade_level) filter (
            where
            {{ grade_number('enrollments.grade_level') }}
            < {{ grade_number('student_years.grade_level') }}
        ) as earlier_high_school_grades_in_district,
        count(enrollments.grade_level) filter (where enrollments.grade_level = '09') > 0
            as has_earlier_grade_09_year,
        min(enrollments.school_year) as first_high_school_year_in_district
    from student_years
    left join enrollments
        on
            student_years.student_id = enrollments.student_id
            and student_years.school_year > enrollments.school_year
    group by student_years.student_id, student_years.school_year

),

final as (

    select
        student_years.student_id,
        student_years.school_year,
        school_years.as_of_date,
        school_years.is_complete as is_year_complete,
        student_years.school_id,
        student_years.grade_level,
        student_years.is_enrolled_at_as_of,
        student_years.last_exit_code,
        coalesce(earlier_grades.first_high_school_year_in_district, student_years.school_year)
            as first_high_school_year_in_district,
        earlier_grades.earlier_high_school_grades_in_district,
        earlier_grades.has_earlier_grade_09_year,
        -- grade 11 needs grades 9 and 10 on record: 11 - 9 = 2 earlier grades
        earlier_grades.earlier_high_school_grades_in_district
        < {{ grade_number('student_years.grade_level') }} - 9 as has_incomplete_history
    from student_years
    inner join school_years on student_years.school_year = school_years.school_year
    inner join earlier_grades
        on
            student_years.student_id = earlier_grades.student_id
            and student_years.school_year = earlier_grades.school_year

)

select * from final
