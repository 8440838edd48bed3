-- Each budget line with its adopted and revised amounts side by side, placed at a school, the
-- central office or nowhere by the same location mapping as the ledger.
with

budget as (

    select * from {{ ref('stg_finance__budget') }}

),

locations as (

    select * from {{ ref('int_finance_locations_mapped') }}

),

-- A year whose budget was never revised is still running on the adopted one.
years_revised as (

    select
        fiscal_year,
        bool_or(budget_version = 'revised') as has_revised_budget
    from budget
    group by fiscal_year

),

lines as (

    select
        fiscal_year,
        fund_code,
        function_code,
        object_code,
        location_code,
        program_code,
        coalesce(sum(budgeted_amount) filter (where budget_version = 'adopted'), 0)
            as adopted_amount,
        coalesce(sum(budgeted_amount) filter (where budget_version = 'revised'), 0)
            as revised_only_amount
    from budget
    group by all

),

final as (

    select
        lines.fiscal_year,
        lines.fund_code,
        lines.function_code,
        lines.object_code,
        lines.location_code,
        lines.program_code,
        lines.adopted_amount::decimal(18, 2) as adopted_amount,
        -- once a revision exists, a line it leaves out was cut to zero
        (
            case
                when years_revised.has_revised_budget then lines.revised_only_amount
                else lines.adopted_amount
            end
        )::decimal(18, 2) as revised_amount,
        years_revised.has_revised_budget,
        locations.school_id,
        case
            when locations.school_id is not null then 'school'
            when locations.is_central_office then 'central'
            else 'unmapped'
        end as location_treatment
    from lines
    inner join years_revised on lines.fiscal_year = years_revised.fiscal_year
    left join locations
        on
            lines.location_code = locations.location_code
            and lines.fiscal_year = locations.fiscal_year

)

select * from final
