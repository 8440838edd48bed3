-- One row per school and school year the SIS lists it: what a roster's heading says (the
-- school's name, the as-of date) and why a roster is empty (how many students the lists could
-- hold, and the rules that decide it, from the dbt vars).
with

schools as (

    select * from {{ ref('dim_school') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

students as (

    select * from {{ ref('principal_roster_students') }}

),

counted as (

    select
        school_id,
        school_year,
        count(*) as students_enrolled,
        count(early_warning_tier) as students_with_early_warning,
        count(*) filter (where is_judged_for_on_track) as students_judged_for_on_track,
        count(*) filter (where is_judged_for_chronic_absence_here)
            as students_judged_for_chronic_absence
    from students
    group by school_id, school_year

),

final as (

    select
        schools.school_id,
        school_years.school_year,
        schools.school_name,
        school_years.as_of_date,
        coalesce(counted.students_enrolled, 0) as students_enrolled,
        coalesce(counted.students_with_early_warning, 0) as students_with_early_warning,
        coalesce(counted.students_judged_for_on_track, 0) as students_judged_for_on_track,
        coalesce(counted.students_judged_for_chronic_absence, 0)
            as students_judged_for_chronic_absence,
        {{ var('k12_early_warning_lowest_grade') }} as early_warning_lowest_grade,
        {{ var('k12_chronic_absence_min_days_enrolled') }} as chronic_absence_min_days_enrolled,
        {{ var('k12_chronic_absence_threshold') }} as chronic_absence_threshold
    from schools
    inner join school_years
        on school_years.school_year between schools.first_school_year and schools.last_school_year
    left join counted
        on
            schools.school_id = counted.school_id
            and school_years.school_year = counted.school_year

)

select * from final
