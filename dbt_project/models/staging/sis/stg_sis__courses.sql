with

source as (

    select * from {{ source('sis', 'courses') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('course_code') }} as course_code,

        ---------- strings
        {{ clean_text('course_title') }} as course_title,

        ---------- codes
        {{ standardize_code('subject_area', 'subject_area') }} as subject_area,
        {{ standardize_code('course_level', 'course_level') }} as course_level,

        ---------- numerics
        {{ to_quantity('credit_value') }} as credit_value,
        {{ to_quantity('college_credit_hours') }} as college_credit_hours,

        ---------- flags
        {{ flag_to_boolean('is_core') }} as is_core,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
