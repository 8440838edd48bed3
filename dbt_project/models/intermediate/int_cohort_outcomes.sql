-- One row per cohort member and rate window (4 or 5 years): how the student stood at the window's
-- deadline (34 CFR 200.19(b)(1)): graduated, removed from the cohort, or which kind of
-- non-graduate; and the school and school year the student was last enrolled in the window.
with

spells as (

    select * from {{ ref('int_cohort_spells') }}

),

windows as (

    select * from {{ ref('int_cohort_windows') }}

),

-- Spells started by the deadline, in any school year: a summer diploma may sit on a spell of
-- the next school year. An exit after the deadline had not happened at the deadline.
window_spells as (

    select
        spells.student_id,
        spells.school_id,
        spells.school_year,
        spells.entry_date,
        windows.years_in_window,
        windows.final_school_year,
        windows.last_observed_school_year,
        case when spells.exit_date <= windows.deadline_date then spells.exit_date end as exit_date,
        case when spells.exit_date <= windows.deadline_date then spells.exit_code end as exit_code
    from spells
    inner join windows on spells.entering_school_year = windows.entering_school_year
    where spells.entry_date <= windows.deadline_date

),

-- Early graduates count with their cohort; a diploma on any spell counts, whatever came after.
per_student as (

    select
        student_id,
        years_in_window,
        min(exit_date) filter (where exit_code in (
            {%- for code in var('k12_regular_diploma_exit_codes') %}
                '{{ code }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )) as diploma_date,
        -- the cohort period is the window's school years; a summer spell of the next is not in
        -- it. Two spells starting the same day go to the higher school_id, for a stable build.
        {%- set latest_spell = ordering_key(['entry_date', 'school_id']) %}
        max_by(school_id, {{ latest_spell }}) filter (where school_year <= final_school_year)
            as last_school_id,
        max(school_year) filter (where school_year <= final_school_year) as last_school_year
    from window_spells
    group by student_id, years_in_window

),

-- The last spell decides the rest: a documented leaver who re-enrolled by the deadline is back
-- in the cohort, and is judged on how the new spell ended.
last_spells as (

    select * from window_spells
    qualify row_number() over (
        partition by student_id, years_in_window
        order by entry_date desc, exit_date desc nulls first, school_id asc
    ) = 1

),

final as (

    select
        last_spells.student_id,
        last_spells.years_in_window,
        per_student.last_school_id as school_id,
        per_student.last_school_year,
        per_student.diploma_date,
        last_spells.exit_code as last_exit_code,
        case
            when per_student.diploma_date is not null then 'graduated'
            when last_spells.exit_code in (
                {%- for code in var('k12_cohort_removal_exit_codes') %}
                    '{{ code }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ) then 'removed'
            when last_spells.exit_code in ('dropout', 'ged', 'certificate')
                then last_spells.exit_code
            -- 'unknown', or a leaving code the district does not count as a removal
            when last_spells.exit_code not in ('promoted', 'transfer_in_district') then 'unknown'
            -- enrolled in the window's last observed year, with no exit by the deadline
            when last_spells.school_year >= last_spells.last_observed_school_year
                then 'still_enrolled'
            -- promoted, then never came back: gone without a recorded exit
            else 'left_without_exit_code'
        end as outcome
    from last_spells
    inner join per_student
        on
            last_spells.student_id = per_student.student_id
            and last_spells.years_in_window = per_student.years_in_window

)

select * from final
