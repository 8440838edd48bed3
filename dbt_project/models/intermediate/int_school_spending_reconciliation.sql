-- Where every ledger dollar of a fiscal year went, so the allocation can be checked to conserve
-- money to the cent: ledger = school-coded + allocated to schools + excluded + unallocated.
-- The ledger here is its expenditure rows; revenue, balance-sheet, budgetary and encumbrance
-- rows are not spending and are counted in fct_ledger_record_types instead.
with

classified as (

    select * from {{ ref('int_gl_actuals_classified') }}
    where spending_treatment != 'not_expenditure'

),

allocations as (

    select * from {{ ref('int_central_spending_allocated') }}

),

ledger as (

    select
        fiscal_year,
        sum(posted_cents) as ledger_cents,
        coalesce(sum(posted_cents) filter (where spending_treatment = 'school'), 0)
            as school_coded_cents,
        coalesce(sum(posted_cents) filter (where spending_treatment = 'central'), 0)
            as central_cents,
        coalesce(sum(posted_cents) filter (where spending_treatment = 'excluded'), 0)
            as excluded_cents,
        coalesce(sum(posted_cents) filter (
            where spending_treatment = 'unallocated_no_driver_rule'
        ), 0) as unallocated_no_driver_rule_cents,
        coalesce(sum(posted_cents) filter (
            where spending_treatment = 'unallocated_unmapped_location'
        ), 0) as unallocated_unmapped_location_cents,
        coalesce(sum(posted_cents) filter (
            where spending_treatment = 'unallocated_no_location'
        ), 0) as unallocated_no_location_cents
    from classified
    group by fiscal_year

),

allocation_totals as (

    select
        fiscal_year,
        coalesce(sum(allocated_cents) filter (where school_id is not null), 0)
            as allocated_to_schools_cents,
        coalesce(sum(allocated_cents) filter (where school_id is null), 0)
            as unallocated_no_school_driver_cents
    from allocations
    group by fiscal_year

),

in_cents as (

    select
        ledger.*,
        coalesce(allocation_totals.allocated_to_schools_cents, 0) as allocated_to_schools_cents,
        coalesce(allocation_totals.unallocated_no_school_driver_cents, 0)
            as unallocated_no_school_driver_cents
    from ledger
    left join allocation_totals on ledger.fiscal_year = allocation_totals.fiscal_year

),

final as (

    -- cents times 0.01 stays an exact decimal (dividing would make a double)
    select
        fiscal_year,
        (ledger_cents * 0.01)::decimal(18, 2) as ledger_amount,
        (school_coded_cents * 0.01)::decimal(18, 2) as school_coded_amount,
        (allocated_to_schools_cents * 0.01)::decimal(18, 2) as allocated_to_schools_amount,
        (excluded_cents * 0.01)::decimal(18, 2) as excluded_amount,
        (unallocated_no_driver_rule_cents * 0.01)::decimal(18, 2)
            as unallocated_no_driver_rule_amount,
        (unallocated_unmapped_location_cents * 0.01)::decimal(18, 2)
            as unallocated_unmapped_location_amount,
        (unallocated_no_location_cents * 0.01)::decimal(18, 2) as unallocated_no_location_amount,
        (unallocated_no_school_driver_cents * 0.01)::decimal(18, 2)
            as unallocated_no_school_driver_amount,
        (central_cents * 0.01)::decimal(18, 2) as central_amount,
        -- zero when the allocation conserves money (tested)
        (
            (
                ledger_cents
                - school_coded_cents
                - allocated_to_schools_cents
                - excluded_cents
                - unallocated_no_driver_rule_cents
                - unallocated_unmapped_location_cents
                - unallocated_no_location_cents
                - unallocated_no_school_driver_cents
            ) * 0.01
        )::decimal(18, 2) as unreconciled_amount
    from in_cents

)

select * from final
