-- One row per school and school year: the students enrolled on the year's census day and how
-- many of them are in each equity subgroup. Schools the SIS lists that year but nobody attends
-- on the census day keep a row with zero students, so a closed or emptied school is visible.
-- Who counts on the census day is decided once, by grade, in int_census_day_enrollments_by_grade.

with

schools as (

    select * from {{ ref('stg_sis__schools') }}

),

census_by_grade as (

    select * from {{ ref('int_census_day_enrollments_by_grade') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

-- the years whose census day has come, including any in which nobody at all was enrolled
census_days as (

    select
        school_year,
        {{ census_date('school_year') }} as census_date
    from school_years
    where {{ census_date('school_year') }} <= as_of_date

),

census_by_school as (

    select
        school_id,
        school_year,
        cast(sum(census_enrollment) as bigint) as census_enrollment,
        cast(sum(economically_disadvantaged_count) as bigint) as economically_disadvantaged_count,
        cast(sum(english_learner_count) as bigint) as english_learner_count,
        cast(sum(students_with_disability_count) as bigint) as students_with_disability_count,
        cast(sum(students_of_color_count) as bigint) as students_of_color_count
    from census_by_grade
    group by school_id, school_year

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
    from census_by_school

),

final as (

    select
        school_rows.school_id,
        school_rows.school_year,
        census_days.census_date,
        coalesce(census_by_school.census_enrollment, 0) as census_enrollment,
        coalesce(census_by_school.economically_disadvantaged_count, 0)
            as economically_disadvantaged_count,
        coalesce(census_by_school.english_learner_count, 0) as english_learner_count,
        coalesce(census_by_school.students_with_disability_count, 0)
            as students_with_disability_count,
        coalesce(census_by_school.students_of_color_count, 0) as students_of_color_count
    from school_rows
    inner join census_days on school_rows.school_year = census_days.school_year
    left join census_by_school
        on
            school_rows.school_id = census_by_school.school_id
            and school_rows.school_year = census_by_school.school_year

)

select * from final
