-- Every student expected to take a test (enrolled at the school of record during the test's
-- window, in a grade the test is given in) and every student who took it, once per test and
-- subject: the denominators of participation and the numerators of proficiency.
with

results as (

    select * from {{ ref('stg_sis__assessments') }}

),

students as (

    select * from {{ ref('dim_student') }}

),

spells as (

    select * from {{ ref('int_enrollment_spells_merged') }}

),

-- a student tested twice in a year keeps the latest result
latest_results as (

    select * from results
    qualify row_number() over (
        partition by student_id, school_year, test_name, assessment_subject
        order by test_date desc
    ) = 1

),

-- the window and grades of a test are those of its results across the district
test_windows as (

    select
        school_year,
        test_name,
        assessment_subject,
        grade_level,
        min(test_date) as window_start_date,
        max(test_date) as window_end_date
    from latest_results
    group by all

),

expected as (

    select distinct
        students.student_id,
        students.school_year,
        test_windows.test_name,
        test_windows.assessment_subject
    from students
    inner join test_windows
        on
            students.school_year = test_windows.school_year
            and students.grade_level = test_windows.grade_level
    inner join spells
        on
            students.student_id = spells.student_id
            and students.school_year = spells.school_year
            and students.school_id = spells.school_id
            and test_windows.window_end_date >= spells.enrollment_start_date
            and test_windows.window_start_date <= spells.enrollment_end_date

),

participants as (

    select
        student_id,
        school_year,
        test_name,
        assessment_subject
    from expected
    union
    select
        student_id,
        school_year,
        test_name,
        assessment_subject
    from latest_results

),

final as (

    select
        participants.student_id,
        participants.school_year,
        students.school_id,
        students.grade_level,
        participants.test_name,
        participants.assessment_subject,
        latest_results.student_id is not null as is_tested,
        latest_results.test_date,
        latest_results.scale_score,
        coalesce(
            latest_results.performance_level
            >= {{ var('k12_assessment_proficient_min_level') }},
            latest_results.is_proficient
        ) as is_proficient
    from participants
    -- a result from a student with no record that year has no school to count at; the
    -- data test int_assessment_participants__every_result_has_a_student_of_record reports it
    inner join students
        on
            participants.student_id = students.student_id
            and participants.school_year = students.school_year
    left join latest_results
        on
            participants.student_id = latest_results.student_id
            and participants.school_year = latest_results.school_year
            and participants.test_name = latest_results.test_name
            and participants.assessment_subject = latest_results.assessment_subject

)

select * from final
