-- One row per student, school year and credit area ('total' or a subject area): the year's credits
-- and the running sum on the student's transcript. Long, so a graduation requirement in any
-- subject (a new row in the graduation_requirements seed) finds its credits without a new column.
with

marks as (

    select * from {{ ref('int_course_marks_graded') }}
    where transcript_level is not null

),

student_years as (

    select * from {{ ref('int_student_years') }}

),

-- The marks are summed once, by subject area; the totals add up those sums rather than every
-- mark again. A student's year has one transcript level (int_student_years is one row per
-- student and year), so grouping by it splits nothing.
subject_year_sums as (

    select
        student_id,
        school_year,
        transcript_level,
        subject_area,
        sum(credits_attempted) as credits_attempted,
        sum(credits_earned) as credits_earned
    from marks
    group by student_id, school_year, transcript_level, subject_area

),

year_sums as (

    select
        student_id,
        school_year,
        transcript_level,
        subject_area as credit_area,
        credits_attempted,
        credits_earned
    from subject_year_sums
    -- a course missing from dim_course still counts in the total (and fails a relationships test)
    where subject_area is not null
    union all
    select
        student_id,
        school_year,
        transcript_level,
        'total' as credit_area,
        sum(credits_attempted) as credits_attempted,
        sum(credits_earned) as credits_earned
    from subject_year_sums
    group by student_id, school_year, transcript_level

),

areas_started as (

    select
        student_id,
        transcript_level,
        credit_area,
        min(school_year) as first_school_year
    from year_sums
    group by student_id, transcript_level, credit_area

),

-- A year without a mark in the area still carries the running sum forward.
transcript_years as (

    select
        student_years.student_id,
        student_years.school_year,
        areas_started.transcript_level,
        areas_started.credit_area
    from student_years
    inner join areas_started
        on
            student_years.student_id = areas_started.student_id
            and {{ transcript_level('student_years.grade_level') }}
            = areas_started.transcript_level
            and student_years.school_year >= areas_started.first_school_year

),

final as (

    select
        transcript_years.student_id,
        transcript_years.school_year,
        transcript_years.transcript_level,
        transcript_years.credit_area,
        cast(coalesce(year_sums.credits_attempted, 0) as decimal(12, 4)) as credits_attempted,
        cast(coalesce(year_sums.credits_earned, 0) as decimal(12, 4)) as credits_earned,
        cast(
            sum(coalesce(year_sums.credits_attempted, 0)) over transcript_to_date as decimal(12, 4)
        ) as cumulative_credits_attempted,
        cast(
            sum(coalesce(year_sums.credits_earned, 0)) over transcript_to_date as decimal(12, 4)
        ) as cumulative_credits_earned
    from transcript_years
    left join year_sums
        on
            transcript_years.student_id = year_sums.student_id
            and transcript_years.school_year = year_sums.school_year
            and transcript_years.credit_area = year_sums.credit_area
    window transcript_to_date as (
        partition by
            transcript_years.student_id,
            transcript_years.transcript_level,
            transcript_years.credit_area
        order by transcript_years.school_year
        rows between unbounded preceding and current row
    )

)

select * from final
