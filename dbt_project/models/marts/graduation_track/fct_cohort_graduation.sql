-- Four-year adjusted cohort graduation rate and the extended five-year rate (34 CFR 200.19(b)),
-- per cohort, school and subgroup, plus a district row, with every adjustment counted.
with

counts as (

    select * from {{ ref('int_cohort_graduation_counts') }}

),

windows as (

    select * from {{ ref('int_cohort_windows') }}

),

four_year_windows as (

    select * from windows
    where years_in_window = 4

),

five_year_windows as (

    select * from windows
    where years_in_window = 5

),

-- A rate is published only when the data covers the whole window, from the cohort's first year
-- to the end of its final year; the counts are kept either way.
final as (

    select
        counts.entering_school_year,
        four_year_windows.cohort_graduation_year,
        counts.reporting_level,
        counts.school_id,
        counts.subgroup_category,
        counts.subgroup,
        counts.cohort_entrants,
        counts.first_time_ninth_graders,
        counts.transferred_in,
        counts.entered_before_data_window,
        counts.removed_from_cohort,
        counts.transferred_out_documented,
        counts.emigrated,
        counts.deceased,
        counts.adjusted_cohort,
        counts.four_year_graduates,
        counts.dropouts,
        counts.ged_completers,
        counts.certificate_completers,
        counts.still_enrolled,
        counts.unknown_leavers,
        counts.left_without_exit_code,
        case
            when four_year_windows.is_window_complete
                then counts.four_year_graduates / nullif(counts.adjusted_cohort, 0)
        end as four_year_graduation_rate,
        counts.five_year_removed_from_cohort,
        counts.five_year_adjusted_cohort,
        counts.five_year_graduates,
        case
            when five_year_windows.is_window_complete
                then counts.five_year_graduates / nullif(counts.five_year_adjusted_cohort, 0)
        end as five_year_graduation_rate,
        four_year_windows.deadline_date as four_year_deadline_date,
        five_year_windows.deadline_date as five_year_deadline_date,
        four_year_windows.has_cohort_start_in_data,
        four_year_windows.is_window_complete as is_four_year_window_complete,
        four_year_windows.is_deadline_passed as is_four_year_deadline_passed,
        five_year_windows.is_window_complete as is_five_year_window_complete,
        five_year_windows.is_deadline_passed as is_five_year_deadline_passed,
        four_year_windows.run_as_of_date as as_of_date
    from counts
    inner join four_year_windows
        on counts.entering_school_year = four_year_windows.entering_school_year
    inner join five_year_windows
        on counts.entering_school_year = five_year_windows.entering_school_year

)

select * from final
