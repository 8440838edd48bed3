-- What the ledger export held, by record type: a full-ledger export carries revenue,
-- balance-sheet, budgetary and encumbrance rows besides spending, and they are kept and counted
-- here rather than dropped without a word.
with

classified as (

    select * from {{ ref('int_gl_actuals_classified') }}

),

final as (

    select
        fiscal_year,
        record_type,
        record_type = 'expenditure' as is_spending,
        count(*) as ledger_rows,
        (sum(posted_cents) * 0.01)::decimal(18, 2) as total_amount
    from classified
    group by fiscal_year, record_type

)

select * from final
