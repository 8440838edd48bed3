-- Census-day membership, the per-pupil denominator (fct_school_profile's census_enrollment was
-- not yet built when this was written; counted here from the enrollment spells directly).
{%- set census_month_day = var('k12_census_day_month_day', '10-01') -%}
{%- set census_month = census_month_day[:2] | int -%}
{%- set census_day = census_month_day[3:] | int -%}
{#- a census day from July on falls in the fall (spring year - 1) -#}
{%- set year_offset = 1 if census_month >= 7 else 0 %}

with

enrollments as (

    select * from {{ ref('stg_sis__enrollments') }}

),

students as (

    select * from {{ ref('stg_sis__students') }}

),

need_weights as (

    select * from {{ ref('student_need_weights') }}

),

census_dates as (

    select distinct
        school_year,
        make_date(
            school_year - {{ year_offset }}, {{ census_month }}, {{ census_day }}
        ) as census_date
    from enrollments

),

census_members as (

    -- a student in two spells open on census day at the same school counts once there
    select distinct
        enrollments.school_id,
        enrollments.student_id,
        census_dates.school_year,
        census_dates.census_date
    from enrollments
    inner join census_dates
        on
            enrollments.school_year = census_dates.school_year
            and enrollments.entry_date <= census_dates.census_date
            and coalesce(enrollments.exit_date, census_dates.census_date)
            >= census_dates.census_date

),

weights as (

    select
        coalesce(sum(additional_weight) filter (
            where student_need = 'economically_disadvantaged'
        ), 0) as economically_disadvantaged,
        coalesce(sum(additional_weight) filter (
            where student_need = 'english_learner'
        ), 0) as english_learner,
        coalesce(sum(additional_weight) filter (
            where student_need = 'student_with_disability'
        ), 0) as student_with_disability
    from need_weights

),

student_weights as (

    -- a student without a student row for the year counts 1
    select
        census_members.school_id,
        census_members.school_year,
        census_members.census_date,
        1
        + case
            when students.is_economically_disadvantaged
                then weights.economically_disadvantaged
            else 0
        end
        + case
            when students.is_english_learner then weights.english_learner else 0
        end
        + case
            when students.is_student_with_disability
                then weights.student_with_disability
            else 0
        end as need_weight
    from census_members
    cross join weights
    left join students
        on
            census_members.student_id = students.student_id
            and census_members.school_year = students.school_year

),

final as (

    select
        school_id,
        school_year,
        census_date,
        count(*) as census_enrollment,
        sum(need_weight)::decimal(18, 2) as need_weighted_enrollment
    from student_weights
    group by school_id, school_year, census_date

)

select * from final
