-- School-coded and allocated central spending of each school and fiscal year, in cents, split
-- by where it was coded, personnel or not, and federal or state and local funds.
with

classified as (

    select * from {{ ref('int_gl_actuals_classified') }}

),

allocations as (

    select * from {{ ref('int_central_spending_allocated') }}

),

spending as (

    select
        school_id,
        fiscal_year,
        fund_source,
        is_personnel,
        false as is_central,
        posted_cents as amount_cents
    from classified
    where spending_treatment = 'school'

    union all

    select
        school_id,
        fiscal_year,
        fund_source,
        is_personnel,
        true as is_central,
        allocated_cents as amount_cents
    from allocations
    where school_id is not null

),

final as (

    select
        school_id,
        fiscal_year,
        sum(amount_cents) as total_cents,
        coalesce(sum(amount_cents) filter (where not is_central), 0) as school_coded_cents,
        coalesce(sum(amount_cents) filter (where is_central), 0) as central_allocated_cents,
        coalesce(sum(amount_cents) filter (where is_personnel), 0) as personnel_cents,
        coalesce(sum(amount_cents) filter (where not is_personnel), 0) as non_personnel_cents,
        coalesce(sum(amount_cents) filter (where fund_source = 'federal'), 0) as federal_cents,
        coalesce(sum(amount_cents) filter (where fund_source = 'state_local'), 0)
            as state_local_cents
    from spending
    group by school_id, fiscal_year

)

select * from final
