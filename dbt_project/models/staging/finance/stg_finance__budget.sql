with

source as (

    select * from {{ source('finance', 'budget') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('fund') }} as fund_code,
        {{ clean_text('function') }} as function_code,
        {{ clean_text('object') }} as object_code,
        {{ clean_text('location') }} as location_code,
        {{ clean_text('program') }} as program_code,

        ---------- codes
        {{ standardize_code('budget_version', 'budget_version') }} as budget_version,

        ---------- numerics
        {{ to_money('amount') }} as budgeted_amount,

        ---------- year and lineage
        _school_year as fiscal_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
