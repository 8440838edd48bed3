-- One row per student and school year on a transcript: credits, core semester F's and GPAs, for
-- the year and running over the student's years at the same transcript level in the district.
-- Any subject's credits are in int_student_credits_by_area (one row per area: max picks it);
-- the four core subjects are columns.
with

students as (

    select * from {{ ref('dim_student') }}

),

credits_by_area as (

    select * from {{ ref('int_student_credits_by_area') }}

),

gpa as (

    select * from {{ ref('int_student_gpa_by_year') }}

),

credits_wide as (

    select
        student_id,
        school_year,
        coalesce(max(credits_attempted) filter (where credit_area = 'total'), 0)
            as credits_attempted,
        coalesce(max(credits_earned) filter (where credit_area = 'total'), 0)
            as credits_earned,
        coalesce(max(cumulative_credits_attempted) filter (where credit_area = 'total'), 0)
            as cumulative_credits_attempted,
        coalesce(max(cumulative_credits_earned) filter (where credit_area = 'total'), 0)
            as cumulative_credits_earned,
        coalesce(max(credits_attempted) filter (where credit_area = 'english'), 0)
            as english_credits_attempted,
        coalesce(max(credits_earned) filter (where credit_area = 'english'), 0)
            as english_credits_earned,
        coalesce(max(cumulative_credits_attempted) filter (where credit_area = 'english'), 0)
            as cumulative_english_credits_attempted,
        coalesce(max(cumulative_credits_earned) filter (where credit_area = 'english'), 0)
            as cumulative_english_credits_earned,
        coalesce(max(credits_attempted) filter (where credit_area = 'math'), 0)
            as math_credits_attempted,
        coalesce(max(credits_earned) filter (where credit_area = 'math'), 0)
            as math_credits_earned,
        coalesce(max(cumulative_credits_attempted) filter (where credit_area = 'math'), 0)
            as cumulative_math_credits_attempted,
        coalesce(max(cumulative_credits_earned) filter (where credit_area = 'math'), 0)
            as cumulative_math_credits_earned,
        coalesce(max(credits_attempted) filter (where credit_area = 'science'), 0)
            as science_credits_attempted,
        coalesce(max(credits_earned) filter (where credit_area = 'science'), 0)
            as science_credits_earned,
        coalesce(max(cumulative_credits_attempted) filter (where credit_area = 'science'), 0)
            as cumulative_science_credits_attempted,
        coalesce(max(cumulative_credits_earned) filter (where credit_area = 'science'), 0)
            as cumulative_science_credits_earned,
        coalesce(max(credits_attempted) filter (where credit_area = 'social_studies'), 0)
            as social_studies_credits_attempted,
        coalesce(max(credits_earned) filter (where credit_area = 'social_studies'), 0)
            as social_studies_credits_earned,
        coalesce(max(cumulative_credits_attempted) filter (where credit_area = 'social_studies'), 0)
            as cumulative_social_studies_credits_attempted,
        coalesce(max(cumulative_credits_earned) filter (where credit_area = 'social_studies'), 0)
            as cumulative_social_studies_credits_earned
    from credits_by_area
    group by student_id, school_year

),

final as (

    select
        gpa.student_id,
        gpa.school_year,
        students.school_id,
        students.grade_level,
        gpa.transcript_level,
        -- the twenty credit columns, in credits_wide's order
        {{ star_except('credits_wide', ['student_id', 'school_year']) }},  -- noqa: RF02
        gpa.core_semester_fs,
        gpa.gpa_credits_attempted,
        gpa.gpa_unweighted,
        gpa.gpa_weighted,
        gpa.cumulative_gpa_credits_attempted,
        gpa.cumulative_gpa_unweighted,
        gpa.cumulative_gpa_weighted
    from gpa
    inner join credits_wide
        on
            gpa.student_id = credits_wide.student_id
            and gpa.school_year = credits_wide.school_year
    -- every transcript year comes from int_student_years, so the student-year is always there
    inner join students
        on
            gpa.student_id = students.student_id
            and gpa.school_year = students.school_year

)

select * from final
