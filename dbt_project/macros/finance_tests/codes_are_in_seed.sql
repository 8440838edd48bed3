{#- Completeness of a code mapping: every code of the column is a row of the seed. One failing
    row per missing code, whose `message` names the code, how many rows carry it, and the seed
    file to add it to; the failures are stored (dbt_test__audit.<test name>) so the run summary
    can print the messages. -#}
{% test codes_are_in_seed(model, column_name, seed, seed_column, what) %}
{{ config(store_failures=true) }}

with

codes as (

    select {{ column_name }} as code, count(*) as row_count
    from {{ model }}
    where {{ column_name }} is not null
    group by {{ column_name }}

),

seed_codes as (

    select {{ seed_column }} as code from {{ ref(seed) }}

),

missing as (

    select codes.code, codes.row_count
    from codes
    left join seed_codes on codes.code = seed_codes.code
    where seed_codes.code is null

)

select
    code,
    row_count,
    '{{ what }} ' || code || ' (' || cast(row_count as string) || ' rows of {{ model.identifier }})'
    || ' is missing from {{ seed_file(seed) }}: add a row for it' as message
from missing

{% endtest %}
