{#- Fails with one row per combination of the given columns that occurs more than once: the
    columns do not identify a row. Nulls count as a value (group by puts them together), so pair
    this with not_null on the columns that must be filled. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as row_count

from {{ model }}

group by {{ combination_of_columns | join(', ') }}

having count(*) > 1

{% endtest %}
