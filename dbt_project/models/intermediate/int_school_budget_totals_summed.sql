-- A school's budget lines added up for the year, next to the salary cost HR implies for the
-- staff it places there, so ledger salaries can be reconciled with the HR roster.
with

budget_lines as (

    select * from {{ ref('fct_school_budget_lines') }}

),

staff_costs as (

    select * from {{ ref('int_staff_assignments_prorated') }}

),

budget_totals as (

    -- NCES object 100 series = salaries (Handbook II)
    select
        school_id,
        fiscal_year,
        sum(adopted_budget) as adopted_budget,
        sum(revised_budget) as revised_budget,
        sum(actual_to_date) as actual_to_date,
        coalesce(sum(actual_to_date) filter (where object_code between '100' and '199'), 0)
            as ledger_salary_actuals
    from budget_lines
    group by school_id, fiscal_year

),

hr_totals as (

    select
        school_id,
        fiscal_year,
        sum(prorated_cost) as hr_staffing_cost
    from staff_costs
    group by school_id, fiscal_year

),

-- a school HR staffs but the ledger never charged is exactly what the reconciliation is for
final as (

    select
        coalesce(budget_totals.school_id, hr_totals.school_id) as school_id,
        coalesce(budget_totals.fiscal_year, hr_totals.fiscal_year) as fiscal_year,
        coalesce(budget_totals.adopted_budget, 0)::decimal(18, 2) as adopted_budget,
        coalesce(budget_totals.revised_budget, 0)::decimal(18, 2) as revised_budget,
        coalesce(budget_totals.actual_to_date, 0)::decimal(18, 2) as actual_to_date,
        coalesce(budget_totals.ledger_salary_actuals, 0)::decimal(18, 2)
            as ledger_salary_actuals,
        coalesce(hr_totals.hr_staffing_cost, 0)::decimal(18, 2) as hr_staffing_cost
    from budget_totals
    full outer join hr_totals
        on
            budget_totals.school_id = hr_totals.school_id
            and budget_totals.fiscal_year = hr_totals.fiscal_year

)

select * from final
