with

source as (

    select * from {{ source('sis', 'schools') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('school_id') }} as school_id,

        ---------- strings
        {{ clean_text('school_name') }} as school_name,
        {{ clean_text('principal_name') }} as principal_name,
        {{ clean_text('principal_email') }} as principal_email,
        {{ clean_text('network') }} as network_name,

        ---------- codes
        {{ standardize_code('school_level', 'school_level') }} as school_level,
        {{ standardize_code('grade_low', 'grade_level') }} as lowest_grade_level,
        {{ standardize_code('grade_high', 'grade_level') }} as highest_grade_level,
        {{ standardize_code('status', 'school_status') }} as school_status,

        ---------- flags
        {{ flag_to_boolean('is_charter') }} as is_charter,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
