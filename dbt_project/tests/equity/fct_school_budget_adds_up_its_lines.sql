-- What this checks: each school and fiscal year, fct_school_budget's adopted and revised budget
-- and actual spending to date equal the sums of its lines in fct_school_budget_lines, and
-- every school-year with lines has a row (and a row without lines shows zeros; in a year whose
-- budget was not sent, both are null).
-- When it matters: a join in int_school_budget_totals_summed or the mart (HR, profile, years)
-- that drops or repeats a school would publish totals the lines do not support.
-- How to fix it: compare int_school_budget_totals_summed with the lines for the school-year.
with

schools as (

    select * from {{ ref('fct_school_budget') }}

),

lines as (

    select * from {{ ref('fct_school_budget_lines') }}

),

line_totals as (

    select
        school_id,
        fiscal_year,
        sum(adopted_budget) as adopted_budget,
        sum(revised_budget) as revised_budget,
        sum(actual_to_date) as actual_to_date
    from lines
    group by school_id, fiscal_year

),

-- a school row without lines (HR staff only) must show zero budget and spending
final as (

    select
        coalesce(line_totals.school_id, schools.school_id) as school_id,
        coalesce(line_totals.fiscal_year, schools.fiscal_year) as fiscal_year,
        line_totals.revised_budget as lines_revised_budget,
        schools.revised_budget as school_revised_budget
    from line_totals
    full outer join schools
        on
            line_totals.school_id = schools.school_id
            and line_totals.fiscal_year = schools.fiscal_year
    where
        schools.school_id is null
        or (
            case
                when schools.budget_status = 'sent' then coalesce(line_totals.adopted_budget, 0)
            end
        ) is distinct from schools.adopted_budget
        or (
            case
                when schools.budget_status = 'sent' then coalesce(line_totals.revised_budget, 0)
            end
        ) is distinct from schools.revised_budget
        or coalesce(line_totals.actual_to_date, 0) != schools.actual_to_date

)

select * from final
