with

source as (

    select * from {{ source('sis', 'course_marks') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('student_id') }} as student_id,
        {{ clean_text('school_id') }} as school_id,
        {{ clean_text('section_id') }} as section_id,
        {{ clean_text('course_code') }} as course_code,
        {{ clean_text('teacher_staff_id') }} as teacher_staff_id,

        ---------- codes
        {{ standardize_code('term', 'term') }} as term,
        {{ standardize_code('mark', 'mark') }} as mark,

        ---------- numerics
        {{ to_quantity('credits_attempted') }} as credits_attempted,
        {{ to_quantity('credits_earned') }} as credits_earned,

        ---------- flags
        {{ flag_to_boolean('is_final') }} as is_final_mark,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
