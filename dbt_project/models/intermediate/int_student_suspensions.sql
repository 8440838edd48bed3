-- One row per student and school year with a removal from school (out-of-school suspension or
-- expulsion) on or before the year's as-of date, for the behaviour indicator of early warning.
with

discipline as (

    select * from {{ ref('stg_sis__discipline') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

removals_to_as_of as (

    select
        discipline.student_id,
        discipline.school_year,
        discipline.incident_id,
        discipline.discipline_action
    from discipline
    inner join school_years on discipline.school_year = school_years.school_year
    where
        discipline.incident_date <= school_years.as_of_date
        and discipline.discipline_action in ('out_of_school_suspension', 'expulsion')

),

final as (

    select
        student_id,
        school_year,
        cast(count(distinct incident_id) filter (
            where discipline_action = 'out_of_school_suspension'
        ) as integer) as out_of_school_suspensions,
        cast(count(distinct incident_id) filter (
            where discipline_action = 'expulsion'
        ) as integer) as expulsions
    from removals_to_as_of
    group by student_id, school_year

)

select * from final
