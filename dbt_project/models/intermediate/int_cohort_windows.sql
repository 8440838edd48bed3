-- One row per graduation cohort and rate window (4 or 5 years): the window's diploma deadline and
-- whether the data covers the whole window, so a rate is published only for a complete one.
with

school_years as (

    select * from {{ ref('dim_school_year') }}

),

data_span as (

    select
        min(school_year) as first_school_year,
        max(school_year) filter (where has_started) as latest_started_school_year,
        -- uncapped: a diploma in the summer after the final year counts until the deadline, so
        -- a September run must see past June 30 (the same on every row)
        max(run_as_of_date) as run_as_of_date
    from school_years

),

-- A student first seen in grade 12 in the first year belongs to the cohort that entered grade 9
-- three years earlier, so cohorts start three years before the data does.
cohorts as (

    select
        {{ integers_between('first_school_year - 3', 'latest_started_school_year') }}
            as entering_school_year
    from data_span

),

rate_windows as (

    select rate_years.years_in_window from (values (4), (5)) as rate_years (years_in_window)

),

windows as (

    select
        cohorts.entering_school_year,
        rate_windows.years_in_window,
        cohorts.entering_school_year + 3 as cohort_graduation_year,
        cohorts.entering_school_year + rate_windows.years_in_window - 1 as final_school_year,
        -- the deadline falls in the summer after the final school year's spring
        cast(
            (cohorts.entering_school_year + rate_windows.years_in_window - 1)
            || '-{{ var("k12_graduation_deadline_month_day") }}' as date
        ) as deadline_date,
        data_span.first_school_year,
        data_span.latest_started_school_year,
        data_span.run_as_of_date
    from cohorts
    cross join rate_windows
    cross join data_span

),

final as (

    select
        windows.entering_school_year,
        windows.years_in_window,
        windows.cohort_graduation_year,
        windows.final_school_year,
        windows.deadline_date,
        least(windows.final_school_year, windows.latest_started_school_year)
            as last_observed_school_year,
        windows.first_school_year,
        windows.entering_school_year >= windows.first_school_year as has_cohort_start_in_data,
        windows.entering_school_year >= windows.first_school_year
        and coalesce(final_years.is_complete, false) as is_window_complete,
        windows.run_as_of_date >= windows.deadline_date as is_deadline_passed,
        windows.run_as_of_date
    from windows
    left join school_years as final_years
        on windows.final_school_year = final_years.school_year

)

select * from final
