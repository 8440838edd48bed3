{#- Fails with every row whose value lies outside [min_value, max_value] (inclusive; either bound
    may be omitted). Nulls pass: not_null says whether a value is required. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}

select *

from {{ model }}

where
    {% if min_value is not none %}{{ column_name }} < {{ min_value }}{% else %}false{% endif %}
    or {% if max_value is not none %}{{ column_name }} > {{ max_value }}{% else %}false{% endif %}

{% endtest %}
