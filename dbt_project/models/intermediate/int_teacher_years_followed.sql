-- Where each of a year's teachers is teaching on the next year's census day (NCES Teacher
-- Follow-up Survey stayers, movers and leavers, within the district).
with

teacher_years as (

    select * from {{ ref('int_teacher_years') }}

),

years_observed as (

    select distinct school_year from teacher_years

),

-- The schools each teacher teaches at the next year (one row each), and the teachers still
-- teaching then: a join on both says stayed, moved or left without collecting lists.
next_year_schools as (

    select distinct
        staff_id,
        school_year - 1 as school_year,
        school_id
    from teacher_years

),

next_year_teachers as (

    select distinct
        staff_id,
        school_year
    from next_year_schools

),

final as (

    select
        teacher_years.staff_id,
        teacher_years.school_id,
        teacher_years.school_year,
        case
            -- Nothing to follow into: the last year in the data.
            when years_observed.school_year is null then null
            when next_year_schools.staff_id is not null then 'stayed'
            when next_year_teachers.staff_id is not null then 'moved_school'
            else 'left'
        end as next_year_status
    from teacher_years
    left join years_observed on teacher_years.school_year + 1 = years_observed.school_year
    left join next_year_schools
        on
            teacher_years.staff_id = next_year_schools.staff_id
            and teacher_years.school_year = next_year_schools.school_year
            and teacher_years.school_id = next_year_schools.school_id
    left join next_year_teachers
        on
            teacher_years.staff_id = next_year_teachers.staff_id
            and teacher_years.school_year = next_year_teachers.school_year

)

select * from final
