-- One row per school, grade and projection year: next year's census-day enrollment projected by
-- cohort survival, and the same projection made for each past year from the years before it
-- (the back-test), set against what that year's census actually counted.

with

projections as (

    select * from {{ ref('int_grade_enrollments_projected') }}

),

census_by_grade as (

    select * from {{ ref('int_census_day_enrollments_by_grade') }}

),

latest_census as (

    select max(school_year) as school_year from census_by_grade

),

-- a back-tested grade nobody was in on the census day had an actual enrollment of 0
projections_with_actuals as (

    select
        projections.*,
        projections.projection_year <= latest_census.school_year as is_backtest,
        case
            when projections.projection_year <= latest_census.school_year
                then coalesce(actuals.census_enrollment, 0)
        end as actual_enrollment
    from projections
    cross join latest_census
    left join census_by_grade as actuals
        on
            projections.school_id = actuals.school_id
            and projections.grade_level = actuals.grade_level
            and projections.projection_year = actuals.school_year

),

grade_errors as (

    select
        *,
        abs(projected_enrollment - actual_enrollment) as absolute_error
    from projections_with_actuals

),

-- accuracy is judged on the school's total, the figure budgets and staffing are built on
school_backtest_years as (

    select
        school_id,
        projection_year,
        abs(sum(projected_enrollment) - sum(actual_enrollment))
        / nullif(sum(actual_enrollment), 0) as school_absolute_percentage_error
    from projections_with_actuals
    where is_backtest
    group by school_id, projection_year

),

school_backtests as (

    select
        school_id,
        avg(school_absolute_percentage_error) as school_backtest_mape
    from school_backtest_years
    group by school_id

),

final as (

    select
        grade_errors.school_id,
        grade_errors.grade_level,
        grade_errors.projection_year,
        grade_errors.base_year,
        grade_errors.is_backtest,
        grade_errors.projection_method,
        grade_errors.base_year_enrollment,
        grade_errors.feeder_enrollment,
        grade_errors.average_ratio,
        grade_errors.history_years_used,
        grade_errors.projected_enrollment,
        cast(round(grade_errors.projected_enrollment) as integer)
            as projected_enrollment_rounded,
        grade_errors.actual_enrollment,
        grade_errors.absolute_error,
        grade_errors.absolute_error / nullif(grade_errors.actual_enrollment, 0)
            as absolute_percentage_error,
        school_backtests.school_backtest_mape
    from grade_errors
    left join school_backtests on grade_errors.school_id = school_backtests.school_id

)

select * from final
