-- One row per student, school and instructional day with an absence counted toward attendance:
-- only days inside an enrollment stretch at that school up to the as-of date, and never from the
-- codes that are recorded but are not absence (tardy, early dismissal by default).
with

attendance as (

    select * from {{ ref('stg_sis__attendance') }}

),

stretches as (

    select * from {{ ref('int_enrollment_spells_merged') }}

),

calendar_days as (

    select * from {{ ref('int_school_calendar_days_numbered') }}

),

absences_on_enrolled_days as (

    select
        attendance.student_id,
        attendance.school_id,
        attendance.school_year,
        attendance.attendance_date,
        attendance.day_fraction_absent,
        case
            when attendance.attendance_code = 'suspension_out_of_school'
                then attendance.day_fraction_absent
            else 0
        end as day_fraction_out_of_school_suspension
    from attendance
    inner join stretches
        on
            attendance.student_id = stretches.student_id
            and attendance.school_id = stretches.school_id
            and attendance.school_year = stretches.school_year
            and attendance.attendance_date
            between stretches.enrollment_start_date and stretches.enrollment_end_date
    inner join calendar_days
        on
            attendance.school_id = calendar_days.school_id
            and attendance.school_year = calendar_days.school_year
            and attendance.attendance_date = calendar_days.calendar_date
    where
        calendar_days.is_instructional_day
        {%- if var('k12_attendance_codes_not_absence') %}
            and attendance.attendance_code not in (
                {%- for code in var('k12_attendance_codes_not_absence') %}
                    '{{ code }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
        {%- endif %}

),

-- Several events on one day (two half-day absences, say) add up, but a day is missed at most once.
final as (

    select
        student_id,
        school_id,
        school_year,
        attendance_date,
        cast(least(sum(day_fraction_absent), 1) as decimal(12, 4)) as day_fraction_absent,
        cast(least(sum(day_fraction_out_of_school_suspension), 1) as decimal(12, 4))
            as day_fraction_out_of_school_suspension
    from absences_on_enrolled_days
    group by student_id, school_id, school_year, attendance_date
    having sum(day_fraction_absent) > 0

)

select * from final
