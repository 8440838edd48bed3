-- One row per student in grades 9-12, school year and requirement area of the
-- graduation_requirements seed: the credits expected at the year's checkpoint and those earned.
-- Checkpoint: a complete year is judged at the end of the current grade; a year in progress at
-- the end of the previous grade (a 9th grader mid-year owes nothing yet), because the year's
-- credits are not all posted until it ends.
with

student_years as (

    select * from {{ ref('int_high_school_student_years') }}

),

requirements as (

    select * from {{ ref('graduation_requirements') }}

),

credits_by_area as (

    select * from {{ ref('int_student_credits_by_area') }}
    where transcript_level = 'high_school'

),

requirement_areas as (

    select distinct requirement_area from requirements

),

checkpoints as (

    select
        student_years.student_id,
        student_years.school_year,
        {{ grade_number('student_years.grade_level') }}
        - case when student_years.is_year_complete then 0 else 1 end as checkpoint_grade
    from student_years

),

-- An area with no row for the checkpoint grade keeps the expectation of its latest earlier grade
-- (none before its first row: science defaults to grade 12 only).
expected as (

    select
        checkpoints.student_id,
        checkpoints.school_year,
        checkpoints.checkpoint_grade,
        requirement_areas.requirement_area,
        coalesce(
            max_by(
                requirements.credits_expected_by_end_of_grade,
                {{ grade_number('requirements.grade_level') }}
            ),
            0
        ) as credits_expected
    from checkpoints
    cross join requirement_areas
    left join requirements
        on
            requirement_areas.requirement_area = requirements.requirement_area
            and checkpoints.checkpoint_grade
            >= {{ grade_number('requirements.grade_level') }}
    group by all

),

earned as (

    select
        expected.*,
        coalesce(credits_by_area.cumulative_credits_earned, 0) as cumulative_credits_earned
    from expected
    left join credits_by_area
        on
            expected.student_id = credits_by_area.student_id
            and expected.school_year = credits_by_area.school_year
            and expected.requirement_area = credits_by_area.credit_area

),

final as (

    select
        student_id,
        school_year,
        requirement_area,
        -- back to a grade code ('09'); null when nothing is expected yet
        case when checkpoint_grade >= 9 then lpad(cast(checkpoint_grade as string), 2, '0') end
            as checkpoint_grade_level,
        credits_expected,
        cumulative_credits_earned,
        greatest(credits_expected - cumulative_credits_earned, 0) as credits_short,
        cumulative_credits_earned < credits_expected as is_short
    from earned

)

select * from final
