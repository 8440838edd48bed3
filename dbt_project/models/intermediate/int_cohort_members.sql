-- One row per student in a graduation cohort: how and when the student joined it, the school
-- the student is attributed to, and the outcome at the four- and five-year deadlines.
with

spells as (

    select * from {{ ref('int_cohort_spells') }}

),

outcomes as (

    select * from {{ ref('int_cohort_outcomes') }}

),

entrants as (

    select distinct
        student_id,
        entering_school_year,
        cohort_entry_type,
        cohort_entry_school_year,
        cohort_entry_grade_level,
        cohort_entry_date
    from spells

),

four_year as (

    select * from outcomes
    where years_in_window = 4

),

five_year as (

    select * from outcomes
    where years_in_window = 5

),

-- The five-year rate follows the four-year cohort one more year, so both rates place a student in
-- the same school and subgroups: those of the four-year cohort period.
final as (

    select
        entrants.student_id,
        entrants.entering_school_year,
        entrants.entering_school_year + 3 as cohort_graduation_year,
        entrants.cohort_entry_type,
        entrants.cohort_entry_school_year,
        entrants.cohort_entry_grade_level,
        entrants.cohort_entry_date,
        four_year.school_id,
        four_year.last_school_year as last_school_year_in_cohort,
        coalesce(four_year.diploma_date, five_year.diploma_date) as diploma_date,
        four_year.outcome as four_year_outcome,
        four_year.last_exit_code as four_year_last_exit_code,
        four_year.outcome != 'removed' as is_in_four_year_adjusted_cohort,
        four_year.outcome = 'graduated' as is_four_year_graduate,
        five_year.outcome as five_year_outcome,
        five_year.last_exit_code as five_year_last_exit_code,
        five_year.outcome != 'removed' as is_in_five_year_adjusted_cohort,
        five_year.outcome = 'graduated' as is_five_year_graduate
    from entrants
    inner join four_year on entrants.student_id = four_year.student_id
    inner join five_year on entrants.student_id = five_year.student_id

)

select * from final
