{#- Fails with every row for which `expression` is false. A row where it is null (a missing date,
    say) passes: not_null says whether a value is required. -#}
{% test expression_is_true(model, expression) %}

select *

from {{ model }}

where not ({{ expression }})

{% endtest %}
