-- Budget against actuals for each school's function and object: what the district planned to
-- spend at the school, what it has charged there so far, and what is left.
with

budget_lines as (

    select * from {{ ref('int_budget_lines_versioned') }}
    where location_treatment = 'school'

),

-- spending only: revenue, balance-sheet, budgetary and encumbrance rows are not actuals
gl_actuals as (

    select * from {{ ref('int_gl_actuals_classified') }}
    where record_type = 'expenditure'

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

budget_statuses as (

    select * from {{ ref('int_budget_status_by_year') }}

),

budgeted as (

    select
        school_id,
        fiscal_year,
        function_code,
        object_code,
        sum(adopted_amount) as adopted_budget,
        sum(revised_amount) as revised_budget
    from budget_lines
    group by all

),

-- a posting dated after the as-of date has not happened yet as far as this run is concerned
spent as (

    select
        gl_actuals.school_id,
        gl_actuals.fiscal_year,
        gl_actuals.function_code,
        gl_actuals.object_code,
        sum(gl_actuals.posted_amount) as actual_to_date
    from gl_actuals
    inner join school_years on gl_actuals.fiscal_year = school_years.school_year
    where
        gl_actuals.school_id is not null
        and gl_actuals.accounting_date <= school_years.as_of_date
    group by all

),

lines as (

    select
        coalesce(budgeted.school_id, spent.school_id) as school_id,
        coalesce(budgeted.fiscal_year, spent.fiscal_year) as fiscal_year,
        coalesce(budgeted.function_code, spent.function_code) as function_code,
        coalesce(budgeted.object_code, spent.object_code) as object_code,
        coalesce(budgeted.adopted_budget, 0)::decimal(18, 2) as adopted_budget,
        coalesce(budgeted.revised_budget, 0)::decimal(18, 2) as revised_budget,
        coalesce(spent.actual_to_date, 0)::decimal(18, 2) as actual_to_date
    from budgeted
    full outer join spent
        on
            budgeted.school_id = spent.school_id
            and budgeted.fiscal_year = spent.fiscal_year
            and budgeted.function_code = spent.function_code
            and budgeted.object_code = spent.object_code

),

-- a year whose budget was never sent has no budget figures at all: null, not $0
with_status as (

    select
        lines.school_id,
        lines.fiscal_year,
        lines.function_code,
        lines.object_code,
        school_years.as_of_date,
        budget_statuses.budget_status,
        case when budget_statuses.budget_status = 'sent' then lines.adopted_budget end
            as adopted_budget,
        case when budget_statuses.budget_status = 'sent' then lines.revised_budget end
            as revised_budget,
        lines.actual_to_date
    from lines
    inner join school_years on lines.fiscal_year = school_years.school_year
    inner join budget_statuses on lines.fiscal_year = budget_statuses.fiscal_year

),

final as (

    select
        school_id,
        fiscal_year,
        function_code,
        object_code,
        as_of_date,
        budget_status,
        adopted_budget,
        revised_budget,
        actual_to_date,
        revised_budget - actual_to_date as remaining_budget,
        round(actual_to_date / nullif(revised_budget, 0), 4)::decimal(10, 4) as share_spent
    from with_status

)

select * from final
