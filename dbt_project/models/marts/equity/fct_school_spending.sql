-- ESSA school-level per-pupil expenditure: each school's current spending (its own lines plus
-- its share of central spending) per census-day pupil and per need-weighted pupil.
with

spending as (

    select * from {{ ref('int_school_spending_summed') }}

),

census as (

    select * from {{ ref('int_school_enrollment_need_weighted') }}

),

in_dollars as (

    -- cents times 0.01 stays an exact decimal (dividing would make a double)
    select
        spending.school_id,
        spending.fiscal_year,
        census.census_date,
        coalesce(census.census_enrollment, 0) as census_enrollment,
        coalesce(census.need_weighted_enrollment, 0) as need_weighted_enrollment,
        (spending.school_coded_cents * 0.01)::decimal(18, 2) as school_coded_expenditure,
        (spending.central_allocated_cents * 0.01)::decimal(18, 2)
            as central_allocated_expenditure,
        (spending.total_cents * 0.01)::decimal(18, 2) as total_expenditure,
        (spending.personnel_cents * 0.01)::decimal(18, 2) as personnel_expenditure,
        (spending.non_personnel_cents * 0.01)::decimal(18, 2) as non_personnel_expenditure,
        (spending.federal_cents * 0.01)::decimal(18, 2) as federal_expenditure,
        (spending.state_local_cents * 0.01)::decimal(18, 2) as state_local_expenditure
    from spending
    left join census
        on
            spending.school_id = census.school_id
            and spending.fiscal_year = census.school_year

),

per_pupil as (

    -- the district figure pools all schools: total spending over total census pupils
    select
        *,
        sum(total_expenditure) over (partition by fiscal_year)
        / nullif(sum(census_enrollment) over (partition by fiscal_year), 0)
            as district_per_pupil,
        total_expenditure / nullif(census_enrollment, 0) as per_pupil
    from in_dollars

),

final as (

    select
        school_id,
        fiscal_year,
        census_date,
        census_enrollment,
        need_weighted_enrollment,
        school_coded_expenditure,
        central_allocated_expenditure,
        total_expenditure,
        personnel_expenditure,
        non_personnel_expenditure,
        federal_expenditure,
        state_local_expenditure,
        round(per_pupil, 2)::decimal(18, 2) as per_pupil_expenditure,
        round(federal_expenditure / nullif(census_enrollment, 0), 2)::decimal(18, 2)
            as federal_per_pupil_expenditure,
        round(state_local_expenditure / nullif(census_enrollment, 0), 2)::decimal(18, 2)
            as state_local_per_pupil_expenditure,
        round(total_expenditure / nullif(need_weighted_enrollment, 0), 2)::decimal(18, 2)
            as per_weighted_pupil_expenditure,
        round(district_per_pupil, 2)::decimal(18, 2) as district_per_pupil_expenditure,
        round(per_pupil / nullif(district_per_pupil, 0), 4)::decimal(10, 4)
            as per_pupil_ratio_to_district
    from per_pupil

)

select * from final
