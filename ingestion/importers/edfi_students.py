"""Ed-Fi schools, students, enrollments and calendar as contract rows.

Each function takes an `EdFiImport` (the source, the crosswalks, the output) and writes one
extract. Descriptors go through the `xwalk_edfi_*` seeds only.
"""

from __future__ import annotations

from ingestion.importers.crosswalks import IGNORE
from ingestion.importers.edfi_source import Record, date_only, spring_year
from ingestion.importers.output import Row

YES_NO = {True: "Y", False: "N"}
RACE_SEED = "xwalk_edfi_race_descriptor"


def fold_race(job, record_list: list[Record], row: Row) -> str:
    """One race/ethnicity code from Ed-Fi's Hispanic/Latino indicator and race list.

    The federal rule: Hispanic/Latino first, whatever the races; else two or more distinct races
    give `two_or_more`; else the one race. "" when the source states neither.
    """
    if any(r.find("hispaniclatinoethnicity").casefold() in ("true", "1") for r in record_list):
        return "hispanic"
    races = {job.code(RACE_SEED, uri, row) for r in record_list for uri in r.all("race")}
    races.discard("")
    races.discard(IGNORE)
    if len(races) > 1:
        return "two_or_more"
    return races.pop() if races else ""


def schools(job) -> None:
    grade_order = job.output.contract.code_sets["grade_level"]

    def rows():
        for school in job.records("School", "sis/schools"):
            row = Row(
                school_id=school.find("schoolid"), school_name=school.find("nameofinstitution")
            )
            grades = {
                job.code("xwalk_edfi_grade_level_descriptor", g, row)
                for g in school.all("gradelevel")
            }
            grades = sorted((g for g in grades if g in grade_order), key=grade_order.index)
            row["grade_low"], row["grade_high"] = (grades[0], grades[-1]) if grades else ("", "")
            row["school_level"] = job.code(
                "xwalk_edfi_school_category_descriptor", school.find("schoolcategory"), row
            )
            row["is_charter"] = job.code(
                "xwalk_edfi_charter_status_descriptor", school.find("charterstatu"), row
            )
            row["status"] = job.code(
                "xwalk_edfi_operational_status_descriptor", school.find("operationalstatu"), row
            )
            yield row

    job.output.write("sis", "schools", rows())
    for column in ("network", "principal_name", "principal_email"):
        job.output.field_not_filled("sis/schools", column, "Ed-Fi School has no such field")


def students(job) -> None:
    # DS 5 keeps sex, race and program characteristics on StudentEducationOrganizationAssociation.
    associations: dict[str, list[Record]] = {}
    for association in job.source.records("StudentEducationOrganizationAssociation"):
        student_id = association.find("studentreference", "studentuniqueid")
        associations.setdefault(student_id, []).append(association)
    if not associations:
        for column in (
            "sex",
            "race_ethnicity",
            "economically_disadvantaged",
            "english_learner",
            "students_with_disabilities",
            "homeless",
            "foster_care",
        ):
            job.output.field_not_filled(
                "sis/students", column, "no StudentEducationOrganizationAssociation in the source"
            )

    def rows():
        for student in job.records("Student", "sis/students"):
            student_id = student.find("studentuniqueid")
            row = Row(
                student_id=student_id,
                first_name=student.find("firstname"),
                last_name=student.find("lastsurname"),
                birth_date=date_only(student.find("birthdate")),
            )
            demographics = [student, *associations.get(student_id, [])]
            sex = next((r.find("sex") for r in demographics if r.find("sex")), "")
            row["sex"] = job.code("xwalk_edfi_sex_descriptor", sex, row)
            row["race_ethnicity"] = fold_race(job, demographics, row)
            if student_id in associations:
                _set_flags(job, associations[student_id], row)
            yield row

    job.output.write("sis", "students", rows())
    job.output.field_not_filled(
        "sis/students", "state_student_id", "Ed-Fi's identification systems differ by state"
    )


def _set_flags(job, associations: list[Record], row: Row) -> None:
    flags = {
        job.code("xwalk_edfi_student_characteristic_descriptor", uri, row)
        for association in associations
        for uri in association.all("studentcharacteristic")
    }
    english = {
        job.code(
            "xwalk_edfi_limited_english_proficiency_descriptor",
            a.find("limitedenglishproficiency"),
            row,
        )
        for a in associations
    }
    for flag in ("economically_disadvantaged", "homeless", "foster_care"):
        row[flag] = YES_NO[flag in flags]
    row["english_learner"] = YES_NO["english_learner" in flags or "Y" in english]
    # Any disability listed on the association means served for it.
    disability = any(a.all("disability") for a in associations)
    row["students_with_disabilities"] = YES_NO["students_with_disabilities" in flags or disability]


def enrollments(job) -> None:
    def rows():
        for association in job.records("StudentSchoolAssociation", "sis/enrollments"):
            row = Row(
                student_id=association.find("studentreference", "studentuniqueid"),
                school_id=association.find("schoolreference", "schoolid"),
                entry_date=date_only(association.find("entrydate")),
                exit_date=date_only(association.find("exitwithdrawdate")),
            )
            grade = association.find("entrygradelevel")
            row["grade_level"] = job.code("xwalk_edfi_grade_level_descriptor", grade, row)
            if row["grade_level"] == IGNORE:
                job.output.report.skip(
                    "sis/enrollments", "the seed marks the grade as outside PK-12"
                )
                continue
            exit_type = association.find("exitwithdrawtype")
            row["exit_code"] = job.code("xwalk_edfi_exit_withdraw_type_descriptor", exit_type, row)
            class_of = spring_year(
                association.find("classofschoolyear")  # XML
                or association.find("classofschoolyeartypereference", "schoolyear")  # API
            )
            row["class_of"] = str(class_of) if class_of else ""
            yield row

    job.output.write("sis", "enrollments", rows())


def calendar(job) -> None:
    # A school can have several calendars (one per track); a date is instructional if any says so.
    instructional: dict[tuple[str, str], bool] = {}
    quarantined: list[Row] = []
    for calendar_date in job.records("CalendarDate", "sis/calendar"):
        school_id = calendar_date.find("calendarreference", "schoolid")
        row = Row(school_id=school_id, date=date_only(calendar_date.find("date")))
        seed = "xwalk_edfi_calendar_event_descriptor"
        events = {job.code(seed, uri, row) for uri in calendar_date.all("calendarevent")}
        if row.problems:
            quarantined.append(row)
            continue
        key = (row["school_id"], row["date"])
        instructional[key] = instructional.get(key, False) or "Y" in events

    def rows():
        yield from quarantined
        for (school_id, date), is_instructional in sorted(instructional.items()):
            yield Row(school_id=school_id, date=date, is_instructional_day=YES_NO[is_instructional])

    job.output.write("sis", "calendar", rows())
