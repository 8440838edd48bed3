with

source as (

    select * from {{ source('finance', 'gl_actuals') }}

),

renamed as (

    select

        ---------- surrogate key: stable only within one snapshot of the year
        cast(_school_year as string) || '-' || cast(_source_row_number as string)
            as gl_posting_key,

        ---------- ids
        {{ clean_text('fund') }} as fund_code,
        {{ clean_text('function') }} as function_code,
        {{ clean_text('object') }} as object_code,
        {{ clean_text('location') }} as location_code,
        {{ clean_text('program') }} as program_code,
        {{ clean_text('journal_id') }} as journal_id,

        ---------- strings
        {{ clean_text('description') }} as posting_description,

        ---------- codes
        {{ standardize_code('record_type', 'gl_record_type') }} as record_type,

        ---------- numerics
        {{ to_money('amount') }} as posted_amount,
        {{ to_integer('fiscal_period') }} as fiscal_period,

        ---------- dates
        {{ to_date('posting_date') }} as posting_date,

        ---------- year and lineage
        _school_year as fiscal_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
