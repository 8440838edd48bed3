-- Counts each enrollment stretch's instructional days (the school's own calendar) as the
-- difference of two running day numbers, so no table of students by days is ever built.
with

stretches as (

    select * from {{ ref('int_enrollment_spells_merged') }}

),

calendar_days as (

    select * from {{ ref('int_school_calendar_days_numbered') }}

),

final as (

    select
        stretches.student_id,
        stretches.school_id,
        stretches.school_year,
        stretches.stretch_number,
        stretches.enrollment_start_date,
        stretches.enrollment_end_date,
        stretches.grade_level,
        stretches.spells_merged,
        start_day.school_id is not null as has_school_calendar,
        -- Both days lie within the school year, which the calendar covers day by day.
        case
            when stretches.enrollment_start_date <= stretches.enrollment_end_date
                then coalesce(
                    end_day.instructional_days_through_date
                    - start_day.instructional_days_before_date,
                    0
                )
            else 0
        end as days_enrolled
    from stretches
    left join calendar_days as start_day
        on
            stretches.school_id = start_day.school_id
            and stretches.school_year = start_day.school_year
            and stretches.enrollment_start_date = start_day.calendar_date
    left join calendar_days as end_day
        on
            stretches.school_id = end_day.school_id
            and stretches.school_year = end_day.school_year
            and stretches.enrollment_end_date = end_day.calendar_date

)

select * from final
