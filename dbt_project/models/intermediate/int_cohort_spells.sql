-- High-school enrollment spells (grades 9-12) as of the run's as-of date, each tagged with the
-- graduation cohort its student belongs to: the school year the student entered, or would have
-- entered, grade 9. A student keeps that cohort whatever happens later (34 CFR 200.19(b)(1)).
with

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}

),

windows as (

    select * from {{ ref('int_cohort_windows') }}

),

data_span as (

    select distinct
        first_school_year,
        run_as_of_date
    from windows

),

-- Events after the as-of date are ignored: a later spell is not there yet, a later exit not yet
-- made.
high_school_spells as (

    select
        enrollments.student_id,
        enrollments.school_id,
        enrollments.school_year,
        enrollments.grade_level,
        {{ grade_number('enrollments.grade_level') }} as grade_number,
        enrollments.entry_date,
        case
            when enrollments.exit_date <= data_span.run_as_of_date then enrollments.exit_date
        end as exit_date,
        case
            when enrollments.exit_date <= data_span.run_as_of_date then enrollments.exit_code
        end as exit_code,
        data_span.first_school_year
    from enrollments
    cross join data_span
    where
        {{ grade_number('enrollments.grade_level') }} between 9 and 12
        and enrollments.entry_date <= data_span.run_as_of_date

),

-- The first high-school spell places the student: a repeated grade 9 keeps the first year's
-- cohort, and a student arriving in grade g in year y joins the cohort that entered in y-(g-9).
first_spells as (

    select
        student_id,
        school_year - (grade_number - 9) as entering_school_year,
        case
            when grade_number = 9 then 'first_time_ninth_grader'
            -- in the data's first year a grade 10-12 student may have been here all along
            when school_year = first_school_year then 'entered_before_data_window'
            else 'transferred_in'
        end as cohort_entry_type,
        school_year as cohort_entry_school_year,
        grade_level as cohort_entry_grade_level,
        entry_date as cohort_entry_date
    from high_school_spells
    qualify row_number() over (
        partition by student_id order by entry_date, grade_number, school_id
    ) = 1

),

final as (

    select
        high_school_spells.student_id,
        high_school_spells.school_id,
        high_school_spells.school_year,
        high_school_spells.grade_level,
        high_school_spells.entry_date,
        high_school_spells.exit_date,
        high_school_spells.exit_code,
        first_spells.entering_school_year,
        first_spells.cohort_entry_type,
        first_spells.cohort_entry_school_year,
        first_spells.cohort_entry_grade_level,
        first_spells.cohort_entry_date
    from high_school_spells
    inner join first_spells on high_school_spells.student_id = first_spells.student_id

)

select * from final
