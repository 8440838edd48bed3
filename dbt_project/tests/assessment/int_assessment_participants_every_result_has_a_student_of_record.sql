-- What this checks: every test result (stg_sis__assessments) is counted in
-- int_assessment_participants, i.e. it belongs to a student with a record that year
-- (dim_student), who has a school and grade to count at.
-- When it matters: a result without a student of record is left out of
-- fct_assessment_proficiency; this test says so instead of dropping it silently.
-- How to fix it: the student is missing from the year's enrollments or students extract, or the
-- result has the wrong student_id or school year; correct the export and reload it.
{{ config(severity='warn') }}

with

results as (

    select * from {{ ref('stg_sis__assessments') }}

),

participants as (

    select * from {{ ref('int_assessment_participants') }}
    where is_tested

),

final as (

    select
        results.school_year,
        results.test_name,
        results.assessment_subject,
        results._source_row_number
    from results
    left join participants
        on
            results.student_id = participants.student_id
            and results.school_year = participants.school_year
            and results.test_name = participants.test_name
            and results.assessment_subject = participants.assessment_subject
    where participants.student_id is null

)

select * from final
