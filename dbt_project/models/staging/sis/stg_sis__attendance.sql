with

source as (

    select * from {{ source('sis', 'attendance') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('student_id') }} as student_id,
        {{ clean_text('school_id') }} as school_id,

        ---------- codes
        {{ standardize_code('attendance_code', 'attendance_code') }} as attendance_code,

        ---------- numerics
        {{ to_quantity('day_fraction_absent') }} as day_fraction_absent,

        ---------- dates
        {{ to_date('date') }} as attendance_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
