-- Analyst-facing: no names, birth dates or state ids (those are in restricted.student_identities).
with

students as (

    select * from {{ ref('stg_sis__students') }}

),

student_years as (

    select * from {{ ref('int_student_years') }}

),

final as (

    select
        student_years.student_id,
        student_years.school_year,
        student_years.school_id,
        student_years.grade_level,
        student_years.is_enrolled_at_as_of,
        student_years.expected_graduation_year,
        students.sex,
        students.race_ethnicity,
        students.race_ethnicity != 'white' as is_student_of_color,
        students.is_economically_disadvantaged,
        students.is_english_learner,
        students.is_student_with_disability,
        students.is_homeless,
        students.is_in_foster_care
    from student_years
    left join students
        on
            student_years.student_id = students.student_id
            and student_years.school_year = students.school_year

)

select * from final
