-- The enrollment, on-track, attendance and coursework key figures of every school and the
-- district, one row per year, level, school and measure, read from their marts as they are
-- (fct_school_key_figures adds the trend and status).
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

course_access as (

    select * from {{ ref('fct_course_access') }}
    where subgroup_category = 'all_students'

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

    {%- set figure_columns = [
        'school_year', 'reporting_level', 'school_id', 'measure', 'measured_school_year',
        'numerator', 'denominator',
    ] %}
    {%- set figure_relations = [
        'enrollment',
        'projected',
        'summary_figures',
        'course_access_figures',
    ] %}
    {{ union_all_by_name(figure_relations, figure_columns) }}

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
