-- The school measures central spending is shared by (seed central_cost_allocation_drivers),
-- one row per school, fiscal year and driver, taken on census day like the enrollment.
with

census_enrollment as (

    select * from {{ ref('int_school_enrollment_need_weighted') }}

),

assignments as (

    select * from {{ ref('stg_hr__staff_assignments') }}

),

schools as (

    select * from {{ ref('dim_school') }}

),

teacher_fte as (

    select
        assignments.location_id as school_id,
        census_enrollment.school_year,
        sum(assignments.fte) as driver_units
    from assignments
    inner join census_enrollment
        on
            assignments.location_id = census_enrollment.school_id
            and assignments.school_year = census_enrollment.school_year
            and assignments.assignment_start_date <= census_enrollment.census_date
            and coalesce(assignments.assignment_end_date, census_enrollment.census_date)
            >= census_enrollment.census_date
    where assignments.job_category = 'teacher'
    group by assignments.location_id, census_enrollment.school_year

),

drivers as (

    select
        school_id,
        school_year,
        'teacher_fte' as allocation_driver,
        driver_units::decimal(18, 4) as driver_units
    from teacher_fte

    union all

    select
        school_id,
        school_year,
        'enrollment' as allocation_driver,
        census_enrollment::decimal(18, 4) as driver_units
    from census_enrollment

),

final as (

    -- only schools the district runs take a share; zero drivers take nothing
    select
        drivers.school_id,
        drivers.school_year as fiscal_year,
        drivers.allocation_driver,
        drivers.driver_units
    from drivers
    inner join schools on drivers.school_id = schools.school_id
    where drivers.driver_units > 0

)

select * from final
