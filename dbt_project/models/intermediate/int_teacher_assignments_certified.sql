-- Each teaching assignment on the census day, checked against the certificates the teacher held
-- during the year (the same year's HR snapshot): ESSA's out-of-field and provisional measures.
with

assignments as (

    select * from {{ ref('int_staff_assignments_on_census_day') }}

),

certifications as (

    select * from {{ ref('stg_hr__staff_certifications') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

-- Valid at some point between the start of the year and its as-of date.
valid_certifications as (

    select
        certifications.staff_id,
        certifications.school_year,
        certifications.certification_area,
        certifications.certification_type
    from certifications
    inner join school_years on certifications.school_year = school_years.school_year
    where
        certifications.issue_date <= school_years.as_of_date
        and coalesce(certifications.expiration_date, school_years.year_start_date)
        >= school_years.year_start_date

),

staff_certification as (

    select
        staff_id,
        school_year,
        bool_or(certification_type in ('standard', 'alternative')) as has_full_certification
    from valid_certifications
    group by staff_id, school_year

),

subject_certification as (

    select distinct
        staff_id,
        school_year,
        certification_area
    from valid_certifications

),

final as (

    select
        assignments.staff_id,
        assignments.school_id,
        assignments.school_year,
        assignments.census_date,
        assignments.position_code,
        assignments.subject_area,
        assignments.fte,
        assignments.base_salary,
        assignments.stipend_amount,
        assignments.assignment_start_date,
        -- An assignment without a subject (none in the contract's teacher codes) is not judged.
        assignments.subject_area is not null
        and subject_certification.certification_area is null as is_out_of_field,
        not coalesce(staff_certification.has_full_certification, false)
            as is_provisionally_certified
    from assignments
    left join subject_certification
        on
            assignments.staff_id = subject_certification.staff_id
            and assignments.school_year = subject_certification.school_year
            and assignments.subject_area = subject_certification.certification_area
    left join staff_certification
        on
            assignments.staff_id = staff_certification.staff_id
            and assignments.school_year = staff_certification.school_year
    where assignments.job_category = 'teacher'

)

select * from final
