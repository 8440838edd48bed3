-- Teachers on the census day, and those among them hired this school year, by federal
-- race/ethnicity category, per school and for the district (each teacher once).
with

teacher_years as (

    select * from {{ ref('int_teacher_years') }}

),

school_teachers as (

    select
        'school' as reporting_level,
        school_id,
        school_year,
        staff_id,
        race_ethnicity,
        is_teacher_of_color,
        is_new_hire
    from teacher_years

),

-- A teacher at two schools is one teacher of the district.
district_teachers as (

    select distinct
        'district' as reporting_level,
        cast(null as string) as school_id,
        school_year,
        staff_id,
        race_ethnicity,
        is_teacher_of_color,
        is_new_hire
    from teacher_years

),

teachers as (

    select * from school_teachers
    union all
    select * from district_teachers

),

final as (

    select
        reporting_level,
        school_id,
        school_year,
        count(*) as teacher_count,
        count(*) filter (where race_ethnicity = 'hispanic') as teachers_hispanic,
        count(*) filter (where race_ethnicity = 'american_indian') as teachers_american_indian,
        count(*) filter (where race_ethnicity = 'asian') as teachers_asian,
        count(*) filter (where race_ethnicity = 'black') as teachers_black,
        count(*) filter (where race_ethnicity = 'pacific_islander') as teachers_pacific_islander,
        count(*) filter (where race_ethnicity = 'white') as teachers_white,
        count(*) filter (where race_ethnicity = 'two_or_more') as teachers_two_or_more,
        count(*) filter (where race_ethnicity is null) as teachers_race_not_reported,
        count(*) filter (where is_teacher_of_color) as teachers_of_color,
        count(is_teacher_of_color) as teachers_with_race_reported,
        count(*) filter (where is_new_hire) as new_hire_count,
        count(*) filter (where race_ethnicity = 'hispanic' and is_new_hire) as new_hires_hispanic,
        count(*) filter (where race_ethnicity = 'american_indian' and is_new_hire)
            as new_hires_american_indian,
        count(*) filter (where race_ethnicity = 'asian' and is_new_hire) as new_hires_asian,
        count(*) filter (where race_ethnicity = 'black' and is_new_hire) as new_hires_black,
        count(*) filter (where race_ethnicity = 'pacific_islander' and is_new_hire)
            as new_hires_pacific_islander,
        count(*) filter (where race_ethnicity = 'white' and is_new_hire) as new_hires_white,
        count(*) filter (where race_ethnicity = 'two_or_more' and is_new_hire)
            as new_hires_two_or_more,
        count(*) filter (where race_ethnicity is null and is_new_hire)
            as new_hires_race_not_reported,
        count(*) filter (where is_new_hire and is_teacher_of_color) as new_hires_of_color
    from teachers
    group by reporting_level, school_id, school_year

)

select * from final
