-- One row per student in grades 9-12 and school year: the credit checks side by side and the
-- credit reasons for being off track. A student without a district transcript for every earlier
-- high-school grade is not judged on credits: the missing credits may exist elsewhere.
with

student_years as (

    select * from {{ ref('int_high_school_student_years') }}

),

checks as (

    select * from {{ ref('int_student_credit_checks') }}

),

checks_wide as (

    select
        student_id,
        school_year,
        any_value(checkpoint_grade_level) as checkpoint_grade_level,
        max(credits_expected) filter (where requirement_area = 'total') as credits_expected,
        max(credits_short) filter (where requirement_area = 'total') as total_credits_short,
        max(credits_expected) filter (where requirement_area = 'english')
            as english_credits_expected,
        max(credits_expected) filter (where requirement_area = 'math') as math_credits_expected,
        max(credits_expected) filter (where requirement_area = 'science')
            as science_credits_expected,
        max(credits_expected) filter (where requirement_area = 'social_studies')
            as social_studies_credits_expected,
        coalesce(bool_or(is_short) filter (where requirement_area = 'total'), false)
            as is_short_of_total_credits,
        coalesce(bool_or(is_short) filter (where requirement_area != 'total'), false)
            as is_short_of_subject_credits,
        -- reason codes such as total_credits_short; english_credits_short (total first)
        {%- set reason_order = "requirement_area != 'total', requirement_area" %}
        {%- set reason = "requirement_area || '_credits_short'" %}
        {{ ordered_string_agg(reason, "'; '", reason_order, where='is_short') }}
            as credit_reasons
    from checks
    group by student_id, school_year

),

final as (

    select
        student_years.student_id,
        student_years.school_year,
        student_years.as_of_date,
        student_years.is_year_complete,
        student_years.school_id,
        student_years.grade_level,
        student_years.is_enrolled_at_as_of,
        student_years.first_high_school_year_in_district,
        student_years.has_incomplete_history,
        checks_wide.checkpoint_grade_level,
        checks_wide.credits_expected,
        checks_wide.total_credits_short,
        checks_wide.english_credits_expected,
        checks_wide.math_credits_expected,
        checks_wide.science_credits_expected,
        checks_wide.social_studies_credits_expected,
        checks_wide.is_short_of_total_credits,
        checks_wide.is_short_of_subject_credits,
        checks_wide.is_short_of_total_credits and not student_years.has_incomplete_history
            as is_off_track_for_total_credits,
        checks_wide.is_short_of_subject_credits and not student_years.has_incomplete_history
            as is_off_track_for_subject_credits,
        case when not student_years.has_incomplete_history then checks_wide.credit_reasons end
            as credit_reasons
    from student_years
    inner join checks_wide
        on
            student_years.student_id = checks_wide.student_id
            and student_years.school_year = checks_wide.school_year

)

select * from final
