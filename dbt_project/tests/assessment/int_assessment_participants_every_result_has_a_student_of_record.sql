-- What this checks: every test result (stg_sis__assessments) belongs to a student with a record
-- that year (dim_student), so it has a school and grade to count at.
-- When it matters: int_assessment_participants places results at the school of record; a result
-- without one is left out of fct_assessment_proficiency, and this test says so.
-- How to fix it: the student is missing from the year's enrollments or students extract, or the
-- result has the wrong student_id or school year; correct the export and reload it.
{{ config(severity='warn') }}

with

results as (

    select * from {{ ref('stg_sis__assessments') }}

),

students as (

    select * from {{ ref('dim_student') }}

),

final as (

    select
        results.school_year,
        results.test_name,
        results.assessment_subject,
        results._source_row_number
    from results
    left join students
        on
            results.student_id = students.student_id
            and results.school_year = students.school_year
    where students.student_id is null

)

select * from final
