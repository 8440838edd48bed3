-- Whether the district sent a budget for each fiscal year, so a year without one shows its
-- budget as not available instead of as $0 (and its spending as 100% over budget).
with

school_years as (

    select * from {{ ref('dim_school_year') }}

),

budget as (

    select * from {{ ref('stg_finance__budget') }}

),

budget_years as (

    select distinct fiscal_year from budget

),

final as (

    select
        school_years.school_year as fiscal_year,
        case
            when budget_years.fiscal_year is null then 'not_sent' else 'sent'
        end as budget_status
    from school_years
    left join budget_years on school_years.school_year = budget_years.fiscal_year

)

select * from final
