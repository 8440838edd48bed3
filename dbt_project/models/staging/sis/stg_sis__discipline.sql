with

source as (

    select * from {{ source('sis', 'discipline') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('incident_id') }} as incident_id,
        {{ clean_text('student_id') }} as student_id,
        {{ clean_text('school_id') }} as school_id,

        ---------- strings
        {{ clean_text('offense_category') }} as offense_category,

        ---------- codes
        {{ standardize_code('action', 'discipline_action') }} as discipline_action,

        ---------- numerics
        {{ to_quantity('days_removed') }} as days_removed,

        ---------- dates
        {{ to_date('incident_date') }} as incident_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
