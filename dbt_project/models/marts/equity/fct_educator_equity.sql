-- ESSA 1111(g)(1)(B): are students in the highest-poverty and highest-minority schools taught by
-- inexperienced, out-of-field, provisionally certified or ineffective teachers at higher rates
-- than students in the lowest? One row per year, measure and comparison, the two groups side
-- by side.
with

group_sums as (

    select * from {{ ref('int_quartile_groups_summed') }}

),

group_shares as (

    select
        *,
        measure_teacher_fte / nullif(teacher_fte, 0) as teacher_share,
        measure_students / nullif(students, 0) as student_share
    from group_sums

),

high_groups as (

    select * from group_shares
    where quartile_group = 'high'

),

low_groups as (

    select * from group_shares
    where quartile_group = 'low'

),

final as (

    select
        high_groups.school_year,
        high_groups.measure,
        high_groups.comparison,
        high_groups.school_count as high_quartile_school_count,
        low_groups.school_count as low_quartile_school_count,
        high_groups.teacher_fte as high_quartile_teacher_fte,
        low_groups.teacher_fte as low_quartile_teacher_fte,
        high_groups.measure_teacher_fte as high_quartile_measure_teacher_fte,
        low_groups.measure_teacher_fte as low_quartile_measure_teacher_fte,
        high_groups.teacher_share as high_quartile_teacher_share,
        low_groups.teacher_share as low_quartile_teacher_share,
        high_groups.teacher_share - low_groups.teacher_share as teacher_share_gap,
        high_groups.students as high_quartile_students,
        low_groups.students as low_quartile_students,
        high_groups.measure_students as high_quartile_measure_students,
        low_groups.measure_students as low_quartile_measure_students,
        high_groups.student_share as high_quartile_student_share,
        low_groups.student_share as low_quartile_student_share,
        high_groups.student_share - low_groups.student_share as student_share_gap
    from high_groups
    inner join low_groups
        on
            high_groups.school_year = low_groups.school_year
            and high_groups.measure = low_groups.measure
            and high_groups.comparison = low_groups.comparison

)

select * from final
