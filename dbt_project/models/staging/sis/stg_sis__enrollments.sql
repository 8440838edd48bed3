with

source as (

    select * from {{ source('sis', 'enrollments') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('student_id') }} as student_id,
        {{ clean_text('school_id') }} as school_id,

        ---------- codes
        {{ standardize_code('grade_level', 'grade_level') }} as grade_level,
        {{ standardize_code('exit_code', 'exit_code') }} as exit_code,

        ---------- numerics
        {{ to_integer('class_of') }} as expected_graduation_year,

        ---------- dates
        {{ to_date('entry_date') }} as entry_date,
        {{ to_date('exit_date') }} as exit_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
