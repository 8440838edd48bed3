-- One row per student, school year and reporting subgroup the student belongs to that year: the
-- ESSA accountability subgroups plus sex, foster care and homelessness, and "all students".
{#- Groups defined by a yearly flag: (group name, dim_student flag). -#}
{%- set flag_groups = [
    ('economically_disadvantaged', 'is_economically_disadvantaged'),
    ('english_learner', 'is_english_learner'),
    ('students_with_disabilities', 'is_student_with_disability'),
    ('homeless', 'is_homeless'),
    ('foster_care', 'is_in_foster_care'),
] %}

with

students as (

    select * from {{ ref('dim_student') }}

),

memberships as (

    select
        student_id,
        school_year,
        {#- (category, subgroup) per row; a null subgroup drops the row below: the student
            is not in it. -#}
        {%- set rows = [
            ["'all_students'", "'all_students'"],
            ["'race_ethnicity'", "race_ethnicity"],
            ["'sex'", "sex"],
        ] -%}
        {%- for name, flag in flag_groups -%}
            {%- set subgroup = "case when " ~ flag ~ " then '" ~ name ~ "' end" -%}
            {%- do rows.append(["'" ~ name ~ "'", subgroup]) -%}
        {%- endfor %}
        {{ unpivot_to_rows(['subgroup_category', 'subgroup'], rows) }}
    from students

),

final as (

    select * from memberships
    where subgroup is not null

)

select * from final
