{#- `characters` removed from both ends of `column` (a string of single characters).
    DuckDB's two-argument trim; Spark's standard BOTH ... FROM form. -#}
{% macro trim_characters(column, characters) -%}
    {{ return(adapter.dispatch('trim_characters', 'k12_warehouse')(column, characters)) }}
{%- endmacro %}

{% macro default__trim_characters(column, characters) -%}
    trim({{ column }}, {{ characters }})
{%- endmacro %}

{% macro spark__trim_characters(column, characters) -%}
    trim(both {{ characters }} from {{ column }})
{%- endmacro %}

{#- The values of `measure` joined by `delimiter`, in the order of `order_by`. dbt.listagg drops
    the ordering on Spark, so this one keeps it: DuckDB's ordered string_agg, Spark's
    listagg ... within group. -#}
{% macro ordered_string_agg(measure, delimiter, order_by) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'k12_warehouse')(
        measure, delimiter, order_by
    )) }}
{%- endmacro %}

{% macro default__ordered_string_agg(measure, delimiter, order_by) -%}
    string_agg({{ measure }}, {{ delimiter }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__ordered_string_agg(measure, delimiter, order_by) -%}
    listagg({{ measure }}, {{ delimiter }}) within group (order by {{ order_by }})
{%- endmacro %}

{#- Select-list items turning a `delimiter`-separated text into one row per part, numbered from 1
    in text order: `value_name` holds the part, `position_name` its number. Spark's split takes a
    regular expression, so the delimiter is quoted for it. -#}
{% macro split_to_rows(column, delimiter, value_name, position_name) -%}
    {{ return(adapter.dispatch('split_to_rows', 'k12_warehouse')(
        column, delimiter, value_name, position_name
    )) }}
{%- endmacro %}

{% macro default__split_to_rows(column, delimiter, value_name, position_name) -%}
    unnest(string_split({{ column }}, '{{ delimiter }}')) as {{ value_name }},
    generate_subscripts(string_split({{ column }}, '{{ delimiter }}'), 1) as {{ position_name }}
{%- endmacro %}

{% macro spark__split_to_rows(column, delimiter, value_name, position_name) -%}
    inline(transform(
        split({{ column }}, '\\Q{{ delimiter }}\\E'),
        (part, part_index) -> struct(part as {{ value_name }}, part_index + 1 as {{ position_name }})
    ))
{%- endmacro %}
