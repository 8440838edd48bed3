-- The teacher, spending and budget key figures of every school and the district, one row per
-- year, level, school and measure, read from their marts as they are. District shares of
-- teachers weigh each school by its teachers, as the marts' shares are of FTE.
with

staffing as (

    select * from {{ ref('fct_school_staffing') }}

),

spending as (

    select * from {{ ref('fct_school_spending') }}

),

budget as (

    select * from {{ ref('fct_school_budget') }}

),

teachers as (

    select
        school_year,
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        sum(inexperienced_teacher_share * teacher_fte) / nullif(sum(teacher_fte), 0)
            as inexperienced_share,
        sum(teacher_count) as teacher_count,
        sum(teachers_stayed_share * teachers_followed) / nullif(sum(teachers_followed), 0)
            as stayed_share,
        sum(teachers_stayed_share * teachers_followed) as teachers_stayed,
        sum(teachers_followed) as teachers_followed
    from staffing
    group by grouping sets ((school_year, school_id), (school_year))

),

spent as (

    select
        fiscal_year as school_year,
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        case
            when grouping(school_id) = 1 then any_value(district_per_pupil_expenditure)
            else any_value(per_pupil_expenditure)
        end as per_pupil_expenditure,
        sum(total_expenditure) as total_expenditure,
        sum(census_enrollment) as census_enrollment
    from spending
    group by grouping sets ((fiscal_year, school_id), (fiscal_year))

),

budgeted as (

    select
        fiscal_year as school_year,
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        sum(actual_to_date) as actual_to_date,
        sum(revised_budget) as revised_budget
    from budget
    -- a year the district sent no budget for has no figure: fct_school_key_figures says not sent
    where budget_status is distinct from 'not_sent'
    group by grouping sets ((fiscal_year, school_id), (fiscal_year))

),

teacher_figures as (

    select
        teachers.school_year,
        teachers.reporting_level,
        teachers.school_id,
        teacher_measures.measure,
        teachers.school_year as measured_school_year,
        -- a retention share is null while nobody is followed: the next year has not come
        case teacher_measures.measure
            when 'inexperienced_teachers' then teachers.inexperienced_share
            else teachers.stayed_share
        end as value,  -- noqa: RF04
        case
            when teacher_measures.measure = 'teacher_retention'
                then round(teachers.teachers_stayed)
        end as numerator,
        case teacher_measures.measure
            when 'inexperienced_teachers' then teachers.teacher_count
            else teachers.teachers_followed
        end as denominator
    from teachers
    cross join
        (values ('inexperienced_teachers'), ('teacher_retention'))
            as teacher_measures (measure)

),

spending_figures as (

    select
        school_year,
        reporting_level,
        school_id,
        'per_pupil_spending' as measure,
        school_year as measured_school_year,
        per_pupil_expenditure as value,  -- noqa: RF04
        total_expenditure as numerator,
        census_enrollment as denominator
    from spent

),

budget_figures as (

    select
        school_year,
        reporting_level,
        school_id,
        'budget_spent_to_date' as measure,
        school_year as measured_school_year,
        actual_to_date / nullif(revised_budget, 0) as value,  -- noqa: RF04
        actual_to_date as numerator,
        revised_budget as denominator
    from budgeted

),

final as (

    {%- set figure_columns = [
        'school_year', 'reporting_level', 'school_id', 'measure', 'measured_school_year',
        'numerator', 'denominator', 'value',
    ] %}
    {%- set figure_relations = [
        'teacher_figures',
        'spending_figures',
        'budget_figures',
    ] %}
    {{ union_all_by_name(figure_relations, figure_columns) }}

)

select * from final
