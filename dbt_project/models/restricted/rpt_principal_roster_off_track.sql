-- A school's to-do list of students off track to graduate or at high early-warning risk:
-- one row per such student enrolled at the school on the as-of date, ranked within the school
-- by early-warning tier, then by how many reasons put them here, then by name.
with

students as (

    select * from {{ ref('principal_roster_students') }}
    where is_off_track or early_warning_tier = 'high_risk'

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
        total_credits_short,
        english_credits_short,
        math_credits_short,
        science_credits_short,
        social_studies_credits_short,
        attendance_rate,
        core_semester_fs,
        current_courses_and_marks
    from students

)

select * from final
