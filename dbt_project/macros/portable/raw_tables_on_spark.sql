{#- On the spark target, the sources are the Parquet folders `k12 export-raw --format parquet`
    wrote under K12_SPARK_RAW_DIR (`<dir>/<schema>/<table>/`): each run points one external
    table at each folder, so a re-export is read without a copy. On DuckDB, ingestion wrote the
    raw tables into the warehouse itself and there is nothing to do. Called from on-run-start. -#}
{% macro register_raw_tables() -%}
    {{ return(adapter.dispatch('register_raw_tables', 'k12_warehouse')()) }}
{%- endmacro %}

{% macro default__register_raw_tables() -%}
    select 1
{%- endmacro %}

{% macro spark__register_raw_tables() -%}
    {%- if execute -%}
        {%- set raw_dir = env_var('K12_SPARK_RAW_DIR') -%}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() -%}
            {%- do tables.append((source.schema, source.identifier)) -%}
        {%- endfor -%}
        {%- for schema, table in tables | unique | sort -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
            {%- do run_query(
                'create table ' ~ schema ~ '.' ~ table ~ ' using parquet location '
                ~ "'" ~ raw_dir ~ '/' ~ schema ~ '/' ~ table ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
