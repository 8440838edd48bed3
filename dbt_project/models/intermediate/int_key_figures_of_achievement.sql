-- The graduation-rate and proficiency key figures of every school and the district, one row per
-- year, level, school and measure, read from their marts as they are (fct_school_key_figures adds
-- the trend and status).
with

graduation as (

    select * from {{ ref('fct_cohort_graduation') }}
    where subgroup_category = 'all_students' and four_year_graduation_rate is not null

),

proficiency as (

    select * from {{ ref('fct_assessment_proficiency') }}
    where grade_level = 'all' and subgroup_category = 'all_students'

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

-- the latest cohort whose four-year window is complete as of each school year
latest_cohorts as (

    select
        school_years.school_year,
        graduation.reporting_level,
        graduation.school_id,
        'four_year_graduation_rate' as measure,
        graduation.cohort_graduation_year as measured_school_year,
        graduation.four_year_graduates as numerator,
        graduation.adjusted_cohort as denominator,
        -- a proficiency figure's test and subject: none here
        cast(null as string) as test_name,
        cast(null as string) as assessment_subject
    from school_years
    inner join graduation
        on school_years.school_year >= graduation.cohort_graduation_year
    qualify row_number() over (
        partition by school_years.school_year, graduation.reporting_level, graduation.school_id
        order by graduation.cohort_graduation_year desc
    ) = 1

),

-- a subject's key figure is the test most students were expected to take in the district
main_tests as (

    select
        school_year,
        assessment_subject,
        test_name
    from proficiency
    where reporting_level = 'district'
    qualify row_number() over (
        partition by school_year, assessment_subject
        order by students_enrolled desc, test_name asc
    ) = 1

),

proficiency_figures as (

    select
        proficiency.school_year,
        proficiency.reporting_level,
        proficiency.school_id,
        'proficiency_' || proficiency.assessment_subject as measure,
        proficiency.school_year as measured_school_year,
        -- the export cell the release suppresses this figure as (release.packet_key_figures)
        proficiency.test_name,
        proficiency.assessment_subject,
        proficiency.students_proficient as numerator,
        proficiency.students_scored as denominator
    from proficiency
    inner join main_tests
        on
            proficiency.school_year = main_tests.school_year
            and proficiency.assessment_subject = main_tests.assessment_subject
            and proficiency.test_name = main_tests.test_name

),

figures as (

    {%- set figure_columns = [
        'school_year', 'reporting_level', 'school_id', 'measure', 'measured_school_year',
        'numerator', 'denominator', 'test_name', 'assessment_subject',
    ] %}
    {%- set figure_relations = [
        'latest_cohorts',
        'proficiency_figures',
    ] %}
    {{ union_all_by_name(figure_relations, figure_columns) }}

),

final as (

    select
        *,
        numerator / nullif(denominator, 0) as value  -- noqa: RF04
    from figures

)

select * from final
