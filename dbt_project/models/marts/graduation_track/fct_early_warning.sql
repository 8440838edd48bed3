-- The ABC early-warning indicators (attendance, behaviour, course performance) for each student
-- enrolled on the year's as-of date, each with its tier, and an overall tier.
with

indicators as (

    select * from {{ ref('int_early_warning_indicators') }}

),

tiers as (

    select
        *,
        -- Judged on exact days, not the rounded rate; too few days enrolled are not judged.
        case
            when
                days_enrolled is null
                or days_enrolled < {{ var('k12_chronic_absence_min_days_enrolled') }}
                then 'none'
            when
                days_present
                < {{ var('k12_early_warning_attendance_high_risk_below') }} * days_enrolled
                then 'high_risk'
            when
                days_present
                < {{ var('k12_early_warning_attendance_warning_below') }} * days_enrolled
                then 'warning'
            else 'none'
        end as attendance_tier,
        case
            when
                suspensions_and_expulsions
                >= {{ var('k12_early_warning_suspensions_high_risk_at') }}
                then 'high_risk'
            when
                suspensions_and_expulsions
                >= {{ var('k12_early_warning_suspensions_warning_at') }}
                then 'warning'
            else 'none'
        end as suspension_tier,
        case
            when core_semester_fs >= {{ var('k12_early_warning_core_fs_high_risk_at') }}
                then 'high_risk'
            when core_semester_fs >= {{ var('k12_early_warning_core_fs_warning_at') }}
                then 'warning'
            else 'none'
        end as course_tier
    from indicators

),

counted as (

    select
        *,
        cast(attendance_tier != 'none' as integer)
        + cast(suspension_tier != 'none' as integer)
        + cast(course_tier != 'none' as integer) as indicators_at_warning_or_above,
        'high_risk' in (attendance_tier, suspension_tier, course_tier)
            as has_high_risk_indicator
    from tiers

),

final as (

    select
        student_id,
        school_year,
        as_of_date,
        school_id,
        grade_level,
        days_enrolled,
        days_absent,
        attendance_rate,
        attendance_tier,
        out_of_school_suspensions,
        expulsions,
        suspensions_and_expulsions,
        suspension_tier,
        core_semester_fs,
        course_tier,
        indicators_at_warning_or_above,
        case
            when
                has_high_risk_indicator
                or indicators_at_warning_or_above
                >= {{ var('k12_early_warning_indicators_for_high_risk') }}
                then 'high_risk'
            when indicators_at_warning_or_above >= 1 then 'warning'
            else 'none'
        end as early_warning_tier
    from counted

)

select * from final
