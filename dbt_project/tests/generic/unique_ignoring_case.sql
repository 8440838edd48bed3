{#- Fails with each value that occurs more than once once case and surrounding whitespace are
    ignored, the way code lookups compare them ('K' and ' k ' are the same code). -#}
{% test unique_ignoring_case(model, column_name) %}

select
    lower(trim({{ column_name }})) as normalized_value,
    count(*) as row_count

from {{ model }}

where {{ column_name }} is not null

group by lower(trim({{ column_name }}))

having count(*) > 1

{% endtest %}
