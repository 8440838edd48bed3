{#- The codes of a rule seed (its ranges' bounds) have the width declared for their segment in
    seed finance_segment_code_widths and are numbers. Codes are compared as numbers, so a rule
    written for 4-digit NCES functions (4000-4999 capital outlay) would not fit a 3-digit chart
    at all: this test names the seed, the segment and example codes instead. The segment is fixed
    (`segment`) or read from a column (`segment_column`). -#}
{% test codes_fit_the_segment_width(model, code_columns, segment=none, segment_column=none) %}
{{ config(store_failures=true) }}

with

rule_codes as (

    {% for code_column in code_columns %}
    select
        {{ segment_column if segment_column else "'" ~ segment ~ "'" }} as account_segment,
        {{ code_column }} as code
    from {{ model }}
    where {{ code_column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

widths as (

    select * from {{ ref('finance_segment_code_widths') }}

),

misfits as (

    select distinct
        rule_codes.account_segment,
        rule_codes.code,
        widths.code_width
    from rule_codes
    left join widths on rule_codes.account_segment = widths.account_segment
    where
        widths.code_width is null
        or {{ dbt.length('rule_codes.code') }} != widths.code_width
        or {{ finance_code_number('rule_codes.code') }} is null

),

examples as (

    select
        *,
        row_number() over (partition by account_segment order by code) as example_number
    from misfits

)

select
    account_segment,
    'seed {{ model.identifier }} ({{ seed_file(model.identifier) }}): ' || account_segment
    || ' codes ' || {{ dbt.listagg('code', "', '", 'order by code') }}
    || case
        when max(code_width) is null
            then ' have no width declared in seed finance_segment_code_widths'
        else ' are not ' || cast(max(code_width) as string) || '-digit numbers, the ledger''s '
            || account_segment || ' width (seed finance_segment_code_widths)'
    end as message
from examples
where example_number <= 5
group by account_segment

{% endtest %}
