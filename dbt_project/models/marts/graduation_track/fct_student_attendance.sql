-- Days enrolled and absent per student and school, and a district row following the student
-- across the year's schools, with chronic absence as EDFacts FS195 defines it.
with

school_attendance as (

    select * from {{ ref('int_student_school_attendance') }}

),

student_years as (

    select * from {{ ref('int_student_years') }}

),

school_years as (

    select * from {{ ref('dim_school_year') }}

),

school_rows as (

    select
        student_id,
        school_year,
        'school' as reporting_level,
        school_id,
        grade_level,
        days_enrolled,
        days_absent,
        out_of_school_suspension_days
    from school_attendance

),

-- The district row adds up the student's schools, so a student who moved is judged on the
-- whole year in the district, not on either school's share of it.
district_rows as (

    select
        school_attendance.student_id,
        school_attendance.school_year,
        'district' as reporting_level,
        null as school_id,
        student_years.grade_level,
        sum(school_attendance.days_enrolled) as days_enrolled,
        sum(school_attendance.days_absent) as days_absent,
        sum(school_attendance.out_of_school_suspension_days) as out_of_school_suspension_days
    from school_attendance
    inner join student_years
        on
            school_attendance.student_id = student_years.student_id
            and school_attendance.school_year = student_years.school_year
    group by
        school_attendance.student_id, school_attendance.school_year, student_years.grade_level

),

unioned as (

    select * from school_rows
    union all
    select * from district_rows

),

final as (

    select
        unioned.student_id,
        unioned.school_year,
        unioned.reporting_level,
        unioned.school_id,
        unioned.grade_level,
        school_years.as_of_date,
        cast(unioned.days_enrolled as integer) as days_enrolled,
        cast(unioned.days_absent as decimal(12, 4)) as days_absent,
        cast(unioned.days_enrolled - unioned.days_absent as decimal(12, 4)) as days_present,
        cast(unioned.out_of_school_suspension_days as decimal(12, 4))
            as out_of_school_suspension_days,
        round((unioned.days_enrolled - unioned.days_absent) / nullif(unioned.days_enrolled, 0), 4)
            as attendance_rate,
        round(unioned.days_absent / nullif(unioned.days_enrolled, 0), 4) as absence_rate,
        unioned.days_enrolled >= {{ var('k12_chronic_absence_min_days_enrolled') }}
            as is_chronic_absence_eligible,
        -- Compared in exact decimals, not on the rounded rate, so 18 of 180 days is exactly 10%.
        case
            when unioned.days_enrolled >= {{ var('k12_chronic_absence_min_days_enrolled') }}
                then
                    unioned.days_absent
                    >= {{ var('k12_chronic_absence_threshold') }} * unioned.days_enrolled
        end as is_chronically_absent,
        school_years.is_complete as is_year_complete
    from unioned
    inner join school_years on unioned.school_year = school_years.school_year

)

select * from final
