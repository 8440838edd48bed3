-- What this checks: each fiscal year, the schools' total_expenditure in fct_school_spending
-- adds up to the school-coded plus allocated amounts of int_school_spending_reconciliation,
-- which itself proves the ledger is fully accounted for to the cent.
-- When it matters: a school row dropped or doubled in the mart (a join to enrollment) would
-- leave the reconciliation green but publish the wrong school totals.
-- How to fix it: compare int_school_spending_summed with fct_school_spending for the year.
with

schools as (

    select * from {{ ref('fct_school_spending') }}

),

reconciliation as (

    select * from {{ ref('int_school_spending_reconciliation') }}

),

school_totals as (

    select
        fiscal_year,
        sum(total_expenditure) as total_expenditure
    from schools
    group by fiscal_year

),

final as (

    select
        reconciliation.fiscal_year,
        reconciliation.school_coded_amount + reconciliation.allocated_to_schools_amount
            as reconciled_school_amount,
        coalesce(school_totals.total_expenditure, 0) as school_total_expenditure
    from reconciliation
    left join school_totals on reconciliation.fiscal_year = school_totals.fiscal_year
    where
        reconciliation.school_coded_amount + reconciliation.allocated_to_schools_amount
        != coalesce(school_totals.total_expenditure, 0)

)

select * from final
