-- Each school's budget against its spending to date, whether the salaries the ledger charged
-- the school match the staff HR places there, its budget per census pupil, and what next year's
-- projected enrollment means for a budget funded per pupil.
with

totals as (

    select * from {{ ref('int_school_budget_totals_summed') }}

),

profiles as (

    select * from {{ ref('fct_school_profile') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

projections as (

    select * from {{ ref('fct_enrollment_projection') }}

),

-- only the forward projection: a back-test row re-projects a year that already has a census
next_year_enrollments as (

    select
        school_id,
        projection_year - 1 as fiscal_year,
        round(sum(projected_enrollment))::integer as projected_next_year_enrollment
    from projections
    where not is_backtest
    group by school_id, projection_year

),

per_pupil as (

    select
        totals.*,
        school_years.as_of_date,
        profiles.census_enrollment,
        totals.revised_budget / nullif(profiles.census_enrollment, 0) as unrounded_per_pupil,
        next_year_enrollments.projected_next_year_enrollment
    from totals
    inner join school_years on totals.fiscal_year = school_years.school_year
    left join profiles
        on
            totals.school_id = profiles.school_id
            and totals.fiscal_year = profiles.school_year
    left join next_year_enrollments
        on
            totals.school_id = next_year_enrollments.school_id
            and totals.fiscal_year = next_year_enrollments.fiscal_year

),

final as (

    select
        school_id,
        fiscal_year,
        as_of_date,
        -- not_sent: the district sent no budget for the year; every budget figure is null
        budget_status,
        adopted_budget,
        revised_budget,
        actual_to_date,
        revised_budget - actual_to_date as remaining_budget,
        round(actual_to_date / nullif(revised_budget, 0), 4)::decimal(10, 4) as share_spent,
        ledger_salary_actuals,
        hr_staffing_cost,
        ledger_salary_actuals - hr_staffing_cost as staffing_reconciliation_difference,
        round(
            (ledger_salary_actuals - hr_staffing_cost) / nullif(hr_staffing_cost, 0), 4
        )::decimal(10, 4) as staffing_reconciliation_difference_ratio,
        census_enrollment,
        round(unrounded_per_pupil, 2)::decimal(18, 2) as budget_per_pupil,
        projected_next_year_enrollment,
        -- student-based budgeting: next year's pupils funded at this year's rate
        round(unrounded_per_pupil * projected_next_year_enrollment, 2)::decimal(18, 2)
            as projected_next_year_budget,
        -- the other reading: the same dollars spread over next year's pupils
        round(revised_budget / nullif(projected_next_year_enrollment, 0), 2)::decimal(18, 2)
            as projected_next_year_per_pupil_budget_at_flat_budget
    from per_pupil

)

select * from final
