-- What this checks: for each year, test, subject, grade and student group, the school rows of
-- fct_assessment_proficiency add up to the district row in students enrolled, tested, scored
-- and proficient.
-- When it matters: each student counts at one school of record a year, so the schools are
-- parts of the district; the release's suppression protects withheld school cells with that
-- equation.
-- How to fix it: look for students with no school of record, or at two schools, in
-- int_assessment_participants for the failing year.
with

proficiency as (

    select * from {{ ref('fct_assessment_proficiency') }}

),

school_sums as (

    select
        school_year,
        test_name,
        assessment_subject,
        grade_level,
        subgroup_category,
        subgroup,
        sum(students_enrolled) as students_enrolled,
        sum(students_tested) as students_tested,
        sum(students_scored) as students_scored,
        sum(students_proficient) as students_proficient
    from proficiency
    where reporting_level = 'school'
    group by all

),

district_rows as (

    select * from proficiency
    where reporting_level = 'district'

),

final as (

    select
        coalesce(district_rows.school_year, school_sums.school_year) as school_year,
        coalesce(district_rows.test_name, school_sums.test_name) as test_name,
        coalesce(district_rows.grade_level, school_sums.grade_level) as grade_level,
        coalesce(district_rows.subgroup, school_sums.subgroup) as subgroup,
        school_sums.students_enrolled as school_students_enrolled,
        district_rows.students_enrolled as district_students_enrolled
    from district_rows
    full outer join school_sums
        on
            district_rows.school_year = school_sums.school_year
            and district_rows.test_name = school_sums.test_name
            and district_rows.assessment_subject = school_sums.assessment_subject
            and district_rows.grade_level = school_sums.grade_level
            and district_rows.subgroup_category = school_sums.subgroup_category
            and district_rows.subgroup = school_sums.subgroup
    where
        district_rows.students_enrolled is distinct from school_sums.students_enrolled
        or district_rows.students_tested is distinct from school_sums.students_tested
        or district_rows.students_scored is distinct from school_sums.students_scored
        or district_rows.students_proficient is distinct from school_sums.students_proficient

)

select * from final
