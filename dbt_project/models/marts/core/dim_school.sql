with

schools as (

    select * from {{ ref('stg_sis__schools') }}

),

years_present as (

    select
        school_id,
        min(school_year) as first_school_year,
        max(school_year) as last_school_year
    from schools
    group by school_id

),

latest as (

    select * from schools
    qualify row_number() over (partition by school_id order by school_year desc) = 1

),

final as (

    select
        latest.school_id,
        latest.school_name,
        latest.school_level,
        latest.lowest_grade_level,
        latest.highest_grade_level,
        {{ grade_number('latest.highest_grade_level') }} >= 9 as serves_high_school_grades,
        latest.is_charter,
        latest.network_name,
        latest.school_status,
        latest.principal_name,
        latest.principal_email,
        years_present.first_school_year,
        years_present.last_school_year
    from latest
    inner join years_present on latest.school_id = years_present.school_id

)

select * from final
