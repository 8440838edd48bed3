-- Numbering each school's instructional days lets a spell's enrolled days be counted as the
-- difference of two numbers instead of one row per student and day (1M students x 180 days).
with

calendar as (

    select * from {{ ref('stg_sis__calendar') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

school_calendars as (

    select distinct
        school_id,
        school_year
    from calendar

),

-- Every date of the school year (July 1 to June 30), so any date of an enrollment spell finds its
-- row even when the SIS lists only some dates (a date it does not list is not instructional).
date_spine as (

    select
        school_calendars.school_id,
        school_calendars.school_year,
        {{ dates_between('school_years.year_start_date', 'school_years.year_end_date') }}
            as calendar_date
    from school_calendars
    inner join school_years on school_calendars.school_year = school_years.school_year

),

days_flagged as (

    select
        date_spine.school_id,
        date_spine.school_year,
        date_spine.calendar_date,
        coalesce(calendar.is_instructional_day, false) as is_instructional_day
    from date_spine
    left join calendar
        on
            date_spine.school_id = calendar.school_id
            and date_spine.school_year = calendar.school_year
            and date_spine.calendar_date = calendar.calendar_date

),

numbered as (

    select
        school_id,
        school_year,
        calendar_date,
        is_instructional_day,
        cast(count(*) filter (where is_instructional_day) over (
            partition by school_id, school_year
            order by calendar_date
            rows between unbounded preceding and current row
        ) as integer) as instructional_days_through_date
    from days_flagged

),

final as (

    select
        *,
        instructional_days_through_date - cast(is_instructional_day as integer)
            as instructional_days_before_date
    from numbered

)

select * from final
