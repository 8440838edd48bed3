with

source as (

    select * from {{ source('hr', 'staff_certifications') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('staff_id') }} as staff_id,

        ---------- codes
        {{ standardize_code('certification_area', 'subject_area') }} as certification_area,
        {{ standardize_code('certification_type', 'certification_type') }} as certification_type,

        ---------- dates
        {{ to_date('issue_date') }} as issue_date,
        {{ to_date('expiration_date') }} as expiration_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
