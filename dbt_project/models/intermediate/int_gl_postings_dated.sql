-- Each ledger row with the date it counts on: its posting date, or, for an ERP that sends only
-- the fiscal period, the period's last day. Period 1 is July and 12 is June; the year-end
-- adjustment periods 13 and 14 fall on June 30, the fiscal year's last day.
with

gl_actuals as (

    select * from {{ ref('stg_finance__gl_actuals') }}

),

final as (

    select
        *,
        coalesce(
            posting_date,
            case
                when fiscal_period between 1 and 12
                    then {{ dbt.last_day(
                        dbt.dateadd(
                            'month',
                            'fiscal_period - 1',
                            "cast(cast(fiscal_year - 1 as varchar) || '-07-01' as date)"
                        ),
                        'month'
                    ) }}
                when fiscal_period > 12
                    then cast(cast(fiscal_year as varchar) || '-06-30' as date)
            end
        ) as accounting_date
    from gl_actuals

)

select * from final
