-- One row per student and school year on a transcript: the year's and the running GPA sums and
-- the core semester F's. A GPA is credit-weighted: sum(points x credits attempted) / sum(credits
-- attempted), over marks whose mark counts in the GPA (seed grade_points.is_in_gpa).
with

marks as (

    select * from {{ ref('int_course_marks_graded') }}

),

transcript_years as (

    select * from {{ ref('int_student_credits_by_area') }}
    where credit_area = 'total'

),

year_sums as (

    select
        student_id,
        school_year,
        sum(gpa_credits_attempted) as gpa_credits_attempted,
        sum(grade_points * gpa_credits_attempted) filter (where is_in_gpa)
            as grade_points_x_credits,
        sum(weighted_grade_points * gpa_credits_attempted) filter (where is_in_gpa)
            as weighted_grade_points_x_credits,
        sum(core_semester_fs) as core_semester_fs
    from marks
    group by student_id, school_year

),

running_sums as (

    select
        transcript_years.student_id,
        transcript_years.school_year,
        transcript_years.transcript_level,
        coalesce(year_sums.core_semester_fs, 0) as core_semester_fs,
        coalesce(year_sums.gpa_credits_attempted, 0) as gpa_credits_attempted,
        coalesce(year_sums.grade_points_x_credits, 0) as grade_points_x_credits,
        coalesce(year_sums.weighted_grade_points_x_credits, 0)
            as weighted_grade_points_x_credits,
        sum(coalesce(year_sums.gpa_credits_attempted, 0)) over transcript_to_date
            as cumulative_gpa_credits_attempted,
        sum(coalesce(year_sums.grade_points_x_credits, 0)) over transcript_to_date
            as cumulative_grade_points_x_credits,
        sum(coalesce(year_sums.weighted_grade_points_x_credits, 0)) over transcript_to_date
            as cumulative_weighted_grade_points_x_credits
    from transcript_years
    left join year_sums
        on
            transcript_years.student_id = year_sums.student_id
            and transcript_years.school_year = year_sums.school_year
    window transcript_to_date as (
        partition by transcript_years.student_id, transcript_years.transcript_level
        order by transcript_years.school_year
        rows between unbounded preceding and current row
    )

),

final as (

    select
        student_id,
        school_year,
        transcript_level,
        cast(core_semester_fs as integer) as core_semester_fs,
        cast(gpa_credits_attempted as decimal(12, 4)) as gpa_credits_attempted,
        round(grade_points_x_credits / nullif(gpa_credits_attempted, 0), 4) as gpa_unweighted,
        round(weighted_grade_points_x_credits / nullif(gpa_credits_attempted, 0), 4)
            as gpa_weighted,
        cast(cumulative_gpa_credits_attempted as decimal(12, 4))
            as cumulative_gpa_credits_attempted,
        round(
            cumulative_grade_points_x_credits / nullif(cumulative_gpa_credits_attempted, 0), 4
        ) as cumulative_gpa_unweighted,
        round(
            cumulative_weighted_grade_points_x_credits
            / nullif(cumulative_gpa_credits_attempted, 0),
            4
        ) as cumulative_gpa_weighted
    from running_sums

)

select * from final
