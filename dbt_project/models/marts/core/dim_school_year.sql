with

calendar as (

    select * from {{ ref('stg_sis__calendar') }}

),

-- Exactly one row: a date selected "from calendar" without an aggregate would repeat it once per
-- calendar row, and the cross join below would repeat every year as many times.
run_as_of as (

    {% if var('k12_as_of_date') %}
        select cast('{{ var("k12_as_of_date") }}' as date) as run_as_of_date
    {% else %}
        -- Today, but never past the June 30 of the latest year with a calendar: a calendar that
        -- lists only school days must not end a finished year at its last school day, when
        -- June exits and graduations still happen after it.
        select least(current_date, make_date(max(school_year), 6, 30)) as run_as_of_date
        from calendar
    {% endif %}

),

years as (

    select
        school_year,
        make_date(school_year - 1, 7, 1) as year_start_date,
        make_date(school_year, 6, 30) as year_end_date,
        min(calendar_date) filter (where is_instructional_day) as first_instructional_date,
        max(calendar_date) filter (where is_instructional_day) as last_instructional_date,
        count(distinct calendar_date) filter (where is_instructional_day)
            as district_instructional_days,
        count(distinct school_id) as schools_with_calendar
    from calendar
    group by school_year

),

final as (

    select
        years.*,
        least(run_as_of.run_as_of_date, years.year_end_date) as as_of_date,
        run_as_of.run_as_of_date,
        run_as_of.run_as_of_date >= years.first_instructional_date as has_started,
        run_as_of.run_as_of_date >= years.last_instructional_date as is_complete,
        run_as_of.run_as_of_date between years.year_start_date and years.year_end_date
            as is_current_year
    from years
    cross join run_as_of

)

select * from final
