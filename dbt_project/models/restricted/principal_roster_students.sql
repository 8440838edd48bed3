-- Every student enrolled at a school on the year's as-of date (dim_student: the school of record),
-- with what a principal's rosters show about them. The rosters (rpt_principal_roster_*) pick
-- their students from here and rank them; restricted, because it names the students.
with

students as (

    select * from {{ ref('dim_student') }}
    where is_enrolled_at_as_of

),

identities as (

    select * from {{ ref('student_identities') }}

),

on_track as (

    select * from {{ ref('fct_student_on_track') }}

),

early_warning as (

    select * from {{ ref('fct_early_warning') }}

),

attendance as (

    select * from {{ ref('fct_student_attendance') }}

),

courses as (

    select * from {{ ref('int_student_course_marks_listed') }}

),

reasons as (

    select
        student_id,
        school_year,
        {{ ordered_string_agg('reason_label', "'; '", 'reason_order') }} as reasons,
        {{ ordered_string_agg('reason_key', "'; '", 'reason_order') }} as reason_keys,
        count(*) as reason_count
    from {{ ref('int_student_roster_reasons') }}
    group by student_id, school_year

),

final as (

    select
        students.student_id,
        students.school_year,
        students.school_id,
        identities.state_student_id,
        identities.last_name,
        identities.first_name,
        students.grade_level,
        -- the export contract (v1) has no student-to-counselor or advisor link: always null
        cast(null as string) as counselor_or_advisor,
        early_warning.early_warning_tier,
        -- the rosters' first sort key: high risk first, then warning, none, and no row (under
        -- the lowest early-warning grade)
        case early_warning.early_warning_tier
            when 'high_risk' then 1 when 'warning' then 2 when 'none' then 3 else 4
        end as early_warning_tier_order,
        on_track.student_id is not null as is_judged_for_on_track,
        coalesce(not on_track.is_on_track, false) as is_off_track,
        reasons.reasons,
        reasons.reason_keys,
        coalesce(reasons.reason_count, 0) as reason_count,
        -- credits are not judged for a student whose earlier transcript is missing
        case when not on_track.has_incomplete_history then on_track.total_credits_short end
            as total_credits_short,
        {% for area in ['english', 'math', 'science', 'social_studies'] %}
            case
                when
                    not on_track.has_incomplete_history
                    and on_track.{{ area }}_credits_expected is not null
                    then greatest(
                        on_track.{{ area }}_credits_expected
                        - on_track.cumulative_{{ area }}_credits_earned,
                        0
                    )
            end as {{ area }}_credits_short,
        {% endfor %}
        coalesce(on_track.core_semester_fs, early_warning.core_semester_fs) as core_semester_fs,
        district_attendance.attendance_rate,
        school_attendance.days_enrolled as days_enrolled_here,
        school_attendance.days_absent as days_absent_here,
        school_attendance.attendance_rate as attendance_rate_here,
        coalesce(school_attendance.is_chronic_absence_eligible, false)
            as is_judged_for_chronic_absence_here,
        coalesce(school_attendance.is_chronically_absent, false) as is_chronically_absent_here,
        courses.current_courses_and_marks
    from students
    left join identities
        on
            students.student_id = identities.student_id
            and students.school_year = identities.school_year
    left join on_track
        on
            students.student_id = on_track.student_id
            and students.school_year = on_track.school_year
    left join early_warning
        on
            students.student_id = early_warning.student_id
            and students.school_year = early_warning.school_year
    left join attendance as district_attendance
        on
            students.student_id = district_attendance.student_id
            and students.school_year = district_attendance.school_year
            and district_attendance.reporting_level = 'district'
    left join attendance as school_attendance
        on
            students.student_id = school_attendance.student_id
            and students.school_year = school_attendance.school_year
            and students.school_id = school_attendance.school_id
            and school_attendance.reporting_level = 'school'
    left join courses
        on
            students.student_id = courses.student_id
            and students.school_year = courses.school_year
            and students.school_id = courses.school_id
    left join reasons
        on
            students.student_id = reasons.student_id
            and students.school_year = reasons.school_year

)

select * from final
