-- Whether a student's teachers at a school that year carry each ESSA educator-equity measure: the
-- student side of fct_educator_equity ("the rates at which students are taught by ...").
with

marks as (

    select * from {{ ref('stg_sis__course_marks') }}

),

courses as (

    select * from {{ ref('dim_course') }}

),

teacher_years as (

    select * from {{ ref('int_teacher_years') }}

),

teacher_assignments as (

    select * from {{ ref('int_teacher_assignments_certified') }}

),

-- Out of field is a property of what is taught, not of the person: judged per subject.
teacher_subjects as (

    select
        staff_id,
        school_id,
        school_year,
        subject_area,
        bool_or(is_out_of_field) as is_out_of_field
    from teacher_assignments
    group by staff_id, school_id, school_year, subject_area

),

final as (

    select
        marks.student_id,
        marks.school_id,
        marks.school_year,
        count(distinct marks.teacher_staff_id) as teacher_count,
        coalesce(bool_or(teacher_years.is_inexperienced), false) as has_inexperienced_teacher,
        coalesce(bool_or(teacher_subjects.is_out_of_field), false) as has_out_of_field_teacher,
        coalesce(bool_or(teacher_years.is_provisionally_certified), false)
            as has_provisionally_certified_teacher,
        coalesce(bool_or(teacher_years.is_ineffective), false) as has_ineffective_teacher
    from marks
    -- Only the school's census-day teachers are judged, as on the teacher side of the measures.
    inner join teacher_years
        on
            marks.teacher_staff_id = teacher_years.staff_id
            and marks.school_id = teacher_years.school_id
            and marks.school_year = teacher_years.school_year
    left join courses on marks.course_code = courses.course_code
    left join teacher_subjects
        on
            marks.teacher_staff_id = teacher_subjects.staff_id
            and marks.school_id = teacher_subjects.school_id
            and marks.school_year = teacher_subjects.school_year
            and courses.subject_area = teacher_subjects.subject_area
    group by marks.student_id, marks.school_id, marks.school_year

)

select * from final
