{#- Seeds on Spark's session method: dbt-spark sends seed values as unescaped bindings, so a
    value with an apostrophe (a label, a descriptor) breaks its insert. This renders each value
    as a quoted literal instead, apostrophes doubled and backslashes escaped (Spark string
    literals read backslash escapes), and casts it to the column's type, as dbt-spark does.
    DuckDB's seeds go through dbt-duckdb unchanged. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(
            col_name, adapter.convert_type(agate_table, loop.index0)
        )) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for value in row -%}
                {%- if value is none -%}
                    {%- do values.append('cast(null as ' ~ types[loop.index0] ~ ')') -%}
                {%- else -%}
                    {%- set text = (value | string).replace('\\', '\\\\').replace("'", "''") -%}
                    {%- do values.append("cast('" ~ text ~ "' as " ~ types[loop.index0] ~ ')') -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values ' ~ rows | join(', ') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{#- Contracts on Spark: dbt compares the declared data types with the built ones, but the declared
    types are DuckDB's (varchar, a sum of decimal(12,4) as decimal(38,4)), and Spark's own type
    rules give others (string, decimal(22,4)). So Spark keeps the contract's columns, by name,
    and not its types; tests/spark compares the values with DuckDB's. -#}
{% macro spark__get_assert_columns_equivalent(sql) -%}
    {%- set built = get_column_schema_from_query(sql) | map(attribute='name') | map('lower') -%}
    {%- set declared = model['columns'].values() | map(attribute='name') | map('lower') -%}
    {%- set built = built | sort | list -%}
    {%- set declared = declared | sort | list -%}
    {%- if built != declared -%}
        {{ exceptions.raise_compiler_error(
            'The contract of ' ~ model['name'] ~ ' declares columns ' ~ declared | join(', ')
            ~ ' but the model builds ' ~ built | join(', ')
        ) }}
    {%- endif -%}
{%- endmacro %}
