{#- Finance segment codes (function, object, program) are compared as numbers, not text: as text
    '450' sorts between '4000' and '4999', so a 3-digit chart read with 4-digit rules is silently
    misclassified. Each segment's width is declared in seed finance_segment_code_widths, and the
    data tests codes_fit_the_segment_width (rule seeds) and ledger_codes_fit_the_segment_width
    (ledger and budget) fail when codes and widths disagree. A code that is not all digits has
    no number (null) and matches no range. -#}
{% macro finance_code_number(column) -%}
    {{ dbt.safe_cast(column, api.Column.translate_type('integer')) }}
{%- endmacro %}

{#- True when a code falls in the seed range [code_min, code_max], compared as numbers. -#}
{% macro finance_code_in_range(code, code_min, code_max) -%}
    {{ finance_code_number(code) }} between {{ finance_code_number(code_min) }} and {{ finance_code_number(code_max) }}
{%- endmacro %}
