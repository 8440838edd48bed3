with

source as (

    select * from {{ source('hr', 'professional_learning') }}

),

renamed as (

    select

        ---------- surrogate key: stable only within one snapshot of the year
        cast(_school_year as string) || '-' || cast(_source_row_number as string)
            as professional_learning_key,

        ---------- ids
        {{ clean_text('staff_id') }} as staff_id,

        ---------- codes
        {{ standardize_code('activity_type', 'professional_learning_type') }} as activity_type,

        ---------- numerics
        {{ to_quantity('hours') }} as hours_attended,

        ---------- dates
        {{ to_date('activity_date') }} as activity_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
