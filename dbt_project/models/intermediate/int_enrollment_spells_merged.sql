-- One row per continuous stretch of enrollment of a student at a school in a year, cut to the
-- school year and its as-of date. Overlapping spells at the same school become one stretch, so
-- that a day is enrolled at most once per school however the SIS recorded it.
with

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

spells_to_as_of as (

    select
        enrollments.student_id,
        enrollments.school_id,
        enrollments.school_year,
        enrollments.grade_level,
        -- A spell is counted within its school year (July 1 to the as-of date).
        greatest(enrollments.entry_date, school_years.year_start_date) as entry_date,
        least(
            coalesce(enrollments.exit_date, school_years.year_end_date), school_years.as_of_date
        ) as end_date
    from enrollments
    inner join school_years on enrollments.school_year = school_years.school_year
    where enrollments.entry_date <= school_years.as_of_date

),

-- A spell starts a new stretch unless it begins on or before the latest end seen so far.
stretch_starts as (

    select
        *,
        coalesce(entry_date > max(end_date) over (
            partition by student_id, school_id, school_year
            order by entry_date, end_date
            rows between unbounded preceding and 1 preceding
        ), true) as is_stretch_start
    from spells_to_as_of

),

stretches as (

    select
        student_id,
        school_id,
        school_year,
        sum(cast(is_stretch_start as integer)) over (
            partition by student_id, school_id, school_year
            order by entry_date, end_date
            rows between unbounded preceding and current row
        ) as stretch_number,
        grade_level,
        entry_date,
        end_date
    from stretch_starts

),

final as (

    select
        student_id,
        school_id,
        school_year,
        stretch_number,
        min(entry_date) as enrollment_start_date,
        max(end_date) as enrollment_end_date,
        max_by(grade_level, entry_date) as grade_level,
        count(*) as spells_merged
    from stretches
    group by student_id, school_id, school_year, stretch_number

)

select * from final
