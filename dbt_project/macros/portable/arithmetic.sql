{#- Integer division truncated toward zero: DuckDB's `//`, Spark's `div` (the same result for
    negative operands too). -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide', 'k12_warehouse')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    ({{ numerator }}) // ({{ denominator }})
{%- endmacro %}

{% macro spark__integer_divide(numerator, denominator) -%}
    ({{ numerator }}) div ({{ denominator }})
{%- endmacro %}

{#- An integer type wide enough for cents times scaled driver units (beyond bigint):
    DuckDB's 128-bit hugeint, Spark's decimal of 38 digits. -#}
{% macro type_wide_integer() -%}
    {{ return(adapter.dispatch('type_wide_integer', 'k12_warehouse')()) }}
{%- endmacro %}

{% macro default__type_wide_integer() -%}
    hugeint
{%- endmacro %}

{% macro spark__type_wide_integer() -%}
    decimal(38, 0)
{%- endmacro %}

{#- A composite ordering key for max_by/min_by (ties on the first part broken by the next):
    DuckDB compares row values, Spark compares structs, both part by part. -#}
{% macro ordering_key(parts) -%}
    {{ return(adapter.dispatch('ordering_key', 'k12_warehouse')(parts)) }}
{%- endmacro %}

{% macro default__ordering_key(parts) -%}
    ({{ parts | join(', ') }})
{%- endmacro %}

{% macro spark__ordering_key(parts) -%}
    struct({{ parts | join(', ') }})
{%- endmacro %}
