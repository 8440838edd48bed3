-- The one place a finance location code becomes a school: ledger and budget lines both read it,
-- so a school's spending and its budget can never be mapped two different ways.
with

chart_of_accounts as (

    select * from {{ ref('stg_finance__chart_of_accounts') }}

),

final as (

    select
        account_code as location_code,
        fiscal_year,
        school_id,
        coalesce(is_central_office, false) as is_central_office
    from chart_of_accounts
    where account_segment = 'location'

)

select * from final
