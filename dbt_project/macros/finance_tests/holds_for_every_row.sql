{#- A row-level rule whose failing rows say, in `message`, what is wrong with each row (the
    message is a SQL expression over the row: e.g. its file and line). The failures are stored
    (dbt_test__audit.<test name>) so the run summary can print the messages. -#}
{% test holds_for_every_row(model, expression, message) %}
{{ config(store_failures=true) }}

select {{ message }} as message
from {{ model }}
where not ({{ expression }})

{% endtest %}
