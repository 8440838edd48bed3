{#- Casting rules for staging, in one place. Raw columns arrive as text exactly as the district sent
    them; ingestion has already checked that each value parses as its contract type. -#}

{#- Text: surrounding whitespace removed (space, tab, line breaks, vertical tab, form feed and the
    no-break space, as ingestion's code comparison ignores them); an empty value becomes null. -#}
{% macro clean_text(column) -%}
    {%- set whitespace -%}
        chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160)
    {%- endset -%}
    nullif({{ trim_characters(column, whitespace) }}, '')
{%- endmacro %}

{#- Contract `date` (YYYY-MM-DD). -#}
{% macro to_date(column) -%}
    cast({{ clean_text(column) }} as date)
{%- endmacro %}

{#- Contract `integer`. -#}
{% macro to_integer(column) -%}
    cast({{ clean_text(column) }} as integer)
{%- endmacro %}

{#- Contract `decimal` for dollars: exact to the cent, so ledgers and budgets add up. -#}
{% macro to_money(column) -%}
    cast({{ clean_text(column) }} as decimal(18, 2))
{%- endmacro %}

{#- Contract `decimal` for everything else (FTE, day fractions, credits, hours, days, years,
    scores): exact decimal with four places, so sums of 0.5 + 0.25 stay exact; a fifth decimal
    place is rounded. -#}
{% macro to_quantity(column) -%}
    cast({{ clean_text(column) }} as decimal(12, 4))
{%- endmacro %}

{#- Contract `flag`: Y/N in any case to true/false; empty stays null. -#}
{% macro flag_to_boolean(column) -%}
    case upper({{ clean_text(column) }}) when 'Y' then true when 'N' then false end
{%- endmacro %}
