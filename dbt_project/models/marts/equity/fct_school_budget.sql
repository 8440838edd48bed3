-- Each school's budget against its spending to date, whether the salaries the ledger charged
-- the school match the staff HR places there, and its budget per census pupil.
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

final as (

    select
        totals.school_id,
        totals.fiscal_year,
        school_years.as_of_date,
        totals.adopted_budget,
        totals.revised_budget,
        totals.actual_to_date,
        totals.revised_budget - totals.actual_to_date as remaining_budget,
        round(totals.actual_to_date / nullif(totals.revised_budget, 0), 4)::decimal(10, 4)
            as share_spent,
        totals.ledger_salary_actuals,
        totals.hr_staffing_cost,
        totals.ledger_salary_actuals - totals.hr_staffing_cost
            as staffing_reconciliation_difference,
        round(
            (totals.ledger_salary_actuals - totals.hr_staffing_cost)
            / nullif(totals.hr_staffing_cost, 0),
            4
        )::decimal(10, 4) as staffing_reconciliation_difference_ratio,
        profiles.census_enrollment,
        round(totals.revised_budget / nullif(profiles.census_enrollment, 0), 2)::decimal(18, 2)
            as budget_per_pupil
    from totals
    inner join school_years on totals.fiscal_year = school_years.school_year
    left join profiles
        on
            totals.school_id = profiles.school_id
            and totals.fiscal_year = profiles.school_year

)

select * from final
