-- One row per staff member and school year (the year's HR snapshot): experience, the latest
-- summative rating and professional-learning hours, whatever the person's job.
with

staff as (

    select * from {{ ref('stg_hr__staff') }}

),

evaluations as (

    select * from {{ ref('stg_hr__staff_evaluations') }}

),

professional_learning as (

    select * from {{ ref('stg_hr__professional_learning') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

-- This year's rating, else the most recent one before it: a rating arrives late in the year.
latest_ratings as (

    select
        staff.staff_id,
        staff.school_year,
        max_by(evaluations.evaluation_rating, evaluations.school_year) as evaluation_rating
    from staff
    inner join evaluations
        on
            staff.staff_id = evaluations.staff_id
            and staff.school_year >= evaluations.school_year
    group by staff.staff_id, staff.school_year

),

learning_hours as (

    select
        professional_learning.staff_id,
        professional_learning.school_year,
        sum(professional_learning.hours_attended) filter (
            where professional_learning.activity_type in ('collaborative_planning', 'coaching')
        ) as collaborative_learning_hours,
        sum(professional_learning.hours_attended) filter (
            where professional_learning.activity_type not in ('collaborative_planning', 'coaching')
        ) as other_learning_hours
    from professional_learning
    inner join school_years on professional_learning.school_year = school_years.school_year
    where professional_learning.activity_date <= school_years.as_of_date
    group by professional_learning.staff_id, professional_learning.school_year

),

-- Experience counts whole years: years before the district plus the school years in the
-- district completed before this one (in the first district year, only the prior years).
final as (

    select
        staff.staff_id,
        staff.school_year,
        staff.race_ethnicity,
        staff.race_ethnicity != 'white' as is_person_of_color,
        staff.hire_date,
        staff.hire_date between school_years.year_start_date
        and school_years.year_end_date as is_new_hire,
        staff.prior_experience_years + greatest(
            staff.school_year - year(staff.hire_date)
            - case when month(staff.hire_date) >= 7 then 1 else 0 end,
            0
        ) as years_of_experience,
        latest_ratings.evaluation_rating,
        coalesce(learning_hours.collaborative_learning_hours, 0) as collaborative_learning_hours,
        coalesce(learning_hours.other_learning_hours, 0) as other_learning_hours
    from staff
    inner join school_years on staff.school_year = school_years.school_year
    left join latest_ratings
        on
            staff.staff_id = latest_ratings.staff_id
            and staff.school_year = latest_ratings.school_year
    left join learning_hours
        on
            staff.staff_id = learning_hours.staff_id
            and staff.school_year = learning_hours.school_year

)

select * from final
