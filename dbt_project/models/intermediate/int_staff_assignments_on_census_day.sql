-- Staffing is counted on one census day per year, as the CRDC and state staff collections count
-- it, so a position vacated and refilled during the year is one FTE, not two.
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

-- A year in progress that has not reached its census day yet is counted as of its as-of date.
census_days as (

    select
        school_year,
        year_start_date,
        least({{ census_date('school_year') }}, as_of_date) as census_date
    from school_years

),

final as (

    select
        assignments.staff_id,
        assignments.location_id as school_id,
        assignments.school_year,
        census_days.census_date,
        assignments.position_code,
        assignments.job_category,
        assignments.subject_area,
        assignments.fte,
        assignments.base_salary,
        assignments.stipend_amount,
        assignments.assignment_start_date,
        assignments.assignment_end_date
    from assignments
    inner join census_days on assignments.school_year = census_days.school_year
    inner join schools on assignments.location_id = schools.school_id
    where
        census_days.census_date >= census_days.year_start_date
        and assignments.assignment_start_date <= census_days.census_date
        and coalesce(assignments.assignment_end_date, census_days.census_date)
        >= census_days.census_date

)

select * from final
