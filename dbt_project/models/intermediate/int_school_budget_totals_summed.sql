-- A school's budget lines added up for the year, next to the salary cost HR implies for the
-- staff it places there, so ledger salaries can be reconciled with the HR roster.
with

budget_lines as (

    select * from {{ ref('fct_school_budget_lines') }}

),

staff_costs as (

    select * from {{ ref('int_staff_assignments_prorated') }}

),

budget_statuses as (

    select * from {{ ref('int_budget_status_by_year') }}

),

salary_ranges as (

    select * from {{ ref('personnel_objects') }}
    where personnel_kind = 'salaries'

),

-- the object codes the seed calls salaries (NCES: the 100 series), compared as numbers
salary_objects as (

    select distinct line_objects.object_code
    from (select distinct object_code from budget_lines) as line_objects
    inner join salary_ranges
        on {{ finance_code_in_range(
            'line_objects.object_code',
            'salary_ranges.object_code_min',
            'salary_ranges.object_code_max'
        ) }}

),

budget_totals as (

    select
        budget_lines.school_id,
        budget_lines.fiscal_year,
        sum(budget_lines.adopted_budget) as adopted_budget,
        sum(budget_lines.revised_budget) as revised_budget,
        sum(budget_lines.actual_to_date) as actual_to_date,
        coalesce(
            sum(budget_lines.actual_to_date) filter (
                where salary_objects.object_code is not null
            ),
            0
        ) as ledger_salary_actuals
    from budget_lines
    left join salary_objects on budget_lines.object_code = salary_objects.object_code
    group by budget_lines.school_id, budget_lines.fiscal_year

),

hr_totals as (

    select
        school_id,
        fiscal_year,
        sum(prorated_cost) as hr_staffing_cost
    from staff_costs
    group by school_id, fiscal_year

),

-- a school HR staffs but the ledger never charged is exactly what the reconciliation is for;
-- in a year with no budget extract the budget is unknown (null), not zero
final as (

    select
        coalesce(budget_totals.school_id, hr_totals.school_id) as school_id,
        coalesce(budget_totals.fiscal_year, hr_totals.fiscal_year) as fiscal_year,
        budget_statuses.budget_status,
        case
            when budget_statuses.budget_status = 'sent'
                then coalesce(budget_totals.adopted_budget, 0)::decimal(18, 2)
        end as adopted_budget,
        case
            when budget_statuses.budget_status = 'sent'
                then coalesce(budget_totals.revised_budget, 0)::decimal(18, 2)
        end as revised_budget,
        coalesce(budget_totals.actual_to_date, 0)::decimal(18, 2) as actual_to_date,
        coalesce(budget_totals.ledger_salary_actuals, 0)::decimal(18, 2)
            as ledger_salary_actuals,
        coalesce(hr_totals.hr_staffing_cost, 0)::decimal(18, 2) as hr_staffing_cost
    from budget_totals
    full outer join hr_totals
        on
            budget_totals.school_id = hr_totals.school_id
            and budget_totals.fiscal_year = hr_totals.fiscal_year
    left join budget_statuses
        on coalesce(budget_totals.fiscal_year, hr_totals.fiscal_year) = budget_statuses.fiscal_year

)

select * from final
