-- Per school and year, the sums over its census-day teachers that fct_school_staffing turns
-- into shares and averages (teacher FTE itself comes from all census-day assignments).
with

teacher_years as (

    select * from {{ ref('int_teacher_years') }}

),

teacher_moves as (

    select * from {{ ref('int_teacher_years_followed') }}

),

final as (

    select
        teacher_years.school_id,
        teacher_years.school_year,
        count(*) as teacher_count,
        sum(teacher_years.base_salary) as teacher_base_salary,
        sum(teacher_years.teacher_fte) filter (where teacher_years.base_salary is not null)
            as teacher_fte_with_salary,
        sum(teacher_years.stipend_amount) as teacher_stipend_amount,
        sum(teacher_years.teacher_fte) filter (where teacher_years.is_inexperienced)
            as inexperienced_fte,
        sum(teacher_years.out_of_field_fte) as out_of_field_fte,
        sum(teacher_years.teacher_fte) filter (where teacher_years.is_provisionally_certified)
            as provisionally_certified_fte,
        sum(teacher_years.teacher_fte) filter (where teacher_years.is_ineffective)
            as ineffective_fte,
        sum(teacher_years.teacher_fte) filter (where teacher_years.is_highly_effective)
            as highly_effective_fte,
        sum(teacher_years.share_of_teacher) as teachers_counted_for_learning,
        sum(teacher_years.collaborative_learning_hours * teacher_years.share_of_teacher)
            as collaborative_learning_hours,
        sum(teacher_years.other_learning_hours * teacher_years.share_of_teacher)
            as other_learning_hours,
        count(teacher_moves.next_year_status) as teachers_followed,
        count(*) filter (where teacher_moves.next_year_status = 'stayed')
            as teachers_stayed,
        count(*) filter (where teacher_moves.next_year_status = 'moved_school')
            as teachers_moved_school,
        count(*) filter (where teacher_moves.next_year_status = 'left') as teachers_left
    from teacher_years
    left join teacher_moves
        on
            teacher_years.staff_id = teacher_moves.staff_id
            and teacher_years.school_id = teacher_moves.school_id
            and teacher_years.school_year = teacher_moves.school_year
    group by teacher_years.school_id, teacher_years.school_year

)

select * from final
