-- One row per school, grade and base year: the grade's enrollment projected for the next year by
-- cohort survival, from the base year's census and the last N years of history up to it.

with

progressions as (

    select * from {{ ref('int_grade_progression_ratios_computed') }}

),

schools as (

    select * from {{ ref('stg_sis__schools') }}

),

-- a base year needs a year of census before it, so that at least one ratio ends by it
base_years as (

    select distinct school_year as base_year
    from progressions
    where school_year > (select min(first_census.school_year) from progressions as first_census)

),

-- the grades a school enrolls on the base year's census day are the grades it is projected to
-- keep; a school closed that year, or with nobody on its census day, gets no projection
base_grades as (

    select
        progressions.*,
        progressions.school_year as base_year,
        case
            when progressions.grade_number <= 0 then 'grade_average'
            when progressions.school_grade_below_enrollment > 0 then 'grade_progression'
            else 'feeder_share'
        end as projection_method
    from progressions
    inner join base_years on progressions.school_year = base_years.base_year
    left join schools
        on
            progressions.school_id = schools.school_id
            and progressions.school_year = schools.school_year
    where schools.school_status is distinct from 'closed'

),

history as (

    select
        base_grades.school_id,
        base_grades.grade_level,
        base_grades.base_year,
        past.school_year,
        case base_grades.projection_method
            when 'grade_average' then past.census_enrollment
            when 'grade_progression' then past.grade_progression_ratio
            else past.feeder_share_ratio
        end as history_value
    from base_grades
    inner join progressions as past
        on
            base_grades.school_id = past.school_id
            and base_grades.grade_level = past.grade_level
            and base_grades.base_year >= past.school_year

),

recent_history as (

    select
        *,
        row_number() over (
            partition by school_id, grade_level, base_year order by school_year desc
        ) as recency
    from history
    where history_value is not null

),

averages as (

    select
        school_id,
        grade_level,
        base_year,
        avg(history_value) as history_average,
        count(*) as history_years_used
    from recent_history
    where recency <= {{ var('k12_projection_ratio_years') }}
    group by school_id, grade_level, base_year

),

-- a grade with no ratio yet (e.g. its feeder was empty every year) keeps its base-year size
final as (

    select
        base_grades.school_id,
        base_grades.grade_level,
        base_grades.base_year,
        base_grades.base_year + 1 as projection_year,
        case
            when averages.history_average is null then 'carried_forward'
            else base_grades.projection_method
        end as projection_method,
        base_grades.census_enrollment as base_year_enrollment,
        case
            when averages.history_average is null then null
            when base_grades.projection_method = 'grade_progression'
                then base_grades.school_grade_below_enrollment
            when base_grades.projection_method = 'feeder_share'
                then base_grades.district_grade_below_enrollment
        end as feeder_enrollment,
        case
            when base_grades.projection_method <> 'grade_average'
                then averages.history_average
        end as average_ratio,
        coalesce(averages.history_years_used, 0) as history_years_used,
        case
            when averages.history_average is null then base_grades.census_enrollment
            when base_grades.projection_method = 'grade_average' then averages.history_average
            when base_grades.projection_method = 'grade_progression'
                then base_grades.school_grade_below_enrollment * averages.history_average
            else base_grades.district_grade_below_enrollment * averages.history_average
        end as projected_enrollment
    from base_grades
    left join averages
        on
            base_grades.school_id = averages.school_id
            and base_grades.grade_level = averages.grade_level
            and base_grades.base_year = averages.base_year

)

select * from final
