-- Each ledger row with the date it counts on: its posting date, or, for an ERP that sends only
-- the fiscal period, the period's last day; and what it records (expenditure unless it says).
-- Period 1 is July and 12 is June; the year-end adjustment periods 13 and 14 fall on June 30,
-- the fiscal year's last day.
with

gl_actuals as (

    select * from {{ ref('stg_finance__gl_actuals') }}

),

final as (

    select
        gl_posting_key,
        fiscal_year,
        -- a ledger that does not say what a row records sends only spending
        coalesce(record_type, 'expenditure') as record_type,
        fund_code,
        function_code,
        object_code,
        location_code,
        program_code,
        journal_id,
        posting_description,
        posted_amount,
        posting_date,
        fiscal_period,
        coalesce(
            posting_date,
            {{ fiscal_period_end_date('fiscal_year', 'fiscal_period') }}
        ) as accounting_date,
        _source_row_number,
        _loaded_at
    from gl_actuals

)

select * from final
