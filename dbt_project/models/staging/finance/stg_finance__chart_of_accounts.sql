with

source as (

    select * from {{ source('finance', 'chart_of_accounts') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('code') }} as account_code,
        {{ clean_text('school_id') }} as school_id,

        ---------- strings
        {{ clean_text('description') }} as account_description,

        ---------- codes
        {{ standardize_code('segment', 'account_segment') }} as account_segment,

        ---------- flags
        {{ flag_to_boolean('is_central') }} as is_central_office,

        ---------- year and lineage
        _school_year as fiscal_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
