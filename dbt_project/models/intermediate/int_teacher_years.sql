-- One row per teacher, school and school year (teaching assignments on the census day) with the
-- ESSA educator-equity attributes of the teacher that year, shared by the equity marts.
with

teacher_assignments as (

    select * from {{ ref('int_teacher_assignments_certified') }}

),

staff_years as (

    select * from {{ ref('int_staff_years') }}

),

teacher_schools as (

    select
        staff_id,
        school_id,
        school_year,
        min(census_date) as census_date,
        sum(fte) as teacher_fte,
        coalesce(sum(fte) filter (where is_out_of_field), 0) as out_of_field_fte,
        sum(base_salary) as base_salary,
        coalesce(sum(stipend_amount), 0) as stipend_amount,
        bool_or(is_provisionally_certified) as is_provisionally_certified
    from teacher_assignments
    group by staff_id, school_id, school_year

),

final as (

    select
        teacher_schools.staff_id,
        teacher_schools.school_id,
        teacher_schools.school_year,
        teacher_schools.census_date,
        teacher_schools.teacher_fte,
        teacher_schools.out_of_field_fte,
        -- Splits a teacher's hours among schools; a teacher with no FTE counts at each equally.
        coalesce(
            teacher_schools.teacher_fte / nullif(sum(teacher_schools.teacher_fte) over (
                partition by teacher_schools.staff_id, teacher_schools.school_year
            ), 0),
            1.0 / count(*) over (
                partition by teacher_schools.staff_id, teacher_schools.school_year
            )
        ) as share_of_teacher,
        teacher_schools.base_salary,
        teacher_schools.stipend_amount,
        staff_years.race_ethnicity,
        staff_years.is_person_of_color as is_teacher_of_color,
        staff_years.hire_date,
        staff_years.is_new_hire,
        staff_years.years_of_experience,
        staff_years.years_of_experience
        <= {{ var('k12_inexperienced_max_years') }} as is_inexperienced,
        teacher_schools.is_provisionally_certified,
        staff_years.evaluation_rating,
        coalesce(staff_years.evaluation_rating = 1, false) as is_ineffective,
        coalesce(staff_years.evaluation_rating = 4, false) as is_highly_effective,
        coalesce(staff_years.collaborative_learning_hours, 0) as collaborative_learning_hours,
        coalesce(staff_years.other_learning_hours, 0) as other_learning_hours
    from teacher_schools
    left join staff_years
        on
            teacher_schools.staff_id = staff_years.staff_id
            and teacher_schools.school_year = staff_years.school_year

)

select * from final
