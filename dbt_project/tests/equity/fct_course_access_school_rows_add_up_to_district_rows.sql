-- What this checks: for each year and student group, the school rows of fct_course_access add
-- up to the district row in students, AP, IB, dual enrollment and advanced-course students.
-- When it matters: each grade 9-12 student counts at one school of record, so the schools are
-- parts of the district; the release's suppression protects withheld school cells with that
-- equation, and BI tools read the district row instead of summing schools.
-- How to fix it: look for students with no school of record, or at two schools, in
-- int_school_subgroup_advanced_courses_counted for the failing year.
with

course_access as (

    select * from {{ ref('fct_course_access') }}

),

school_sums as (

    select
        school_year,
        subgroup_category,
        subgroup,
        sum(students) as students,
        sum(ap_students) as ap_students,
        sum(ib_students) as ib_students,
        sum(dual_enrollment_students) as dual_enrollment_students,
        sum(advanced_course_students) as advanced_course_students
    from course_access
    where reporting_level = 'school'
    group by all

),

district_rows as (

    select * from course_access
    where reporting_level = 'district'

),

final as (

    select
        coalesce(district_rows.school_year, school_sums.school_year) as school_year,
        coalesce(district_rows.subgroup, school_sums.subgroup) as subgroup,
        school_sums.students as school_students,
        district_rows.students as district_students
    from district_rows
    full outer join school_sums
        on
            district_rows.school_year = school_sums.school_year
            and district_rows.subgroup_category = school_sums.subgroup_category
            and district_rows.subgroup = school_sums.subgroup
    where
        district_rows.students is distinct from school_sums.students
        or district_rows.ap_students is distinct from school_sums.ap_students
        or district_rows.ib_students is distinct from school_sums.ib_students
        or district_rows.dual_enrollment_students
        is distinct from school_sums.dual_enrollment_students
        or district_rows.advanced_course_students
        is distinct from school_sums.advanced_course_students

)

select * from final
