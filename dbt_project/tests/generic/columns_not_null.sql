{#- Fails with one row per listed column that is null in some row of the model, naming the column
    and how many rows. One scan of the model checks all its required columns: a not_null test per
    column scanned the model once each and cost dbt a node each, 751 of them in every run
    (docs/performance.md). The message names a column and a count, never a value, so the failures
    are stored for the run summary to print. -#}
{% test columns_not_null(model, columns) %}
{{ config(store_failures_as="view") }}

with null_counts as (

    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_in_{{ loop.index }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ model }}

)

{% for column in columns %}
select
    '{{ column }}' as column_name,
    nulls_in_{{ loop.index }} as null_rows,
    {{ dbt.concat([
        "'" ~ column ~ " is null in '",
        "cast(nulls_in_" ~ loop.index ~ " as " ~ dbt.type_string() ~ ")",
        "' row(s)'",
    ]) }} as message
from null_counts
where nulls_in_{{ loop.index }} > 0
{% if not loop.last %}union all{% endif %}
{% endfor %}

{% endtest %}
