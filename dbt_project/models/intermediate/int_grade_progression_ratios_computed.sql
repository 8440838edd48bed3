-- One row per school, grade and school year with census-day students: the grade's enrollment,
-- the grade below it the same year and the year before (at the school and in the whole
-- district), and the two ratios the cohort-survival projection averages.

with

census_by_grade as (

    select * from {{ ref('int_census_day_enrollments_by_grade') }}

),

grade_enrollments as (

    select
        school_id,
        school_year,
        grade_level,
        {{ grade_number('grade_level') }} as grade_number,
        census_enrollment
    from census_by_grade

),

district_grade_enrollments as (

    select
        school_year,
        grade_number,
        cast(sum(census_enrollment) as bigint) as census_enrollment
    from grade_enrollments
    group by school_year, grade_number

),

census_years as (

    select distinct school_year from grade_enrollments

),

-- a grade nobody is in has no row, so a missing grade below counts 0; with no census the year
-- before (the first year) the feeders are unknown, not 0
feeders as (

    select
        grade_enrollments.school_id,
        grade_enrollments.school_year,
        grade_enrollments.grade_level,
        grade_enrollments.grade_number,
        grade_enrollments.census_enrollment,
        coalesce(school_below.census_enrollment, 0) as school_grade_below_enrollment,
        coalesce(district_below.census_enrollment, 0) as district_grade_below_enrollment,
        case
            when prior_years.school_year is not null
                then coalesce(school_feeders.census_enrollment, 0)
        end as school_feeder_enrollment,
        case
            when prior_years.school_year is not null
                then coalesce(district_feeders.census_enrollment, 0)
        end as district_feeder_enrollment
    from grade_enrollments
    left join grade_enrollments as school_below
        on
            grade_enrollments.school_id = school_below.school_id
            and grade_enrollments.school_year = school_below.school_year
            and grade_enrollments.grade_number - 1 = school_below.grade_number
    left join district_grade_enrollments as district_below
        on
            grade_enrollments.school_year = district_below.school_year
            and grade_enrollments.grade_number - 1 = district_below.grade_number
    left join census_years as prior_years
        on grade_enrollments.school_year - 1 = prior_years.school_year
    left join grade_enrollments as school_feeders
        on
            grade_enrollments.school_id = school_feeders.school_id
            and grade_enrollments.school_year - 1 = school_feeders.school_year
            and grade_enrollments.grade_number - 1 = school_feeders.grade_number
    left join district_grade_enrollments as district_feeders
        on
            grade_enrollments.school_year - 1 = district_feeders.school_year
            and grade_enrollments.grade_number - 1 = district_feeders.grade_number

),

-- PK and KG have no progression: they are projected from their own past enrollment
final as (

    select
        school_id,
        school_year,
        grade_level,
        grade_number,
        census_enrollment,
        school_grade_below_enrollment,
        district_grade_below_enrollment,
        school_feeder_enrollment,
        district_feeder_enrollment,
        case
            when grade_number >= 1
                then census_enrollment / nullif(school_feeder_enrollment, 0)
        end as grade_progression_ratio,
        case
            when grade_number >= 1
                then census_enrollment / nullif(district_feeder_enrollment, 0)
        end as feeder_share_ratio
    from feeders

)

select * from final
