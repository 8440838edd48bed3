with

source as (

    select * from {{ source('sis', 'students') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('student_id') }} as student_id,
        {{ clean_text('state_student_id') }} as state_student_id,

        ---------- strings
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,

        ---------- codes
        {{ standardize_code('sex', 'sex') }} as sex,
        {{ standardize_code('race_ethnicity', 'race_ethnicity') }} as race_ethnicity,

        ---------- flags
        {{ flag_to_boolean('economically_disadvantaged') }} as is_economically_disadvantaged,
        {{ flag_to_boolean('english_learner') }} as is_english_learner,
        {{ flag_to_boolean('students_with_disabilities') }} as is_student_with_disability,
        {{ flag_to_boolean('homeless') }} as is_homeless,
        {{ flag_to_boolean('foster_care') }} as is_in_foster_care,

        ---------- dates
        {{ to_date('birth_date') }} as birth_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
