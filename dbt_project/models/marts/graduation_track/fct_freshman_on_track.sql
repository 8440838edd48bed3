-- One row per first-time 9th grader and school year: the University of Chicago Consortium's
-- freshman on-track indicator (Allensworth & Easton 2005, 2007). On track = at least the minimum
-- credits and at most the maximum core semester F's in the fall and spring terms.
with

-- a repeater from outside the district or from before the data window cannot be recognised
first_time_freshmen as (

    select * from {{ ref('int_high_school_student_years') }}
    where grade_level = '09' and not has_earlier_grade_09_year

),

marks as (

    select * from {{ ref('int_course_marks_graded') }}

),

freshman_marks as (

    select
        student_id,
        school_year,
        count(*) filter (where not is_summer) as fall_spring_final_marks,
        sum(credits_attempted) filter (where not is_summer) as credits_attempted,
        sum(credits_earned) filter (where not is_summer) as credits_earned,
        sum(core_semester_fs) filter (where not is_summer) as core_semester_fs,
        sum(credits_earned) filter (where is_summer) as summer_credits_earned
    from marks
    group by student_id, school_year

),

judged as (

    select
        first_time_freshmen.student_id,
        first_time_freshmen.school_year,
        first_time_freshmen.as_of_date,
        first_time_freshmen.is_year_complete,
        first_time_freshmen.school_id,
        first_time_freshmen.is_enrolled_at_as_of,
        first_time_freshmen.last_exit_code,
        coalesce(freshman_marks.fall_spring_final_marks, 0) as fall_spring_final_marks,
        cast(coalesce(freshman_marks.credits_attempted, 0) as decimal(12, 4)) as credits_attempted,
        cast(coalesce(freshman_marks.credits_earned, 0) as decimal(12, 4)) as credits_earned,
        cast(coalesce(freshman_marks.core_semester_fs, 0) as integer) as core_semester_fs,
        cast(coalesce(freshman_marks.summer_credits_earned, 0) as decimal(12, 4))
            as summer_credits_earned,
        coalesce(freshman_marks.credits_earned, 0)
        >= {{ var('k12_freshman_on_track_min_credits') }} as has_enough_credits,
        coalesce(freshman_marks.core_semester_fs, 0)
        > {{ var('k12_freshman_on_track_max_core_semester_fs') }} as has_too_many_core_semester_fs,
        -- left the district (a removal from the graduation cohort): nothing to judge it on
        not first_time_freshmen.is_enrolled_at_as_of
        and coalesce(first_time_freshmen.last_exit_code in (
            {%- for code in var('k12_cohort_removal_exit_codes') %}
                '{{ code }}'{{ ',' if not loop.last }}
            {%- endfor %}
        ), false) as has_left_district
    from first_time_freshmen
    left join freshman_marks
        on
            first_time_freshmen.student_id = freshman_marks.student_id
            and first_time_freshmen.school_year = freshman_marks.school_year

),

with_status as (

    select
        *,
        -- final F's cannot be undone, so too many settles a year in progress early
        case
            when has_left_district then 'excluded_left_district'
            when has_too_many_core_semester_fs then 'off_track'
            when not is_year_complete then 'not_yet_known'
            when has_enough_credits then 'on_track'
            else 'off_track'
        end as freshman_on_track_status
    from judged

),

final as (

    select
        *,
        case freshman_on_track_status
            when 'on_track' then true
            when 'off_track' then false
        end as is_freshman_on_track
    from with_status

)

select * from final
