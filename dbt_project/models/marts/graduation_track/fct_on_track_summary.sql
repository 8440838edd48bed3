with

outcomes as (

    select * from {{ ref('int_student_year_outcomes') }}

),

subgroups as (

    select * from {{ ref('int_student_subgroups') }}

),

counted as (

    select
        outcomes.school_year,
        subgroups.subgroup_category,
        subgroups.subgroup,
        outcomes.school_id,
        outcomes.grade_level,
        grouping(outcomes.school_id) = 1 as is_district,
        grouping(outcomes.grade_level) = 1 as is_all_grades,
        count(*) as n_students,
        count(outcomes.is_on_track) as on_track_evaluated,
        count(*) filter (where outcomes.is_on_track) as on_track_count,
        count(outcomes.is_freshman_on_track) as freshman_on_track_evaluated,
        count(*) filter (where outcomes.is_freshman_on_track) as freshman_on_track_count,
        -- a school counts absence at that school; the district follows the student everywhere
        case
            when grouping(outcomes.school_id) = 1
                then count(outcomes.is_chronically_absent_in_district)
            else count(outcomes.is_chronically_absent_at_school)
        end as chronic_absence_eligible,
        case
            when grouping(outcomes.school_id) = 1
                then count(*) filter (where outcomes.is_chronically_absent_in_district)
            else count(*) filter (where outcomes.is_chronically_absent_at_school)
        end as chronically_absent_count
    from outcomes
    inner join subgroups
        on
            outcomes.student_id = subgroups.student_id
            and outcomes.school_year = subgroups.school_year
    group by grouping sets (
        (
            outcomes.school_year, subgroups.subgroup_category, subgroups.subgroup,
            outcomes.school_id, outcomes.grade_level
        ),
        (
            outcomes.school_year, subgroups.subgroup_category, subgroups.subgroup,
            outcomes.school_id
        ),
        (
            outcomes.school_year, subgroups.subgroup_category, subgroups.subgroup,
            outcomes.grade_level
        ),
        (outcomes.school_year, subgroups.subgroup_category, subgroups.subgroup)
    )

),

final as (

    select
        school_year,
        case when is_district then 'district' else 'school' end as reporting_level,
        school_id,
        case when is_all_grades then 'all' else grade_level end as grade_level,
        subgroup_category,
        subgroup,
        n_students as n,
        on_track_evaluated,
        on_track_count,
        on_track_count / nullif(on_track_evaluated, 0) as on_track_rate,
        freshman_on_track_evaluated,
        freshman_on_track_count,
        freshman_on_track_count / nullif(freshman_on_track_evaluated, 0)
            as freshman_on_track_rate,
        chronic_absence_eligible,
        chronically_absent_count,
        chronically_absent_count / nullif(chronic_absence_eligible, 0) as chronic_absence_rate
    from counted

)

select * from final
