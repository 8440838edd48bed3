-- One row per school, grade and school year with anyone enrolled on the year's census day: the
-- home of the census-day rule. int_census_day_enrollments_counted adds these up per school.

with

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

students as (

    select * from {{ ref('dim_student') }}

),

census_days_of_years as (

    select
        school_year,
        as_of_date,
        {{ census_date('school_year') }} as census_date
    from school_years

),

-- a census day after the as-of date has not happened yet, so that year has nothing to count
census_days as (

    select * from census_days_of_years
    where census_date <= as_of_date

),

-- exit_date is the spell's last day, so a student who leaves on the census day still counts
census_spells as (

    select
        enrollments.school_id,
        enrollments.school_year,
        enrollments.student_id,
        enrollments.grade_level,
        census_days.census_date,
        row_number() over (
            partition by enrollments.school_id, enrollments.school_year, enrollments.student_id
            order by enrollments.entry_date desc, {{ grade_number('enrollments.grade_level') }} desc
        ) as spell_recency
    from enrollments
    inner join census_days on enrollments.school_year = census_days.school_year
    where
        enrollments.entry_date <= census_days.census_date
        and coalesce(enrollments.exit_date, census_days.census_date) >= census_days.census_date

),

-- a student counts once per school, in the grade of the covering spell entered last, so the
-- grades add up to the school's census enrollment
census_students as (

    select * from census_spells
    where spell_recency = 1

),

final as (

    select
        census_students.school_id,
        census_students.school_year,
        census_students.grade_level,
        census_students.census_date,
        count(*) as census_enrollment,
        count(*) filter (where students.is_economically_disadvantaged)
            as economically_disadvantaged_count,
        count(*) filter (where students.is_english_learner) as english_learner_count,
        count(*) filter (where students.is_student_with_disability)
            as students_with_disability_count,
        count(*) filter (where students.is_student_of_color) as students_of_color_count
    from census_students
    left join students
        on
            census_students.student_id = students.student_id
            and census_students.school_year = students.school_year
    group by all

)

select * from final
