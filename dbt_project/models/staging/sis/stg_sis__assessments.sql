with

source as (

    select * from {{ source('sis', 'assessments') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('student_id') }} as student_id,

        ---------- strings
        {{ clean_text('test_name') }} as test_name,

        ---------- codes
        {{ standardize_code('subject', 'assessment_subject') }} as assessment_subject,
        {{ standardize_code('grade_level', 'grade_level') }} as grade_level,

        ---------- numerics
        {{ to_quantity('scale_score') }} as scale_score,
        {{ to_integer('performance_level') }} as performance_level,

        ---------- flags
        {{ flag_to_boolean('is_proficient') }} as is_proficient,

        ---------- dates
        {{ to_date('test_date') }} as test_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
