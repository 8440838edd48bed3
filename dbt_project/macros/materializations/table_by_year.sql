{#- A table built one school year at a time, for a model whose aggregate keeps every group's lists
    and strings in memory until it ends (DuckDB cannot spill those): the model's query is run once
    per value of its `batch_column` (default `school_year`), each with that value filtered, into
    one new table that then replaces the old one, as the table materialization does, in one
    transaction. The filter is an equality on a group-by column, which DuckDB pushes below the
    aggregate, so only one year's groups are held at a time (tests/dbt/test_table_by_year.py
    builds a list aggregate under a ceiling its whole-table query exceeds). Rows with a null
    `batch_column` are built in a batch of their own. The years come from `select distinct` over
    the same query, which DuckDB answers without the aggregates. DuckDB only: a model's YAML
    selects it with `materialized: "{{ 'table_by_year' if target.type == 'duckdb' else 'table' }}"`
    (int_student_course_marks_listed.yml); Spark's aggregates spill on their own. -#}
{% materialization table_by_year, adapter="duckdb" %}

  {%- set batch_column = config.get('batch_column', 'school_year') -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
  {%- set backup_relation_type = 'table' if existing_relation is none else existing_relation.type -%}
  {%- set backup_relation = make_backup_relation(target_relation, backup_relation_type) -%}
  {%- set grant_config = config.get('grants') -%}

  {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {#- the model's query on lines of its own: a line comment at its end must not swallow the `)` -#}
  {%- set model_rows = '(\n' ~ compiled_code ~ '\n) as model_rows' -%}
  {%- set batches = run_query(
      'select distinct ' ~ batch_column ~ ' as batch from ' ~ model_rows ~ ' order by batch nulls last'
  ).columns[0].values() -%}
  {%- set conditions = [] -%}
  {%- for batch in batches -%}
    {%- if batch is none -%}
      {%- do conditions.append(batch_column ~ ' is null') -%}
    {%- elif batch is number -%}
      {%- do conditions.append(batch_column ~ ' = ' ~ batch) -%}
    {%- else -%}
      {%- do conditions.append(batch_column ~ " = '" ~ (batch | replace("'", "''")) ~ "'") -%}
    {%- endif -%}
  {%- endfor -%}
  {#- no rows at all: one batch, the whole (empty) query, so the table still gets its columns -#}
  {%- if not conditions -%}{%- do conditions.append('true') -%}{%- endif -%}

  {% call statement('main') -%}
    {{ create_table_as(False, intermediate_relation,
        'select * from ' ~ model_rows ~ ' where ' ~ conditions[0]) }}
  {%- endcall %}
  {% for condition in conditions[1:] %}
    {% call statement('insert_batch_' ~ loop.index) -%}
      insert into {{ intermediate_relation }}
      select * from {{ model_rows }} where {{ condition }}
    {%- endcall %}
  {% endfor %}

  {% if existing_relation is not none %}
    {{ adapter.rename_relation(existing_relation, backup_relation) }}
  {% endif %}
  {{ adapter.rename_relation(intermediate_relation, target_relation) }}

  {{ run_hooks(post_hooks, inside_transaction=True) }}

  {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
  {% do persist_docs(target_relation, model) %}

  {{ adapter.commit() }}

  {{ drop_relation_if_exists(backup_relation) }}

  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
