-- One row per reason a student is on a principal's roster in a school year: each off-track reason
-- of fct_student_on_track, in its order, then each early-warning indicator at warning or above
-- that does not restate one (attendance is chronic absence, course F's are core semester F's),
-- labelled from the seed roster_reason_labels.
with

on_track as (

    select * from {{ ref('fct_student_on_track') }}

),

early_warning as (

    select * from {{ ref('fct_early_warning') }}

),

labels as (

    select * from {{ ref('roster_reason_labels') }}

),

off_track_reasons as (

    select
        student_id,
        school_year,
        {{ split_to_rows('off_track_reasons', '; ', 'reason_key', 'reason_order') }}
    from on_track
    where off_track_reasons is not null

),

indicators as (

    select
        early_warning.student_id,
        early_warning.school_year,
        coalesce(on_track.is_off_track_for_chronic_absence, false) as has_attendance_reason,
        coalesce(on_track.is_off_track_for_core_semester_fs, false) as has_course_reason,
        early_warning.attendance_tier,
        early_warning.suspension_tier,
        early_warning.course_tier
    from early_warning
    left join on_track
        on
            early_warning.student_id = on_track.student_id
            and early_warning.school_year = on_track.school_year

),

-- listed after the off-track reasons (at most one per requirement area, and two more)
early_warning_reasons as (

    select
        student_id,
        school_year,
        'attendance_' || attendance_tier as reason_key,
        101 as reason_order
    from indicators
    where attendance_tier != 'none' and not has_attendance_reason
    union all
    select
        student_id,
        school_year,
        'suspensions_' || suspension_tier as reason_key,
        102 as reason_order
    from indicators
    where suspension_tier != 'none'
    union all
    select
        student_id,
        school_year,
        'course_fs_' || course_tier as reason_key,
        103 as reason_order
    from indicators
    where course_tier != 'none' and not has_course_reason

),

reasons as (

    select * from off_track_reasons
    union all
    select * from early_warning_reasons

),

final as (

    select
        reasons.student_id,
        reasons.school_year,
        reasons.reason_key,
        reasons.reason_order,
        labels.label as reason_label
    from reasons
    left join labels on reasons.reason_key = labels.reason_key

)

select * from final
