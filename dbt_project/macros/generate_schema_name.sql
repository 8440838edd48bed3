{#- Use a model's custom schema verbatim (`staging`, `intermediate`, `marts`, `seeds`) instead of
    dbt's default `<target schema>_<custom schema>`; models without one land in the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
