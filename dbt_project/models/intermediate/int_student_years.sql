-- One row per student and school year: where the student was as of the year's as-of date (the
-- spell open on that date, or else the last one that had started), and how the year's
-- enrollment ended. Every mart that places a student in one school and grade for a year uses it.
with

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

-- A spell that runs to the school's last instructional day is open at year end, although June 30
-- (the complete year's as-of date) is after it.
school_last_days as (

    select
        school_id,
        school_year,
        max(calendar_date) filter (where is_instructional_day) as last_instructional_date
    from {{ ref('stg_sis__calendar') }}
    group by school_id, school_year

),

spells_started as (

    select
        enrollments.*,
        school_years.as_of_date,
        coalesce(enrollments.exit_date, school_years.year_end_date)
        >= least(school_years.as_of_date, coalesce(
            school_last_days.last_instructional_date, school_years.last_instructional_date
        )) as is_open_at_as_of
    from enrollments
    inner join school_years on enrollments.school_year = school_years.school_year
    left join school_last_days
        on
            enrollments.school_id = school_last_days.school_id
            and enrollments.school_year = school_last_days.school_year
    where enrollments.entry_date <= school_years.as_of_date

),

ranked as (

    select
        *,
        count(*) over (partition by student_id, school_year) as spells_in_year,
        min(entry_date) over (partition by student_id, school_year) as first_entry_date,
        row_number() over (
            partition by student_id, school_year
            order by is_open_at_as_of desc, entry_date desc, school_id asc
        ) as recency
    from spells_started

),

final as (

    select
        student_id,
        school_year,
        school_id,
        grade_level,
        first_entry_date,
        entry_date as last_entry_date,
        case when exit_date <= as_of_date then exit_date end as last_exit_date,
        case when exit_date <= as_of_date then exit_code end as last_exit_code,
        is_open_at_as_of as is_enrolled_at_as_of,
        spells_in_year,
        expected_graduation_year
    from ranked
    where recency = 1

)

select * from final
