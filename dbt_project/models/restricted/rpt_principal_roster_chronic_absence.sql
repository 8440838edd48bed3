-- A school's to-do list of students chronically absent at the school this year (its own days,
-- fct_student_attendance school rows): one row per such student enrolled there on the as-of
-- date, ranked within the school like the off-track list: early-warning tier, reasons, name.
with

students as (

    select * from {{ ref('principal_roster_students') }}
    where is_chronically_absent_here

),

final as (

    select
        school_id,
        school_year,
        {{ roster_rank() }} as roster_rank,
        student_id,
        state_student_id,
        last_name,
        first_name,
        grade_level,
        counselor_or_advisor,
        early_warning_tier,
        is_off_track,
        reasons,
        reason_keys,
        reason_count,
        days_enrolled_here as days_enrolled,
        days_absent_here as days_absent,
        attendance_rate_here as attendance_rate,
        core_semester_fs,
        current_courses_and_marks
    from students

)

select * from final
