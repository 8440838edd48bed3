-- Central spending shared among schools in whole cents: each school gets its driver share
-- cut to whole cents (toward zero), and the cents the cuts leave over go to the school with
-- the largest share (ties: lowest school_id), so the shares add up to the pool exactly. A
-- pool no school has a driver for stays whole on a row with a null school_id (unallocated).
with

central_lines as (

    select * from {{ ref('int_gl_actuals_classified') }}
    where spending_treatment = 'central'

),

drivers as (

    select * from {{ ref('int_school_allocation_drivers_measured') }}

),

pools as (

    select
        fiscal_year,
        allocation_driver,
        fund_source,
        is_personnel,
        sum(posted_cents) as pool_cents
    from central_lines
    group by fiscal_year, allocation_driver, fund_source, is_personnel

),

driver_totals as (

    select
        fiscal_year,
        allocation_driver,
        sum(driver_units) as total_driver_units
    from drivers
    group by fiscal_year, allocation_driver

),

floored_shares as (

    select
        pools.fiscal_year,
        pools.allocation_driver,
        pools.fund_source,
        pools.is_personnel,
        pools.pool_cents,
        drivers.school_id,
        drivers.driver_units,
        -- integer arithmetic on driver units scaled to whole ten-thousandths: no float error
        {%- set wide = type_wide_integer() %}
        cast({{ integer_divide(
            'cast(pools.pool_cents as ' ~ wide ~ ') * cast(drivers.driver_units * 10000 as ' ~ wide ~ ')',
            'cast(driver_totals.total_driver_units * 10000 as ' ~ wide ~ ')'
        ) }} as bigint) as floored_cents,
        row_number() over (
            partition by
                pools.fiscal_year, pools.allocation_driver, pools.fund_source, pools.is_personnel
            order by drivers.driver_units desc, drivers.school_id asc
        ) as share_rank
    from pools
    inner join drivers
        on
            pools.fiscal_year = drivers.fiscal_year
            and pools.allocation_driver = drivers.allocation_driver
    inner join driver_totals
        on
            pools.fiscal_year = driver_totals.fiscal_year
            and pools.allocation_driver = driver_totals.allocation_driver

),

allocated as (

    select
        fiscal_year,
        allocation_driver,
        fund_source,
        is_personnel,
        school_id,
        driver_units,
        floored_cents
        + case
            when share_rank = 1
                then pool_cents - sum(floored_cents) over (
                    partition by fiscal_year, allocation_driver, fund_source, is_personnel
                )
            else 0
        end as allocated_cents
    from floored_shares

),

unallocated as (

    select
        pools.fiscal_year,
        pools.allocation_driver,
        pools.fund_source,
        pools.is_personnel,
        null as school_id,
        null as driver_units,
        pools.pool_cents as allocated_cents
    from pools
    left join driver_totals
        on
            pools.fiscal_year = driver_totals.fiscal_year
            and pools.allocation_driver = driver_totals.allocation_driver
    where driver_totals.fiscal_year is null

),

final as (

    select * from allocated
    union all
    select * from unallocated

)

select * from final
