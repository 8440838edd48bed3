with

source as (

    select * from {{ source('hr', 'staff_assignments') }}

),

renamed as (

    select

        ---------- ids
        {{ clean_text('staff_id') }} as staff_id,
        {{ clean_text('location_id') }} as location_id,
        {{ clean_text('position_code') }} as position_code,
        {{ clean_text('fund_code') }} as fund_code,

        ---------- codes
        {{ standardize_code('job_category', 'job_category') }} as job_category,
        {{ standardize_code('subject_area', 'subject_area') }} as subject_area,

        ---------- numerics
        {{ to_quantity('fte') }} as fte,
        {{ to_money('base_salary') }} as base_salary,
        {{ to_money('stipend_amount') }} as stipend_amount,

        ---------- dates
        {{ to_date('start_date') }} as assignment_start_date,
        {{ to_date('end_date') }} as assignment_end_date,

        ---------- year and lineage
        _school_year as school_year,
        _source_row_number,
        _loaded_at

    from source

)

select * from renamed
