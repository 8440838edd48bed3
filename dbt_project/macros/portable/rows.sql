{#- A select-list item giving one row per date from `start_date` to `end_date`, both included,
    as a date. -#}
{% macro dates_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('dates_between', 'k12_warehouse')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__dates_between(start_date, end_date) -%}
    cast(unnest(generate_series({{ start_date }}, {{ end_date }}, interval 1 day)) as date)
{%- endmacro %}

{% macro spark__dates_between(start_date, end_date) -%}
    explode(sequence({{ start_date }}, {{ end_date }}, interval 1 day))
{%- endmacro %}

{#- A select-list item giving one row per integer from `first` to `last`, both included. -#}
{% macro integers_between(first, last) -%}
    {{ return(adapter.dispatch('integers_between', 'k12_warehouse')(first, last)) }}
{%- endmacro %}

{% macro default__integers_between(first, last) -%}
    cast(unnest(range({{ first }}, {{ last }} + 1)) as integer)
{%- endmacro %}

{% macro spark__integers_between(first, last) -%}
    explode(sequence(cast({{ first }} as integer), cast({{ last }} as integer)))
{%- endmacro %}

{#- Select-list items turning each row into one row per entry of `rows` (an unpivot): each entry
    is a list of SQL expressions, one per name in `column_names`. DuckDB unnests a list of struct
    literals, Spark inlines an array of structs; both keep the entries' order. -#}
{% macro unpivot_to_rows(column_names, rows) -%}
    {{ return(adapter.dispatch('unpivot_to_rows', 'k12_warehouse')(column_names, rows)) }}
{%- endmacro %}

{% macro default__unpivot_to_rows(column_names, rows) -%}
    {%- set structs = [] -%}
    {%- for row in rows -%}
        {%- set fields = [] -%}
        {%- for name in column_names -%}
            {%- do fields.append("'" ~ name ~ "': " ~ row[loop.index0]) -%}
        {%- endfor -%}
        {%- do structs.append('{' ~ fields | join(', ') ~ '}') -%}
    {%- endfor -%}
    unnest([{{ structs | join(', ') }}], recursive := true)
{%- endmacro %}

{% macro spark__unpivot_to_rows(column_names, rows) -%}
    {%- set structs = [] -%}
    {%- for row in rows -%}
        {%- set fields = [] -%}
        {%- for name in column_names -%}
            {%- do fields.append(row[loop.index0] ~ ' as ' ~ name) -%}
        {%- endfor -%}
        {%- do structs.append('struct(' ~ fields | join(', ') ~ ')') -%}
    {%- endfor -%}
    inline(array({{ structs | join(', ') }}))
{%- endmacro %}

{#- `relation`'s columns but `columns` (a list of names): DuckDB's `* exclude`, Spark's
    `* except`. -#}
{% macro star_except(relation, columns) -%}
    {{ return(adapter.dispatch('star_except', 'k12_warehouse')(relation, columns)) }}
{%- endmacro %}

{% macro default__star_except(relation, columns) -%}
    {{ relation ~ '.' if relation }}* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(relation, columns) -%}
    {{ relation ~ '.' if relation }}* except ({{ columns | join(', ') }})
{%- endmacro %}

{#- The rows of `relations` (models, or names of CTEs), one after the other, matched by column
    name: DuckDB's `union all by name`, which gives a relation's missing columns nulls. Spark SQL
    has no such union, so it selects `columns` from each: a model lacking one gets a null for it
    (its columns are read from the warehouse); a CTE must have them all. -#}
{% macro union_all_by_name(relations, columns) -%}
    {{ return(adapter.dispatch('union_all_by_name', 'k12_warehouse')(relations, columns)) }}
{%- endmacro %}

{% macro default__union_all_by_name(relations, columns) -%}
    {%- set selects = [] -%}
    {%- for relation in relations -%}
        {%- do selects.append('select * from ' ~ relation) -%}
    {%- endfor -%}
    {{ selects | join('\n    union all by name\n    ') }}
{%- endmacro %}

{% macro spark__union_all_by_name(relations, columns) -%}
    {%- set selects = [] -%}
    {%- for relation in relations -%}
        {%- set present = columns -%}
        {%- if execute and relation is not string -%}
            {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name')
                | map('lower') | list -%}
        {%- endif -%}
        {%- set items = [] -%}
        {%- for column in columns -%}
            {%- do items.append(column if column in present else 'null as ' ~ column) -%}
        {%- endfor -%}
        {%- do selects.append('select ' ~ items | join(', ') ~ ' from ' ~ relation) -%}
    {%- endfor -%}
    {{ selects | join('\n    union all\n    ') }}
{%- endmacro %}
