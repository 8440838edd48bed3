with

source as (

    select * from {{ source('hr', 'staff') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('staff_id') }} as staff_id,

        ---------- strings
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,

        ---------- codes
        {{ standardize_code('sex', 'sex') }} as sex,
        {{ standardize_code('race_ethnicity', 'race_ethnicity') }} as race_ethnicity,
        {{ standardize_code('separation_reason', 'separation_reason') }} as separation_reason,
        {{ standardize_code('highest_degree', 'highest_degree') }} as highest_degree,

        ---------- numerics
        {{ to_quantity('prior_experience_years') }} as prior_experience_years,

        ---------- dates
        {{ to_date('birth_date') }} as birth_date,
        {{ to_date('hire_date') }} as hire_date,
        {{ to_date('separation_date') }} as separation_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
