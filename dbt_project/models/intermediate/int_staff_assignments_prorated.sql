-- What each school assignment costs in a fiscal year, so the salaries HR says a school pays can
-- be set against the salaries the ledger charged it: a year's pay accrues day by day, and only
-- the days up to the as-of date have been paid so far.
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
        school_years.year_end_date - school_years.year_start_date + 1 as days_in_year
    from assignments
    inner join school_years on assignments.school_year = school_years.school_year
    inner join schools on assignments.location_id = schools.school_id

),

final as (

    select
        *,
        greatest(counted_through_date - counted_from_date + 1, 0) as days_counted,
        round(
            annual_cost * greatest(counted_through_date - counted_from_date + 1, 0)
            / days_in_year,
            2
        )::decimal(18, 2) as prorated_cost
    from counted_windows

)

select * from final
