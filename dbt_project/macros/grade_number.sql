{#- A canonical grade_level code as a number that orders grades: PK -1, KG 0, '01'-'12' 1-12.
    Comparing the codes as text would put KG after 12. -#}
{% macro grade_number(column) -%}
    case {{ column }} when 'PK' then -1 when 'KG' then 0 else cast({{ column }} as integer) end
{%- endmacro %}
