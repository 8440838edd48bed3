-- One row per final mark, with what the district's rule seeds say it is worth: grade points,
-- weighted points, whether it fails, and how many semester F's it counts. Marks have no dates, so
-- a mark counts once it is final (posted to the transcript), whatever the as-of date.
with

marks as (

    select * from {{ ref('stg_sis__course_marks') }}

),

courses as (

    select * from {{ ref('dim_course') }}

),

grade_points as (

    select * from {{ ref('grade_points') }}

),

gpa_weights as (

    select * from {{ ref('course_level_gpa_weights') }}

),

-- The course's weight is looked up once per course (a hundred rows), not once per mark.
course_weights as (

    select
        courses.*,
        gpa_weights.weighted_gpa_bonus
    from courses
    left join gpa_weights on courses.course_level = gpa_weights.course_level

),

terms as (

    select * from {{ ref('school_terms') }}

),

student_years as (

    select * from {{ ref('int_student_years') }}

),

final as (

    select
        marks.student_id,
        marks.school_year,
        marks.school_id,
        marks.section_id,
        marks.term,
        marks.course_code,
        course_weights.subject_area,
        course_weights.course_level,
        course_weights.is_core_subject_area,
        marks.mark,
        marks.credits_attempted,
        marks.credits_earned,
        grade_points.is_in_gpa,
        grade_points.is_failing,
        grade_points.grade_points,
        -- a failing mark earns no bonus: an F in an AP course is still 0 points
        grade_points.grade_points + case
            when grade_points.is_failing then 0 else coalesce(course_weights.weighted_gpa_bonus, 0)
        end as weighted_grade_points,
        case when grade_points.is_in_gpa then marks.credits_attempted else 0 end
            as gpa_credits_attempted,
        terms.semesters_covered,
        terms.is_summer,
        case
            when grade_points.is_failing and course_weights.is_core_subject_area
                then terms.semesters_covered
            else 0
        end as core_semester_fs,
        student_years.grade_level,
        {{ transcript_level('student_years.grade_level') }} as transcript_level
    from marks
    left join course_weights on marks.course_code = course_weights.course_code
    left join grade_points on marks.mark = grade_points.mark
    left join terms on marks.term = terms.term
    left join student_years
        on
            marks.student_id = student_years.student_id
            and marks.school_year = student_years.school_year
    where marks.is_final_mark

)

select * from final
