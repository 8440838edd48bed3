-- One row per school, school year and subgroup: grade 9-12 students of record and those who took
-- advanced coursework. Every school gets a row for every group the district's grade 9-12 students
-- have that year, with zeros where the school has nobody in it, so the groups line up across
-- schools.
with

students as (

    select * from {{ ref('int_student_advanced_courses_taken') }}

),

subgroups as (

    select * from {{ ref('int_student_subgroups') }}

),

student_subgroups as (

    select
        students.*,
        subgroups.subgroup_category,
        subgroups.subgroup
    from students
    inner join subgroups
        on
            students.student_id = subgroups.student_id
            and students.school_year = subgroups.school_year

),

counted as (

    select
        school_id,
        school_year,
        subgroup_category,
        subgroup,
        count(*) as students,
        count(*) filter (where has_ap_course) as ap_students,
        count(*) filter (where has_ib_course) as ib_students,
        count(*) filter (where has_dual_enrollment_course) as dual_enrollment_students,
        count(*) filter (where has_advanced_course) as advanced_course_students,
        sum(dual_enrollment_college_credit_hours) as dual_enrollment_college_credit_hours
    from student_subgroups
    group by school_id, school_year, subgroup_category, subgroup

),

school_subgroups as (

    select distinct
        schools.school_id,
        schools.school_year,
        district_groups.subgroup_category,
        district_groups.subgroup
    from counted as schools
    inner join counted as district_groups
        on schools.school_year = district_groups.school_year

),

final as (

    select
        school_subgroups.school_id,
        school_subgroups.school_year,
        school_subgroups.subgroup_category,
        school_subgroups.subgroup,
        coalesce(counted.students, 0) as students,
        coalesce(counted.ap_students, 0) as ap_students,
        coalesce(counted.ib_students, 0) as ib_students,
        coalesce(counted.dual_enrollment_students, 0) as dual_enrollment_students,
        coalesce(counted.advanced_course_students, 0) as advanced_course_students,
        coalesce(counted.dual_enrollment_college_credit_hours, 0)
            as dual_enrollment_college_credit_hours
    from school_subgroups
    left join counted
        on
            school_subgroups.school_id = counted.school_id
            and school_subgroups.school_year = counted.school_year
            and school_subgroups.subgroup_category = counted.subgroup_category
            and school_subgroups.subgroup = counted.subgroup

)

select * from final
