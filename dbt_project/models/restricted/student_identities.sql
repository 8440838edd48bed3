-- Restricted: direct identifiers for principal rosters. Nothing analyst-facing selects from here.
with

students as (

    select * from {{ ref('stg_sis__students') }}

),

final as (

    select
        student_id,
        school_year,
        state_student_id,
        first_name,
        last_name,
        birth_date
    from students

)

select * from final
