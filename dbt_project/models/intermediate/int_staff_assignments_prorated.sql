-- What each school assignment costs in a fiscal year, so the salaries HR says a school pays can
-- be set against the salaries the ledger charged it. A salary pays for the school's work year,
-- not for 365 days from July 1: an assignment from the first contract day in August to June 30
-- is a full year's pay. So the cost is the annual amount times the share of the school's
-- instructional days the assignment covers, up to the as-of date.
with

assignments as (

    select * from {{ ref('stg_hr__staff_assignments') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

schools as (

    select * from {{ ref('dim_school') }}

),

calendar_days as (

    select * from {{ ref('int_school_calendar_days_numbered') }}

),

counted_windows as (

    select
        assignments.staff_id,
        assignments.location_id as school_id,
        assignments.school_year as fiscal_year,
        assignments.position_code,
        assignments.job_category,
        assignments.fte,
        assignments.assignment_start_date,
        assignments.assignment_end_date,
        coalesce(assignments.base_salary, 0) + coalesce(assignments.stipend_amount, 0)
            as annual_cost,
        greatest(assignments.assignment_start_date, school_years.year_start_date)
            as counted_from_date,
        least(
            coalesce(assignments.assignment_end_date, school_years.year_end_date),
            school_years.year_end_date,
            school_years.as_of_date
        ) as counted_through_date,
        school_years.year_start_date,
        school_years.year_end_date
    from assignments
    inner join school_years on assignments.school_year = school_years.school_year
    inner join schools on assignments.location_id = schools.school_id

),

-- The numbered calendar has a row for every date of a year the school has a calendar for, so
-- three lookups give the instructional days before the first counted date, through the last,
-- and in the whole year; a school without a calendar finds no rows.
days_looked_up as (

    select
        counted_windows.*,
        year_end.instructional_days_through_date as year_instructional_days,
        case
            when counted_windows.counted_through_date >= counted_windows.counted_from_date
                then greatest(
                    through_day.instructional_days_through_date
                    - from_day.instructional_days_before_date,
                    0
                )
            else 0
        end as covered_instructional_days,
        {{ dbt.datediff(
            'counted_windows.year_start_date', 'counted_windows.year_end_date', 'day'
        ) }}
        + 1 as year_calendar_days,
        greatest(
            {{ dbt.datediff(
                'counted_windows.counted_from_date', 'counted_windows.counted_through_date', 'day'
            ) }} + 1,
            0
        ) as covered_calendar_days
    from counted_windows
    left join calendar_days as year_end
        on
            counted_windows.school_id = year_end.school_id
            and counted_windows.fiscal_year = year_end.school_year
            and counted_windows.year_end_date = year_end.calendar_date
    left join calendar_days as from_day
        on
            counted_windows.school_id = from_day.school_id
            and counted_windows.fiscal_year = from_day.school_year
            and counted_windows.counted_from_date = from_day.calendar_date
    left join calendar_days as through_day
        on
            counted_windows.school_id = through_day.school_id
            and counted_windows.fiscal_year = through_day.school_year
            and counted_windows.counted_through_date = through_day.calendar_date

),

-- Without a calendar of the school's year (or one with no instructional day) there is no work
-- year to share out: calendar days are the stated fallback, flagged in proration_basis.
based as (

    select
        *,
        coalesce(year_instructional_days, 0) > 0 as has_school_calendar
    from days_looked_up

),

proration_chosen as (

    select
        staff_id,
        school_id,
        fiscal_year,
        position_code,
        job_category,
        fte,
        assignment_start_date,
        assignment_end_date,
        annual_cost,
        counted_from_date,
        counted_through_date,
        case
            when has_school_calendar then 'school instructional days'
            else 'calendar days (no school calendar for the year)'
        end as proration_basis,
        case
            when has_school_calendar then covered_instructional_days else covered_calendar_days
        end as days_counted,
        case
            when has_school_calendar then year_instructional_days else year_calendar_days
        end as days_in_year
    from based

),

final as (

    select
        *,
        cast(round(annual_cost * days_counted / days_in_year, 2) as decimal(18, 2))
            as prorated_cost
    from proration_chosen

)

select * from final
