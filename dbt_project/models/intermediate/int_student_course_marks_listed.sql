-- One row per student, school and school year: the year's courses at that school with their
-- latest marks, as one line a principal reads on a roster. Progress marks count here (unlike
-- int_course_marks_graded, which keeps final marks only): mid-year they are the current marks.
with

marks as (

    select * from {{ ref('stg_sis__course_marks') }}

),

courses as (

    select * from {{ ref('dim_course') }}

),

final as (

    select
        marks.student_id,
        marks.school_id,
        marks.school_year,
        count(*) as marks_listed,
        {%- set course_and_mark -%}
            marks.course_code
            || coalesce(' ' || courses.course_title, '')
            || ' (' || marks.term || '): '
            || coalesce(marks.mark, '')
            || case when marks.is_final_mark then '' else ' (progress)' end
        {%- endset %}
        {%- set listing_order = 'marks.term, marks.course_code, marks.section_id' %}
        {{ ordered_string_agg(course_and_mark, "'; '", listing_order) }}
            as current_courses_and_marks
    from marks
    left join courses on marks.course_code = courses.course_code
    group by marks.student_id, marks.school_id, marks.school_year

)

select * from final
