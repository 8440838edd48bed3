with

source as (

    select * from {{ source('sis', 'calendar') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('school_id') }} as school_id,

        ---------- flags
        {{ flag_to_boolean('is_instructional_day') }} as is_instructional_day,

        ---------- dates
        {{ to_date('date') }} as calendar_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
