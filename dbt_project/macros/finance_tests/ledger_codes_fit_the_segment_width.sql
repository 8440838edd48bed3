{#- The ledger's (or budget's) codes fit the width declared per segment in seed
    finance_segment_code_widths: each is a number no wider than the width (an ERP may drop
    leading zeros), and the widest code of the segment has the full width. A 3-digit chart
    read with the NCES widths (function 4) fails here, naming the segment and example codes,
    instead of being classified by rules written for another chart. `segment_columns` maps a
    segment to its column, e.g. {function: function_code}. -#}
{% test ledger_codes_fit_the_segment_width(model, segment_columns) %}
{{ config(store_failures=true) }}

with

codes as (

    {% for segment, column in segment_columns.items() %}
    select distinct '{{ segment }}' as account_segment, {{ column }} as code
    from {{ model }}
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

widths as (

    select * from {{ ref('finance_segment_code_widths') }}

),

judged as (

    select
        codes.account_segment,
        codes.code,
        widths.code_width,
        case
            when widths.code_width is null then 'have no width declared'
            when {{ finance_code_number('codes.code') }} is null then 'are not numbers'
            when {{ dbt.length('codes.code') }} > widths.code_width
                then 'are wider than ' || cast(widths.code_width as string) || ' digits'
        end as problem,
        max({{ dbt.length('codes.code') }}) over (partition by codes.account_segment)
            as widest
    from codes
    left join widths on codes.account_segment = widths.account_segment

),

failures as (

    select account_segment, code, problem
    from judged
    where problem is not null

    union all

    select
        account_segment,
        code,
        'are at most ' || cast(widest as string) || ' digits wide, but '
        || cast(code_width as string) || ' are declared: declare the chart''s width and write'
        || ' the rule seeds (rules/*.csv) in it' as problem
    from judged
    where problem is null and widest < code_width

),

examples as (

    select
        *,
        row_number() over (partition by account_segment, problem order by code) as example_number
    from failures

)

select
    account_segment,
    'ledger ' || account_segment || ' codes in {{ model.identifier }} (e.g. '
    || {{ dbt.listagg('code', "', '", 'order by code') }} || ') ' || problem
    || ' (seed finance_segment_code_widths)' as message
from examples
where example_number <= 5
group by account_segment, problem

{% endtest %}
