{#- Finance segment codes (function, object, program) are compared as numbers, not text: as text
    '450' sorts between '4000' and '4999', so a 3-digit chart read with 4-digit rules is silently
    misclassified. Each segment's width is declared in seed finance_segment_code_widths, and the
    data tests codes_fit_the_segment_width (rule seeds) and ledger_codes_fit_the_segment_width
    (ledger and budget) fail when codes and widths disagree. A code that is not all digits has
    no number (null) and matches no range.
    dbt's cross-database macros keep this portable; SQLFluff lints with a plain Jinja templater
    that has no `dbt` namespace, and there the DuckDB spelling stands in. -#}
{% macro finance_code_number(column) -%}
    {%- if dbt is defined -%}
        {{ dbt.safe_cast(column, api.Column.translate_type('integer')) }}
    {%- else -%}
        try_cast({{ column }} as integer)
    {%- endif -%}
{%- endmacro %}

{#- True when a code falls in the seed range [code_min, code_max], compared as numbers. -#}
{% macro finance_code_in_range(code, code_min, code_max) -%}
    {{ finance_code_number(code) }}
    between {{ finance_code_number(code_min) }} and {{ finance_code_number(code_max) }}
{%- endmacro %}

{#- The last day of a fiscal period: period 1 is July of the year before the fiscal year's
    spring, 12 is June; 13 and 14 (year-end adjustments) are the fiscal year's last day, June 30. -#}
{% macro fiscal_period_end_date(fiscal_year, fiscal_period) -%}
    {%- set july_first = "cast(cast(" ~ fiscal_year ~ " - 1 as string) || '-07-01' as date)" -%}
    {%- set months_after = fiscal_period ~ " - 1" -%}
    {%- if dbt is defined -%}
        {%- set period_end = dbt.last_day(dbt.dateadd('month', months_after, july_first), 'month') -%}
    {%- else -%}
        {%- set months = "(" ~ months_after ~ ") * interval 1 month" -%}
        {%- set period_end = "last_day(" ~ july_first ~ " + " ~ months ~ ")" -%}
    {%- endif -%}
    case
        when {{ fiscal_period }} between 1 and 12 then {{ period_end }}
        when {{ fiscal_period }} > 12 then cast(cast({{ fiscal_year }} as string) || '-06-30' as date)
    end
{%- endmacro %}
