-- Each ledger posting sorted into what per-pupil expenditure does with it: excluded (not a
-- current expenditure), spent at a school, spent centrally and shared by a driver, or left
-- unallocated (a central function without a driver, a location the chart does not map).
with

gl_actuals as (

    select * from {{ ref('stg_finance__gl_actuals') }}

),

locations as (

    select * from {{ ref('int_finance_locations_mapped') }}

),

excluded_accounts as (

    select * from {{ ref('ppe_excluded_accounts') }}

),

allocation_drivers as (

    select * from {{ ref('central_cost_allocation_drivers') }}

),

fund_sources as (

    select * from {{ ref('fund_sources') }}

),

exclusions as (

    -- a line matching several exclusion ranges keeps the first reason alphabetically
    select
        gl_actuals.gl_posting_key,
        min(excluded_accounts.exclusion_reason) as exclusion_reason
    from gl_actuals
    inner join excluded_accounts
        on
            (
                excluded_accounts.account_segment = 'function'
                and gl_actuals.function_code
                between excluded_accounts.code_min and excluded_accounts.code_max
            )
            or (
                excluded_accounts.account_segment = 'object'
                and gl_actuals.object_code
                between excluded_accounts.code_min and excluded_accounts.code_max
            )
            or (
                excluded_accounts.account_segment = 'program'
                and gl_actuals.program_code
                between excluded_accounts.code_min and excluded_accounts.code_max
            )
    group by gl_actuals.gl_posting_key

),

final as (

    select
        gl_actuals.gl_posting_key,
        gl_actuals.fiscal_year,
        gl_actuals.fund_code,
        gl_actuals.function_code,
        gl_actuals.object_code,
        gl_actuals.location_code,
        gl_actuals.program_code,
        gl_actuals.posted_amount,
        (gl_actuals.posted_amount * 100)::bigint as posted_cents,
        locations.school_id,
        fund_sources.fund_source,
        -- NCES object 100 salaries and 200 benefits are personnel; everything else is not
        coalesce(gl_actuals.object_code between '100' and '299', false) as is_personnel,
        exclusions.exclusion_reason,
        allocation_drivers.allocation_driver,
        case
            when exclusions.exclusion_reason is not null then 'excluded'
            when locations.school_id is not null then 'school'
            when locations.is_central_office and allocation_drivers.allocation_driver is not null
                then 'central'
            when locations.is_central_office then 'unallocated_no_driver_rule'
            else 'unallocated_unmapped_location'
        end as spending_treatment
    from gl_actuals
    left join locations
        on
            gl_actuals.location_code = locations.location_code
            and gl_actuals.fiscal_year = locations.fiscal_year
    left join exclusions on gl_actuals.gl_posting_key = exclusions.gl_posting_key
    left join allocation_drivers
        on
            gl_actuals.function_code
            between allocation_drivers.function_code_min and allocation_drivers.function_code_max
    left join fund_sources on gl_actuals.fund_code = fund_sources.fund_code

)

select * from final
