-- One row per school and school year with a course mark: whether the school ran an AP, IB or dual
-- enrollment course that year. The SIS exports no section schedule, so a course counts as offered
-- when anyone at all has a mark in it there (a withdrawal or a not-yet-final mark included): the
-- section ran, whoever finished it.
with

marks as (

    select * from {{ ref('stg_sis__course_marks') }}

),

courses as (

    select * from {{ ref('dim_course') }}

),

final as (

    select
        marks.school_id,
        marks.school_year,
        coalesce(bool_or(courses.course_level = 'ap'), false) as offers_ap,
        coalesce(bool_or(courses.course_level = 'ib'), false) as offers_ib,
        coalesce(bool_or(courses.course_level = 'dual_enrollment'), false)
            as offers_dual_enrollment
    from marks
    left join courses
        on marks.course_code = courses.course_code
    group by marks.school_id, marks.school_year

)

select * from final
