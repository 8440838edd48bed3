-- One row per student and school year in grades 9-12 (school and grade of record, as in
-- dim_student): whether the student took an AP, IB or dual enrollment course that year, and the
-- college credit hours earned in dual enrollment. Following the CRDC, a student counts at the
-- school of record even when the course was taken at another school of the district.
{%- set marks_not_enrolled = var('k12_course_access_marks_not_enrolled') %}

with

students as (

    select * from {{ ref('int_high_school_student_years') }}

),

marks as (

    select * from {{ ref('stg_sis__course_marks') }}

),

courses as (

    select * from {{ ref('dim_course') }}
    where is_advanced

),

-- Any mark shows enrollment in the course (marks have no dates) except a withdrawal: a student
-- who left the course is not enrolled in it.
advanced_marks as (

    select
        marks.student_id,
        marks.school_year,
        courses.course_level,
        marks.mark not in (
            {%- for mark in marks_not_enrolled %}
                '{{ mark }}'{{ ',' if not loop.last }}
            {%- endfor %}
        ) as shows_enrollment,
        -- a full-year course marked by semester earns its college hours once, not once per mark
        case
            when
                courses.course_level = 'dual_enrollment'
                and marks.is_final_mark
                and marks.credits_earned > 0
                then cast(
                    courses.college_credit_hours
                    * coalesce(least(marks.credits_earned / nullif(courses.credit_value, 0), 1), 1)
                    as decimal(12, 4)
                )
        end as college_credit_hours_earned
    from marks
    inner join courses
        on marks.course_code = courses.course_code

),

summed as (

    select
        student_id,
        school_year,
        bool_or(course_level = 'ap' and shows_enrollment) as has_ap_course,
        bool_or(course_level = 'ib' and shows_enrollment) as has_ib_course,
        bool_or(course_level = 'dual_enrollment' and shows_enrollment)
            as has_dual_enrollment_course,
        sum(college_credit_hours_earned) as dual_enrollment_college_credit_hours
    from advanced_marks
    group by student_id, school_year

),

final as (

    select
        students.student_id,
        students.school_year,
        students.school_id,
        students.grade_level,
        coalesce(summed.has_ap_course, false) as has_ap_course,
        coalesce(summed.has_ib_course, false) as has_ib_course,
        coalesce(summed.has_dual_enrollment_course, false) as has_dual_enrollment_course,
        coalesce(
            summed.has_ap_course or summed.has_ib_course or summed.has_dual_enrollment_course,
            false
        ) as has_advanced_course,
        coalesce(summed.dual_enrollment_college_credit_hours, 0)
            as dual_enrollment_college_credit_hours
    from students
    left join summed
        on
            students.student_id = summed.student_id
            and students.school_year = summed.school_year

)

select * from final
