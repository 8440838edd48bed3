{#- Which transcript a year's marks go on: grades 9-12 are the high-school transcript that counts
    toward graduation; earlier grades are kept apart so middle-school credits never count. -#}
{% macro transcript_level(grade_level) -%}
    case
        when {{ grade_number(grade_level) }} >= 9 then 'high_school'
        when {{ grade_level }} is not null then 'pre_high_school'
    end
{%- endmacro %}
