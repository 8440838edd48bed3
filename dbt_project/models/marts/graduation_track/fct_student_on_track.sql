-- One row per student in grades 9-12 and school year, judged at the year's as-of date: on track to
-- graduate unless short of credits at the checkpoint (total or any required subject), failing too
-- many core semesters this year, or chronically absent this year.
with

credit_standing as (

    select * from {{ ref('int_student_credit_standing') }}

),

course_performance as (

    select * from {{ ref('fct_student_course_performance') }}

),

district_attendance as (

    select * from {{ ref('fct_student_attendance') }}
    where reporting_level = 'district'

),

judged as (

    select
        credit_standing.student_id,
        credit_standing.school_year,
        credit_standing.as_of_date,
        credit_standing.is_year_complete,
        credit_standing.school_id,
        credit_standing.grade_level,
        credit_standing.is_enrolled_at_as_of,
        credit_standing.checkpoint_grade_level,
        coalesce(course_performance.cumulative_credits_earned, 0) as cumulative_credits_earned,
        credit_standing.credits_expected,
        credit_standing.total_credits_short,
        coalesce(course_performance.cumulative_english_credits_earned, 0)
            as cumulative_english_credits_earned,
        credit_standing.english_credits_expected,
        coalesce(course_performance.cumulative_math_credits_earned, 0)
            as cumulative_math_credits_earned,
        credit_standing.math_credits_expected,
        coalesce(course_performance.cumulative_science_credits_earned, 0)
            as cumulative_science_credits_earned,
        credit_standing.science_credits_expected,
        coalesce(course_performance.cumulative_social_studies_credits_earned, 0)
            as cumulative_social_studies_credits_earned,
        credit_standing.social_studies_credits_expected,
        coalesce(course_performance.core_semester_fs, 0) as core_semester_fs,
        district_attendance.is_chronically_absent,
        credit_standing.first_high_school_year_in_district,
        credit_standing.has_incomplete_history,
        credit_standing.is_off_track_for_total_credits,
        credit_standing.is_off_track_for_subject_credits,
        coalesce(course_performance.core_semester_fs, 0)
        >= {{ var('k12_on_track_core_semester_fs_off_track_at') }}
            as is_off_track_for_core_semester_fs,
        -- not eligible (under the minimum days) is not a reason
        coalesce(district_attendance.is_chronically_absent, false)
            as is_off_track_for_chronic_absence,
        credit_standing.credit_reasons
    from credit_standing
    left join course_performance
        on
            credit_standing.student_id = course_performance.student_id
            and credit_standing.school_year = course_performance.school_year
    left join district_attendance
        on
            credit_standing.student_id = district_attendance.student_id
            and credit_standing.school_year = district_attendance.school_year

),

final as (

    select
        {{ star_except(none, ['credit_reasons']) }},
        not is_off_track_for_total_credits
        and not is_off_track_for_subject_credits
        and not is_off_track_for_core_semester_fs
        and not is_off_track_for_chronic_absence as is_on_track,
        nullif(concat_ws(
            '; ',
            credit_reasons,
            case when is_off_track_for_core_semester_fs then 'core_semester_fs' end,
            case when is_off_track_for_chronic_absence then 'chronically_absent' end
        ), '') as off_track_reasons
    from judged

)

select * from final
