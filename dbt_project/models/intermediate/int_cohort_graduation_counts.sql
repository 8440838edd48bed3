-- Cohort members counted per cohort, school and subgroup, and once more per cohort and subgroup
-- for the district: how they entered the cohort and how each stood at the four- and five-year
-- deadlines.
with

members as (

    select * from {{ ref('int_cohort_members') }}

),

member_subgroups as (

    select * from {{ ref('int_cohort_member_subgroups') }}

),

member_rows as (

    select
        members.*,
        member_subgroups.subgroup_category,
        member_subgroups.subgroup
    from members
    inner join member_subgroups
        on
            members.student_id = member_subgroups.student_id
            and members.entering_school_year = member_subgroups.entering_school_year

),

-- The district row counts each member once, in the school the member is attributed to or not.
final as (

    select
        entering_school_year,
        if(grouping(school_id) = 1, 'district', 'school') as reporting_level,
        school_id,
        subgroup_category,
        subgroup,
        count(*) as cohort_entrants,
        count(*) filter (where cohort_entry_type = 'first_time_ninth_grader')
            as first_time_ninth_graders,
        count(*) filter (where cohort_entry_type = 'transferred_in') as transferred_in,
        count(*) filter (where cohort_entry_type = 'entered_before_data_window')
            as entered_before_data_window,
        count(*) filter (where four_year_outcome = 'removed') as removed_from_cohort,
        count(*) filter (
            where four_year_outcome = 'removed'
            and four_year_last_exit_code = 'transfer_out_documented'
        ) as transferred_out_documented,
        count(*) filter (
            where four_year_outcome = 'removed' and four_year_last_exit_code = 'emigrated'
        ) as emigrated,
        count(*) filter (
            where four_year_outcome = 'removed' and four_year_last_exit_code = 'deceased'
        ) as deceased,
        count(*) filter (where is_in_four_year_adjusted_cohort) as adjusted_cohort,
        count(*) filter (where is_four_year_graduate) as four_year_graduates,
        count(*) filter (where four_year_outcome = 'dropout') as dropouts,
        count(*) filter (where four_year_outcome = 'ged') as ged_completers,
        count(*) filter (where four_year_outcome = 'certificate') as certificate_completers,
        count(*) filter (where four_year_outcome = 'still_enrolled') as still_enrolled,
        count(*) filter (where four_year_outcome = 'unknown') as unknown_leavers,
        count(*) filter (where four_year_outcome = 'left_without_exit_code')
            as left_without_exit_code,
        count(*) filter (where five_year_outcome = 'removed') as five_year_removed_from_cohort,
        count(*) filter (where is_in_five_year_adjusted_cohort) as five_year_adjusted_cohort,
        count(*) filter (where is_five_year_graduate) as five_year_graduates
    from member_rows
    group by grouping sets (
        (entering_school_year, school_id, subgroup_category, subgroup),
        (entering_school_year, subgroup_category, subgroup)
    )

)

select * from final
