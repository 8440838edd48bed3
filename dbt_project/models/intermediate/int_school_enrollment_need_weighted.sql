-- Census-day enrollment with each student weighted by need: the per-pupil denominators of
-- fct_school_spending. Weights add linearly, so the school's subgroup counts are enough.
with

census as (

    select * from {{ ref('int_census_day_enrollments_counted') }}

),

need_weights as (

    select * from {{ ref('student_need_weights') }}

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

final as (

    select
        census.school_id,
        census.school_year,
        census.census_date,
        census.census_enrollment,
        cast(
            census.census_enrollment
            + weights.economically_disadvantaged * census.economically_disadvantaged_count
            + weights.english_learner * census.english_learner_count
            + weights.student_with_disability * census.students_with_disability_count
            as decimal(18, 2)
        ) as need_weighted_enrollment
    from census
    cross join weights
    where census.census_enrollment > 0

)

select * from final
