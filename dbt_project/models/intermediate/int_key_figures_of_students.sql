-- The student key figures of every school and the district, one row per year, level, school and
-- measure, read from their marts as they are (fct_school_key_figures adds the trend and status).
with

profile as (

    select * from {{ ref('fct_school_profile') }}

),

projection as (

    select * from {{ ref('fct_enrollment_projection') }}

),

summary as (

    select * from {{ ref('fct_on_track_summary') }}
    where grade_level = 'all' and subgroup_category = 'all_students'

),

graduation as (

    select * from {{ ref('fct_cohort_graduation') }}
    where subgroup_category = 'all_students' and four_year_graduation_rate is not null

),

proficiency as (

    select * from {{ ref('fct_assessment_proficiency') }}
    where grade_level = 'all' and subgroup_category = 'all_students'

),

course_access as (

    select * from {{ ref('fct_course_access') }}
    where subgroup_category = 'all_students'

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

enrollment as (

    select
        school_year,
        reporting_level,
        school_id,
        'enrollment' as measure,
        school_year as measured_school_year,
        census_enrollment as numerator,
        census_enrollment as denominator
    from profile

),

projected as (

    select
        base_year as school_year,
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        'projected_enrollment' as measure,
        base_year + 1 as measured_school_year,
        sum(projected_enrollment) as numerator,
        null as denominator
    from projection
    where projection_year = base_year + 1
    group by grouping sets ((base_year, school_id), (base_year))

),

summary_figures as (

    select
        summary.school_year,
        summary.reporting_level,
        summary.school_id,
        summary_measures.measure,
        summary.school_year as measured_school_year,
        case summary_measures.measure
            when 'on_track' then summary.on_track_count
            when 'freshman_on_track' then summary.freshman_on_track_count
            else summary.chronically_absent_count
        end as numerator,
        case summary_measures.measure
            when 'on_track' then summary.on_track_evaluated
            when 'freshman_on_track' then summary.freshman_on_track_evaluated
            else summary.chronic_absence_eligible
        end as denominator
    from summary
    cross join
        (values ('on_track'), ('freshman_on_track'), ('chronic_absence'))
            as summary_measures (measure)

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
        graduation.adjusted_cohort as denominator
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
        proficiency.students_proficient as numerator,
        proficiency.students_scored as denominator
    from proficiency
    inner join main_tests
        on
            proficiency.school_year = main_tests.school_year
            and proficiency.assessment_subject = main_tests.assessment_subject
            and proficiency.test_name = main_tests.test_name

),

course_access_figures as (

    select
        school_year,
        reporting_level,
        school_id,
        'advanced_coursework' as measure,
        school_year as measured_school_year,
        advanced_course_students as numerator,
        students as denominator
    from course_access

),

unioned as (

    select * from enrollment
    union all by name
    select * from projected
    union all by name
    select * from summary_figures
    union all by name
    select * from latest_cohorts
    union all by name
    select * from proficiency_figures
    union all by name
    select * from course_access_figures

),

final as (

    select
        *,
        case
            when measure in ('enrollment', 'projected_enrollment') then numerator
            else numerator / nullif(denominator, 0)
        end as value  -- noqa: RF04
    from unioned

)

select * from final
