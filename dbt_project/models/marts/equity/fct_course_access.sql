-- CRDC access to advanced coursework (AP, IB, dual enrollment) for each school with grade 9-12
-- students of record, by subgroup: who takes it, and whether each group's share of the takers
-- matches its share of the school (the representation index, 1 = proportional). The district's
-- rows sum its schools (grouping sets, as fct_on_track_summary): each student has one school.
with

school_counts as (

    select * from {{ ref('int_school_subgroup_advanced_courses_counted') }}

),

school_offerings as (

    select * from {{ ref('int_school_advanced_courses_offered') }}

),

counts as (

    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        school_year,
        subgroup_category,
        subgroup,
        cast(sum(students) as bigint) as students,
        cast(sum(ap_students) as bigint) as ap_students,
        cast(sum(ib_students) as bigint) as ib_students,
        cast(sum(dual_enrollment_students) as bigint) as dual_enrollment_students,
        cast(sum(advanced_course_students) as bigint) as advanced_course_students,
        sum(dual_enrollment_college_credit_hours) as dual_enrollment_college_credit_hours
    from school_counts
    group by grouping sets (
        (school_year, subgroup_category, subgroup, school_id),
        (school_year, subgroup_category, subgroup)
    )

),

-- the district offers a level when any of its schools does
offerings as (

    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        school_year,
        bool_or(offers_ap) as offers_ap,
        bool_or(offers_ib) as offers_ib,
        bool_or(offers_dual_enrollment) as offers_dual_enrollment
    from school_offerings
    group by grouping sets ((school_year, school_id), (school_year))

),

shares as (

    select
        *,
        students / nullif(
            max(students) filter (where subgroup_category = 'all_students')
                over (partition by reporting_level, school_id, school_year),
            0
        ) as share_of_school_students,
        advanced_course_students / nullif(
            max(advanced_course_students) filter (where subgroup_category = 'all_students')
                over (partition by reporting_level, school_id, school_year),
            0
        ) as share_of_advanced_course_students
    from counts

),

final as (

    select
        shares.reporting_level,
        shares.school_id,
        shares.school_year,
        shares.subgroup_category,
        shares.subgroup,
        shares.students,
        coalesce(offerings.offers_ap, false) as offers_ap,
        coalesce(offerings.offers_ib, false) as offers_ib,
        coalesce(offerings.offers_dual_enrollment, false) as offers_dual_enrollment,
        shares.ap_students,
        shares.ib_students,
        shares.dual_enrollment_students,
        shares.advanced_course_students,
        shares.advanced_course_students / nullif(shares.students, 0) as advanced_course_rate,
        shares.share_of_school_students,
        shares.share_of_advanced_course_students,
        -- a group absent from the school, or a school where nobody takes advanced coursework,
        -- has no share to compare: null, not 0 or infinity
        shares.share_of_advanced_course_students / nullif(shares.share_of_school_students, 0)
            as representation_index,
        shares.dual_enrollment_college_credit_hours
    from shares
    left join offerings
        on
            shares.reporting_level = offerings.reporting_level
            and shares.school_id is not distinct from offerings.school_id
            and shares.school_year = offerings.school_year

)

select * from final
