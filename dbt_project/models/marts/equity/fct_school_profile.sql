-- Census-day enrollment, subgroup shares and the school's poverty and minority quartiles among
-- the district's schools that year (the ESSA 1111(g)(1)(B) comparison groups), and the district's
-- row, the sum of its schools (grouping sets, as fct_on_track_summary).
with

census_counts as (

    select * from {{ ref('int_census_day_enrollments_counted') }}

),

counted as (

    select
        case when grouping(school_id) = 1 then 'district' else 'school' end as reporting_level,
        school_id,
        school_year,
        census_date,
        cast(sum(census_enrollment) as bigint) as census_enrollment,
        cast(sum(economically_disadvantaged_count) as bigint) as economically_disadvantaged_count,
        cast(sum(english_learner_count) as bigint) as english_learner_count,
        cast(sum(students_with_disability_count) as bigint) as students_with_disability_count,
        cast(sum(students_of_color_count) as bigint) as students_of_color_count
    from census_counts
    group by grouping sets ((school_year, census_date, school_id), (school_year, census_date))

),

shares as (

    select
        *,
        economically_disadvantaged_count / nullif(census_enrollment, 0)
            as economically_disadvantaged_share,
        english_learner_count / nullif(census_enrollment, 0) as english_learner_share,
        students_with_disability_count / nullif(census_enrollment, 0)
            as students_with_disability_share,
        students_of_color_count / nullif(census_enrollment, 0) as students_of_color_share
    from counted

),

-- Schools with equal shares fill a block of places in the ranking; each takes the block's
-- midpoint, (schools below + schools in the block / 2), kept doubled to stay in integers.
ranking_places as (

    select
        school_id,
        school_year,
        count(*) over (partition by school_year) as schools_ranked,
        2 * (rank() over (partition by school_year order by economically_disadvantaged_share) - 1)
        + count(*) over (partition by school_year, economically_disadvantaged_share)
            as poverty_midpoint_doubled,
        2 * (rank() over (partition by school_year order by students_of_color_share) - 1)
        + count(*) over (partition by school_year, students_of_color_share)
            as minority_midpoint_doubled
    from shares
    where reporting_level = 'school' and census_enrollment > 0

),

-- Quartile = the quarter of the ranking holding the midpoint: ceil(4 * midpoint / n), i.e.
-- ceil(2 * doubled / n). A midpoint exactly on a boundary goes to the lower quartile. Fewer
-- than four schools cannot fill four quartiles: null.
quartiles as (

    select
        school_id,
        school_year,
        schools_ranked,
        case
            when schools_ranked >= 4
                then {{ integer_divide(
                    '2 * poverty_midpoint_doubled + schools_ranked - 1', 'schools_ranked'
                ) }}
        end as poverty_quartile,
        case
            when schools_ranked >= 4
                then {{ integer_divide(
                    '2 * minority_midpoint_doubled + schools_ranked - 1', 'schools_ranked'
                ) }}
        end as minority_quartile
    from ranking_places

),

final as (

    select
        shares.reporting_level,
        shares.school_id,
        shares.school_year,
        shares.census_date,
        shares.census_enrollment,
        shares.economically_disadvantaged_count,
        shares.english_learner_count,
        shares.students_with_disability_count,
        shares.students_of_color_count,
        shares.economically_disadvantaged_share,
        shares.english_learner_share,
        shares.students_with_disability_share,
        shares.students_of_color_share,
        quartiles.schools_ranked,
        quartiles.poverty_quartile,
        quartiles.minority_quartile
    from shares
    left join quartiles
        on
            shares.school_id = quartiles.school_id
            and shares.school_year = quartiles.school_year

)

select * from final
