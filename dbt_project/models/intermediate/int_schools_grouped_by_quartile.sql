-- The ESSA 1111(g)(1)(B) comparison groups of each year: the highest (quartile 4) and lowest
-- (quartile 1) poverty and minority schools.
with

school_profiles as (

    select * from {{ ref('fct_school_profile') }}

),

-- Every year gets its four groups, so a year without quartiles still reports (with nulls).
report_groups as (

    select distinct
        school_profiles.school_year,
        comparisons.comparison,
        quartile_groups.quartile_group,
        quartile_groups.quartile
    from school_profiles
    cross join (values ('poverty'), ('minority')) as comparisons (comparison)
    cross join (values ('high', 4), ('low', 1)) as quartile_groups (quartile_group, quartile)

),

final as (

    select
        report_groups.school_year,
        report_groups.comparison,
        report_groups.quartile_group,
        school_profiles.school_id
    from report_groups
    left join school_profiles
        on
            report_groups.school_year = school_profiles.school_year
            and report_groups.quartile = case report_groups.comparison
                when 'poverty' then school_profiles.poverty_quartile
                else school_profiles.minority_quartile
            end

)

select * from final
