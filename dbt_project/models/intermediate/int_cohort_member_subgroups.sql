-- One row per cohort member and reporting subgroup the member is counted in, under var
-- k12_cohort_subgroup_rule: the groups of the last school year the student was enrolled in the
-- cohort period (last_year_in_cohort), or of any year of it (ever_in_cohort).
{%- set subgroup_rule = var('k12_cohort_subgroup_rule') %}

with

members as (

    select * from {{ ref('int_cohort_members') }}

),

subgroups as (

    select * from {{ ref('int_student_subgroups') }}

),

-- Every member is in "all students", whether or not the year has a student record.
all_students as (

    select
        student_id,
        entering_school_year,
        'all_students' as subgroup_category,
        'all_students' as subgroup
    from members

),

other_groups as (

    select distinct
        members.student_id,
        members.entering_school_year,
        subgroups.subgroup_category,
        subgroups.subgroup
    from members
    inner join subgroups
        on
            members.student_id = subgroups.student_id
            {%- if subgroup_rule == 'last_year_in_cohort' %}
                and members.last_school_year_in_cohort = subgroups.school_year
            {%- elif subgroup_rule == 'ever_in_cohort' %}
                and subgroups.school_year
                between members.entering_school_year and members.cohort_graduation_year
            {%- else %}
                and error('k12_cohort_subgroup_rule must be last_year_in_cohort or ever_in_cohort')
            {%- endif %}
    where subgroups.subgroup_category != 'all_students'

),

final as (

    select * from all_students
    union all
    select * from other_groups

)

select * from final
