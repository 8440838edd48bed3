{#- Fails with every row whose value, ignoring case and surrounding whitespace, is one of `values`.
    Used on crosswalk seeds: a source code that already is a canonical code must not be remapped. -#}
{% test not_accepted_values(model, column_name, values) %}

select *

from {{ model }}

where lower(trim({{ column_name }})) in (
    {%- for value in values %}
    lower('{{ value }}'){{ ',' if not loop.last }}
    {%- endfor %}
)

{% endtest %}
