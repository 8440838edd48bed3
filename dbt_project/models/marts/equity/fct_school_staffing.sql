-- ESSA educator-equity shares are of teacher FTE, so a half-time teacher weighs half.
with

assignments as (

    select * from {{ ref('int_staff_assignments_on_census_day') }}

),

school_teachers as (

    select * from {{ ref('int_teacher_years_summed_by_school') }}

),

school_profiles as (

    select * from {{ ref('fct_school_profile') }}

),

school_fte as (

    select
        school_id,
        school_year,
        min(census_date) as census_date,
        coalesce(sum(fte) filter (where job_category = 'teacher'), 0) as teacher_fte,
        coalesce(sum(fte) filter (where job_category = 'principal'), 0) as principal_fte,
        coalesce(sum(fte) filter (where job_category = 'assistant_principal'), 0)
            as assistant_principal_fte,
        coalesce(sum(fte) filter (where job_category = 'instructional_coach'), 0)
            as instructional_coach_fte,
        coalesce(sum(fte) filter (where job_category = 'counselor'), 0) as counselor_fte,
        coalesce(sum(fte) filter (where job_category = 'paraprofessional'), 0)
            as paraprofessional_fte,
        coalesce(
            sum(fte) filter (where job_category in ('other_school_staff', 'central_office')), 0
        )
            as other_staff_fte
    from assignments
    group by school_id, school_year

),

final as (

    select
        school_fte.*,
        coalesce(school_profiles.census_enrollment, 0) as census_enrollment,
        coalesce(school_teachers.teacher_count, 0) as teacher_count,
        school_profiles.census_enrollment / nullif(school_fte.teacher_fte, 0)
            as students_per_teacher_fte,
        round(
            school_teachers.teacher_base_salary
            / nullif(school_teachers.teacher_fte_with_salary, 0), 2
        ) as average_teacher_base_salary,
        coalesce(school_teachers.teacher_stipend_amount, 0) as teacher_stipend_amount,
        coalesce(school_teachers.inexperienced_fte, 0) / nullif(school_fte.teacher_fte, 0)
            as inexperienced_teacher_share,
        coalesce(school_teachers.out_of_field_fte, 0) / nullif(school_fte.teacher_fte, 0)
            as out_of_field_teacher_share,
        coalesce(school_teachers.provisionally_certified_fte, 0) / nullif(school_fte.teacher_fte, 0)
            as provisionally_certified_teacher_share,
        coalesce(school_teachers.ineffective_fte, 0) / nullif(school_fte.teacher_fte, 0)
            as ineffective_teacher_share,
        coalesce(school_teachers.highly_effective_fte, 0) / nullif(school_fte.teacher_fte, 0)
            as highly_effective_teacher_share,
        school_teachers.collaborative_learning_hours
        / nullif(school_teachers.teachers_counted_for_learning, 0)
            as collaborative_learning_hours_per_teacher,
        school_teachers.other_learning_hours
        / nullif(school_teachers.teachers_counted_for_learning, 0)
            as other_learning_hours_per_teacher,
        coalesce(school_teachers.teachers_followed, 0) as teachers_followed,
        school_teachers.teachers_stayed / nullif(school_teachers.teachers_followed, 0)
            as teachers_stayed_share,
        school_teachers.teachers_moved_school / nullif(school_teachers.teachers_followed, 0)
            as teachers_moved_school_share,
        school_teachers.teachers_left / nullif(school_teachers.teachers_followed, 0)
            as teachers_left_share
    from school_fte
    left join school_teachers
        on
            school_fte.school_id = school_teachers.school_id
            and school_fte.school_year = school_teachers.school_year
    left join school_profiles
        on
            school_fte.school_id = school_profiles.school_id
            and school_fte.school_year = school_profiles.school_year

)

select * from final
