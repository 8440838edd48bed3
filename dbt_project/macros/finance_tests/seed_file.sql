{#- The file a seed is loaded from ('seeds/rules/fund_sources.csv'), for failure messages that
    say which file to edit. -#}
{% macro seed_file(seed_name) -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'seed' and node.name == seed_name -%}
                {%- do found.append('dbt_project/' ~ node.original_file_path) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(found[0] if found else 'seed ' ~ seed_name) -}}
{%- endmacro %}
