-- One row per student, school and year: the instructional days enrolled there up to the as-of
-- date and the absence counted on them. fct_student_attendance adds rates and district rows.
with

stretches as (

    select * from {{ ref('int_enrollment_spells_counted') }}

),

absence_days as (

    select * from {{ ref('int_student_absence_days') }}

),

school_enrollment as (

    select
        student_id,
        school_year,
        school_id,
        max_by(grade_level, enrollment_start_date) as grade_level,
        sum(days_enrolled) as days_enrolled
    from stretches
    group by student_id, school_year, school_id

),

school_absences as (

    select
        student_id,
        school_year,
        school_id,
        sum(day_fraction_absent) as days_absent,
        sum(day_fraction_out_of_school_suspension) as out_of_school_suspension_days
    from absence_days
    group by student_id, school_year, school_id

),

final as (

    select
        school_enrollment.student_id,
        school_enrollment.school_year,
        school_enrollment.school_id,
        school_enrollment.grade_level,
        cast(school_enrollment.days_enrolled as integer) as days_enrolled,
        cast(coalesce(school_absences.days_absent, 0) as decimal(12, 4)) as days_absent,
        cast(coalesce(school_absences.out_of_school_suspension_days, 0) as decimal(12, 4))
            as out_of_school_suspension_days
    from school_enrollment
    left join school_absences
        on
            school_enrollment.student_id = school_absences.student_id
            and school_enrollment.school_year = school_absences.school_year
            and school_enrollment.school_id = school_absences.school_id

)

select * from final
