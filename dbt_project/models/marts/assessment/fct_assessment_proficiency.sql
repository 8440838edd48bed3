-- Achievement and participation on state tests, by school (and district), year, test, subject,
-- grade and subgroup: ESSA 1111(h)(1)(C)(ii) report-card achievement, 1111(c)(4)(E) participation.
with

participants as (

    select * from {{ ref('int_assessment_participants') }}

),

subgroups as (

    select * from {{ ref('int_student_subgroups') }}

),

counted as (

    select
        participants.school_year,
        participants.test_name,
        participants.assessment_subject,
        subgroups.subgroup_category,
        subgroups.subgroup,
        participants.school_id,
        participants.grade_level,
        grouping(participants.school_id) = 1 as is_district,
        grouping(participants.grade_level) = 1 as is_all_grades,
        count(*) as students_enrolled,
        count(*) filter (where participants.is_tested) as students_tested,
        count(participants.is_proficient) as students_scored,
        count(*) filter (where participants.is_proficient) as students_proficient,
        avg(participants.scale_score) as mean_scale_score
    from participants
    inner join subgroups
        on
            participants.student_id = subgroups.student_id
            and participants.school_year = subgroups.school_year
    group by grouping sets (
        (
            participants.school_year, participants.test_name, participants.assessment_subject,
            subgroups.subgroup_category, subgroups.subgroup,
            participants.school_id, participants.grade_level
        ),
        (
            participants.school_year, participants.test_name, participants.assessment_subject,
            subgroups.subgroup_category, subgroups.subgroup, participants.school_id
        ),
        (
            participants.school_year, participants.test_name, participants.assessment_subject,
            subgroups.subgroup_category, subgroups.subgroup, participants.grade_level
        ),
        (
            participants.school_year, participants.test_name, participants.assessment_subject,
            subgroups.subgroup_category, subgroups.subgroup
        )
    )

),

rated as (

    select
        school_year,
        case when is_district then 'district' else 'school' end as reporting_level,
        school_id,
        test_name,
        assessment_subject,
        case when is_all_grades then 'all' else grade_level end as grade_level,
        subgroup_category,
        subgroup,
        students_enrolled,
        students_tested,
        students_scored,
        students_proficient,
        students_proficient / nullif(students_scored, 0) as proficiency_rate,
        -- 1111(c)(4)(E)(ii): below 95% tested, the untested up to 95% count as not proficient
        students_proficient / nullif(greatest(
            students_tested,
            ceil({{ var('k12_assessment_participation_target') }} * students_enrolled)
        ), 0) as accountability_proficiency_rate,
        mean_scale_score,
        students_tested / students_enrolled as participation_rate,
        students_tested / students_enrolled
        >= {{ var('k12_assessment_participation_target') }} as meets_participation_target
    from counted

),

final as (

    select
        *,
        proficiency_rate - max(proficiency_rate) filter (
            where subgroup_category = 'all_students'
        ) over (
            partition by
                school_year, reporting_level, school_id, test_name, assessment_subject,
                grade_level
        ) as proficiency_gap_to_all_students
    from rated

)

select * from final
