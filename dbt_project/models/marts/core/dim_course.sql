with

courses as (

    select * from {{ ref('stg_sis__courses') }}

),

final as (

    select
        course_code,
        course_title,
        subject_area,
        course_level,
        credit_value,
        college_credit_hours,
        is_core,
        subject_area in (
            {%- for subject in var('k12_core_subject_areas') %}
                '{{ subject }}'{{ ',' if not loop.last }}
            {%- endfor %}
        ) as is_core_subject_area,
        course_level in ('ap', 'ib', 'dual_enrollment') as is_advanced,
        school_year as catalogue_school_year
    from courses
    qualify row_number() over (partition by course_code order by school_year desc) = 1

)

select * from final
