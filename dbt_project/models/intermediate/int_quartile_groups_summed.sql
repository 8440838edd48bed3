-- Teachers and students of each ESSA comparison group (int_schools_grouped_by_quartile), in all
-- and with each educator-equity measure: the numerators and denominators of fct_educator_equity.
with

grouped_schools as (

    select * from {{ ref('int_schools_grouped_by_quartile') }}

),

teacher_years as (

    select * from {{ ref('int_teacher_years') }}

),

student_schools as (

    select * from {{ ref('int_student_school_years_taught') }}

),

group_schools as (

    select
        grouped_schools.*,
        measures.measure
    from grouped_schools
    cross join (
        values ('inexperienced'), ('out_of_field'), ('provisional_certified'), ('ineffective')
    ) as measures (measure)

),

-- A teacher at schools of both groups counts in each with the FTE taught there.
group_teachers as (

    select
        group_schools.school_year,
        group_schools.comparison,
        group_schools.quartile_group,
        group_schools.measure,
        count(distinct group_schools.school_id) as school_count,
        coalesce(sum(teacher_years.teacher_fte), 0) as teacher_fte,
        coalesce(sum(case
            when group_schools.measure = 'out_of_field' then teacher_years.out_of_field_fte
            when
                group_schools.measure = 'inexperienced' and teacher_years.is_inexperienced
                or group_schools.measure = 'provisional_certified'
                and teacher_years.is_provisionally_certified
                or group_schools.measure = 'ineffective' and teacher_years.is_ineffective
                then teacher_years.teacher_fte
            else 0
        end), 0) as measure_teacher_fte
    from group_schools
    left join teacher_years
        on
            group_schools.school_id = teacher_years.school_id
            and group_schools.school_year = teacher_years.school_year
    group by all

),

-- A student taught at two schools of a group is one student of the group.
group_students as (

    select
        group_schools.school_year,
        group_schools.comparison,
        group_schools.quartile_group,
        group_schools.measure,
        count(distinct student_schools.student_id) as students,
        count(distinct student_schools.student_id) filter (
            where case group_schools.measure
                when 'inexperienced' then student_schools.has_inexperienced_teacher
                when 'out_of_field' then student_schools.has_out_of_field_teacher
                when 'provisional_certified'
                    then student_schools.has_provisionally_certified_teacher
                when 'ineffective' then student_schools.has_ineffective_teacher
            end
        ) as measure_students
    from group_schools
    inner join student_schools
        on
            group_schools.school_id = student_schools.school_id
            and group_schools.school_year = student_schools.school_year
    group by all

),

final as (

    select
        group_teachers.school_year,
        group_teachers.comparison,
        group_teachers.quartile_group,
        group_teachers.measure,
        group_teachers.school_count,
        group_teachers.teacher_fte,
        group_teachers.measure_teacher_fte,
        coalesce(group_students.students, 0) as students,
        coalesce(group_students.measure_students, 0) as measure_students
    from group_teachers
    left join group_students
        on
            group_teachers.school_year = group_students.school_year
            and group_teachers.comparison = group_students.comparison
            and group_teachers.quartile_group = group_students.quartile_group
            and group_teachers.measure = group_students.measure

)

select * from final
