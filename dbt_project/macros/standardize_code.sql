{#- The code sets whose canonical spelling is upper case in the export contract; all others are
    lower case. -#}
{% macro upper_case_code_sets() -%}
    {{ return(['grade_level', 'sex', 'term', 'mark']) }}
{%- endmacro %}

{#- Map a district's code to the contract's canonical code.
    1. Look up lower(trim(value)) in seeds/crosswalks/xwalk_<code_set>.csv (case-insensitive);
    2. otherwise return the value in the code set's canonical case (it should already be canonical).
    A value that is neither passes through, and the accepted_values test on the column fails:
    that is the signal to add the district's spelling to the crosswalk.
    The lookup (macros/portable/lookup.sql) reads the crosswalk once per query. -#}
{% macro standardize_code(column, code_set) -%}
    {%- set value = clean_text(column) -%}
    coalesce(
        {{ crosswalk_lookup(ref('xwalk_' ~ code_set), 'lower(' ~ value ~ ')') }},
        {{ 'upper' if code_set in upper_case_code_sets() else 'lower' }}({{ value }})
    )
{%- endmacro %}
