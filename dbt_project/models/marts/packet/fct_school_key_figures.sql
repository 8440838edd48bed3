-- The key figures of the principal packets with their trend: every school with students of
-- record, and the district, for every measure of the seed key_figure_measures and every year.
with

measures as (

    select * from {{ ref('key_figure_measures') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}
    where has_started

),

students as (

    select * from {{ ref('dim_student') }}

),

participants as (

    select * from {{ ref('int_assessment_participants') }}

),

figures as (

    {%- set figure_columns = [
        'school_year', 'reporting_level', 'school_id', 'measure', 'measured_school_year',
        'numerator', 'denominator', 'value', 'test_name', 'assessment_subject',
    ] %}
    {%- set figure_relations = [
        ref('int_key_figures_of_students'),
        ref('int_key_figures_of_achievement'),
        ref('int_key_figures_of_staff_and_finance'),
    ] %}
    {{ union_all_by_name(figure_relations, figure_columns) }}

),

-- the grades a school has in a year decide which measures apply to it; the district has a
-- measure when any of its schools has it
schools as (

    select
        students.school_year,
        case when grouping(students.school_id) = 1 then 'district' else 'school' end
            as reporting_level,
        students.school_id,
        bool_or({{ grade_number('students.grade_level') }} between 9 and 12)
            as has_high_school_grades,
        bool_or(students.grade_level = '09') as has_grade_09
    from students
    inner join school_years on students.school_year = school_years.school_year
    group by grouping sets ((students.school_year, students.school_id), (students.school_year))

),

tested_subjects as (

    select distinct
        school_id,
        'proficiency_' || assessment_subject as measure
    from participants

),

spine as (

    select
        schools.*,
        measures.*,
        case measures.applies_to
            when 'every_school' then true
            when 'high_school_grades' then schools.has_high_school_grades
            when 'grade_09' then schools.has_grade_09
            when 'tested_in_subject' then exists (
                select 1 from tested_subjects
                where
                    tested_subjects.measure = measures.measure
                    and (schools.school_id is null or tested_subjects.school_id = schools.school_id)
            )
        end as is_applicable
    from schools
    cross join measures

),

statused as (

    select
        spine.*,
        figures.measured_school_year,
        figures.test_name,
        figures.assessment_subject,
        case when spine.is_applicable then figures.value end as value,  -- noqa: RF04
        case when spine.is_applicable then figures.numerator end as numerator,
        case when spine.is_applicable then figures.denominator end as denominator,
        -- a figure its mart has no row for is missing as the seed says (an extract not sent, or
        -- a year not reached); a row without a value has nobody to measure yet
        case
            when not spine.is_applicable then 'not_applicable'
            when figures.value is not null then 'known'
            when figures.measure is null then spine.status_when_absent
            else 'not_yet_known'
        end as status
    from spine
    left join figures
        on
            spine.school_year = figures.school_year
            and spine.reporting_level = figures.reporting_level
            and spine.school_id is not distinct from figures.school_id
            and spine.measure = figures.measure

),

-- the previous school year's value, when the school (or district) has that year
trended as (

    select
        *,
        case
            when lag(school_year) over prior_years = school_year - 1
                then lag(value) over prior_years
        end as prior_year_value
    from statused
    window prior_years as (
        partition by reporting_level, school_id, measure order by school_year
    )

),

final as (

    select
        cast(school_year as integer) as school_year,
        cast(reporting_level as string) as reporting_level,
        cast(school_id as string) as school_id,
        cast(measure as string) as measure,
        cast(measure_label as string) as measure_label,
        cast(unit as string) as unit,
        cast(is_higher_better as boolean) as is_higher_better,
        cast(display_order as integer) as display_order,
        cast(is_applicable as boolean) as is_applicable,
        cast(status as string) as status,
        cast(coalesce(measured_school_year, school_year) as integer) as measured_school_year,
        cast(test_name as string) as test_name,
        cast(assessment_subject as string) as assessment_subject,
        cast(value as double) as value,  -- noqa: RF04
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast(max(value) filter (where reporting_level = 'district') over (
            partition by school_year, measure
        ) as double) as district_value,
        cast(prior_year_value as double) as prior_year_value,
        cast(value - prior_year_value as double) as change_from_prior_year,
        school_year = max(school_year) over () as is_latest_year
    from trended

)

select * from final
