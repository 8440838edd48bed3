with

source as (

    select * from {{ source('hr', 'staff_evaluations') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('staff_id') }} as staff_id,

        ---------- numerics
        {{ to_integer('rating') }} as evaluation_rating,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
