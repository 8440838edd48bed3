-- One row per school and school year: the students enrolled on the year's census day and how
-- many of them are in each equity subgroup. Schools the SIS lists that year but nobody attends
-- on the census day keep a row with zero students, so a closed or emptied school is visible.

with

schools as (

    select * from {{ ref('stg_sis__schools') }}

),

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
census_students as (

    select distinct
        enrollments.school_id,
        enrollments.school_year,
        enrollments.student_id
    from enrollments
    inner join census_days on enrollments.school_year = census_days.school_year
    where
        enrollments.entry_date <= census_days.census_date
        and coalesce(enrollments.exit_date, census_days.census_date) >= census_days.census_date

),

school_rows as (

    select
        school_id,
        school_year
    from schools
    union
    select
        school_id,
        school_year
    from census_students

),

final as (

    select
        school_rows.school_id,
        school_rows.school_year,
        census_days.census_date,
        count(census_students.student_id) as census_enrollment,
        count(*) filter (where students.is_economically_disadvantaged)
            as economically_disadvantaged_count,
        count(*) filter (where students.is_english_learner) as english_learner_count,
        count(*) filter (where students.is_student_with_disability)
            as students_with_disability_count,
        count(*) filter (where students.is_student_of_color) as students_of_color_count
    from school_rows
    inner join census_days on school_rows.school_year = census_days.school_year
    left join census_students
        on
            school_rows.school_id = census_students.school_id
            and school_rows.school_year = census_students.school_year
    left join students
        on
            census_students.student_id = students.student_id
            and census_students.school_year = students.school_year
    group by school_rows.school_id, school_rows.school_year, census_days.census_date

)

select * from final
