-- Each ledger posting sorted into what per-pupil expenditure does with it: not spending at all
-- (revenue, balance-sheet, budgetary and encumbrance rows), excluded (not a current expenditure),
-- spent at a school, spent centrally and shared by a driver, or left unallocated (no location,
-- a central function without a driver, a location the chart does not map). Segment codes are
-- compared as numbers (macro finance_code_in_range), so the rule seeds work for any code width.
with

gl_actuals as (

    select * from {{ ref('int_gl_postings_dated') }}

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

personnel_objects as (

    select * from {{ ref('personnel_objects') }}

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
                and {{ finance_code_in_range(
                    'gl_actuals.function_code', 'excluded_accounts.code_min', 'excluded_accounts.code_max'
                ) }}
            )
            or (
                excluded_accounts.account_segment = 'object'
                and {{ finance_code_in_range(
                    'gl_actuals.object_code', 'excluded_accounts.code_min', 'excluded_accounts.code_max'
                ) }}
            )
            or (
                excluded_accounts.account_segment = 'program'
                and {{ finance_code_in_range(
                    'gl_actuals.program_code', 'excluded_accounts.code_min', 'excluded_accounts.code_max'
                ) }}
            )
    group by gl_actuals.gl_posting_key

),

-- salaries or benefits by the object's range; overlapping ranges keep the first kind by name
personnel as (

    select
        gl_actuals.gl_posting_key,
        min(personnel_objects.personnel_kind) as personnel_kind
    from gl_actuals
    inner join personnel_objects
        on {{ finance_code_in_range(
            'gl_actuals.object_code',
            'personnel_objects.object_code_min',
            'personnel_objects.object_code_max'
        ) }}
    group by gl_actuals.gl_posting_key

),

final as (

    select
        gl_actuals.gl_posting_key,
        gl_actuals.fiscal_year,
        gl_actuals.record_type,
        gl_actuals.accounting_date,
        gl_actuals.fiscal_period,
        gl_actuals.journal_id,
        gl_actuals.fund_code,
        gl_actuals.function_code,
        gl_actuals.object_code,
        gl_actuals.location_code,
        gl_actuals.program_code,
        gl_actuals.posted_amount,
        (gl_actuals.posted_amount * 100)::bigint as posted_cents,
        locations.school_id,
        fund_sources.fund_source,
        personnel.personnel_kind,
        -- salaries and benefits (seed personnel_objects) are personnel; everything else is not
        personnel.personnel_kind is not null as is_personnel,
        exclusions.exclusion_reason,
        allocation_drivers.allocation_driver,
        case
            when gl_actuals.record_type != 'expenditure' then 'not_expenditure'
            when exclusions.exclusion_reason is not null then 'excluded'
            when gl_actuals.location_code is null then 'unallocated_no_location'
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
    left join personnel on gl_actuals.gl_posting_key = personnel.gl_posting_key
    left join allocation_drivers
        on {{ finance_code_in_range(
            'gl_actuals.function_code',
            'allocation_drivers.function_code_min',
            'allocation_drivers.function_code_max'
        ) }}
    left join fund_sources on gl_actuals.fund_code = fund_sources.fund_code

)

select * from final
