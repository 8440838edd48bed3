-- Compares who teaches with who is taught: the teacher-of-color share against the
-- student-of-color share of the same school (or the district) and year.
with

teacher_counts as (

    select * from {{ ref('int_teachers_counted_by_race') }}

),

students as (

    select * from {{ ref('dim_student') }}

),

student_rows as (

    select
        'school' as reporting_level,
        school_id,
        school_year,
        is_student_of_color
    from students
    union all
    select
        'district' as reporting_level,
        cast(null as string) as school_id,
        school_year,
        is_student_of_color
    from students

),

student_counts as (

    select
        reporting_level,
        school_id,
        school_year,
        count(*) as student_count,
        count(*) filter (where is_student_of_color) as students_of_color,
        count(is_student_of_color) as students_with_race_reported
    from student_rows
    group by reporting_level, school_id, school_year

),

final as (

    select
        coalesce(teacher_counts.reporting_level, student_counts.reporting_level)
            as reporting_level,
        coalesce(teacher_counts.school_id, student_counts.school_id) as school_id,
        coalesce(teacher_counts.school_year, student_counts.school_year) as school_year,
        coalesce(teacher_counts.teacher_count, 0) as teacher_count,
        coalesce(teacher_counts.teachers_of_color, 0) as teachers_of_color,
        coalesce(teacher_counts.teachers_hispanic, 0) as teachers_hispanic,
        coalesce(teacher_counts.teachers_american_indian, 0) as teachers_american_indian,
        coalesce(teacher_counts.teachers_asian, 0) as teachers_asian,
        coalesce(teacher_counts.teachers_black, 0) as teachers_black,
        coalesce(teacher_counts.teachers_pacific_islander, 0) as teachers_pacific_islander,
        coalesce(teacher_counts.teachers_white, 0) as teachers_white,
        coalesce(teacher_counts.teachers_two_or_more, 0) as teachers_two_or_more,
        coalesce(teacher_counts.teachers_race_not_reported, 0) as teachers_race_not_reported,
        coalesce(teacher_counts.teachers_with_race_reported, 0) as teachers_with_race_reported,
        coalesce(teacher_counts.new_hire_count, 0) as new_hire_count,
        coalesce(teacher_counts.new_hires_hispanic, 0) as new_hires_hispanic,
        coalesce(teacher_counts.new_hires_american_indian, 0) as new_hires_american_indian,
        coalesce(teacher_counts.new_hires_asian, 0) as new_hires_asian,
        coalesce(teacher_counts.new_hires_black, 0) as new_hires_black,
        coalesce(teacher_counts.new_hires_pacific_islander, 0) as new_hires_pacific_islander,
        coalesce(teacher_counts.new_hires_white, 0) as new_hires_white,
        coalesce(teacher_counts.new_hires_two_or_more, 0) as new_hires_two_or_more,
        coalesce(teacher_counts.new_hires_race_not_reported, 0) as new_hires_race_not_reported,
        coalesce(teacher_counts.new_hires_of_color, 0) as new_hires_of_color,
        coalesce(student_counts.student_count, 0) as student_count,
        coalesce(student_counts.students_of_color, 0) as students_of_color,
        teacher_counts.teachers_of_color
        / nullif(teacher_counts.teachers_with_race_reported, 0) as teachers_of_color_share,
        student_counts.students_of_color
        / nullif(student_counts.students_with_race_reported, 0) as students_of_color_share,
        teacher_counts.teachers_of_color
        / nullif(teacher_counts.teachers_with_race_reported, 0)
        - student_counts.students_of_color
        / nullif(student_counts.students_with_race_reported, 0)
            as teacher_student_of_color_gap
    from teacher_counts
    full outer join student_counts
        on
            teacher_counts.reporting_level = student_counts.reporting_level
            and teacher_counts.school_id is not distinct from student_counts.school_id
            and teacher_counts.school_year = student_counts.school_year

)

select * from final
