-- What this checks: for each year, the school rows of fct_school_profile add up to the district
-- row in census-day enrollment and in each group's count.
-- When it matters: each census-day student counts at one school, so the schools are parts of
-- the district; the release's suppression of the census shares protects withheld school cells
-- with that equation, and BI tools read the district row instead of summing schools.
-- How to fix it: look for a student enrolled at two schools on the census day in
-- int_census_day_enrollments_by_grade for the failing year.
with

profile as (

    select * from {{ ref('fct_school_profile') }}

),

school_sums as (

    select
        school_year,
        sum(census_enrollment) as census_enrollment,
        sum(economically_disadvantaged_count) as economically_disadvantaged_count,
        sum(english_learner_count) as english_learner_count,
        sum(students_with_disability_count) as students_with_disability_count,
        sum(students_of_color_count) as students_of_color_count
    from profile
    where reporting_level = 'school'
    group by school_year

),

district_rows as (

    select * from profile
    where reporting_level = 'district'

),

final as (

    select
        coalesce(district_rows.school_year, school_sums.school_year) as school_year,
        school_sums.census_enrollment as school_students,
        district_rows.census_enrollment as district_students
    from district_rows
    full outer join school_sums
        on district_rows.school_year = school_sums.school_year
    where
        district_rows.census_enrollment is distinct from school_sums.census_enrollment
        or district_rows.economically_disadvantaged_count
        is distinct from school_sums.economically_disadvantaged_count
        or district_rows.english_learner_count
        is distinct from school_sums.english_learner_count
        or district_rows.students_with_disability_count
        is distinct from school_sums.students_with_disability_count
        or district_rows.students_of_color_count
        is distinct from school_sums.students_of_color_count

)

select * from final
