{#- The order of every principal roster, its one home: early-warning tier (highest risk first),
    then more reasons first, then name, with the student id to break ties. -#}
{% macro roster_rank() -%}
    row_number() over (
        partition by school_id, school_year
        order by
            early_warning_tier_order asc,
            reason_count desc,
            last_name asc,
            first_name asc,
            student_id asc
    )
{%- endmacro %}
