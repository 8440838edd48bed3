{#- The census day of a school year (var k12_census_day_month_day, 'MM-DD'): a July-December day
    falls in the fall (spring year - 1), a January-June day in the spring. -#}
{% macro census_date(school_year) -%}
    {%- set month_day = var('k12_census_day_month_day') -%}
    cast(
        ({{ school_year }} - {{ 1 if month_day >= '07-01' else 0 }}) || '-{{ month_day }}' as date
    )
{%- endmacro %}
