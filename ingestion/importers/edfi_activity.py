"""Ed-Fi attendance, courses, course marks, assessments and discipline as contract rows."""

from __future__ import annotations

from ingestion.importers.crosswalks import IGNORE
from ingestion.importers.edfi_source import code_value, date_only
from ingestion.importers.output import Row


def attendance(job) -> None:
    def rows():
        for event in job.records("StudentSchoolAttendanceEvent", "sis/attendance"):
            row = Row(
                student_id=event.find("studentreference", "studentuniqueid"),
                school_id=event.find("schoolreference", "schoolid"),
                date=date_only(event.find("eventdate")),
            )
            category = event.find("attendanceeventcategory")
            code = job.code("xwalk_edfi_attendance_event_category_descriptor", category, row)
            if code == IGNORE:
                job.output.report.skip("sis/attendance", "the seed marks the category as present")
                continue
            row["attendance_code"] = code
            # The contract defines a tardy as 0 of the day missed; other events need their duration.
            duration = "0" if code == "tardy" else event.find("eventduration")
            if not duration:
                row.problem("an absence without EventDuration")
            row["day_fraction_absent"] = duration
            yield row

    job.output.write("sis", "attendance", rows())


def courses(job) -> None:
    levels = set(job.output.contract.code_sets["course_level"])
    seen: set[str] = set()

    def rows():
        for course in job.records("Course", "sis/courses"):
            row = Row(
                course_code=course.find("coursecode"), course_title=course.find("coursetitle")
            )
            if row["course_code"] in seen:
                job.output.report.skip(
                    "sis/courses", "a course code another organization also defines"
                )
                continue
            seen.add(row["course_code"])
            subject = course.find("academicsubject")
            row["subject_area"] = job.code("xwalk_edfi_academic_subject_descriptor", subject, row)
            seed = "xwalk_edfi_course_level_characteristic_descriptor"
            characteristics = {
                job.code(seed, uri, row) for uri in course.all("courselevelcharacteristic")
            }
            found = characteristics & levels
            if len(found) > 1:
                row.problem(f"course level characteristics disagree: {sorted(found)}")
            # A course with no level characteristic is a general course.
            row["course_level"] = found.pop() if len(found) == 1 else ("" if found else "general")
            row["is_core"] = "Y" if "core" in characteristics else "N"
            row["credit_value"] = course.find("maximumavailablecredit", "credit")
            yield row

    job.output.write("sis", "courses", rows())
    job.output.field_not_filled(
        "sis/courses", "college_credit_hours", "Ed-Fi Course has no such field"
    )


def course_marks(job) -> None:
    offerings = {
        (o.find("schoolreference", "schoolid"), o.find("localcoursecode")): o.find(
            "coursereference", "coursecode"
        )
        for o in job.source.records("CourseOffering")
    }
    session_terms = {
        (s.find("schoolreference", "schoolid"), s.find("sessionname")): s.find("term")
        for s in job.source.records("Session")
    }
    transcripts = {}
    for transcript in job.source.records("CourseTranscript"):
        key = (
            transcript.find("studentacademicrecordreference", "studentuniqueid"),
            transcript.find("coursereference", "coursecode"),
        )
        transcripts.setdefault(
            key,
            (
                transcript.find("attemptedcredit", "credit"),
                transcript.find("earnedcredit", "credit"),
            ),
        )
    teachers = {}
    for association in job.source.records("StaffSectionAssociation"):
        section = (
            association.find("sectionreference", "schoolid"),
            association.find("sectionidentifier"),
        )
        teachers.setdefault(section, association.find("staffreference", "staffuniqueid"))

    def rows():
        for grade in job.records("Grade", "sis/course_marks"):
            row = Row(
                student_id=grade.find("studentuniqueid"),
                school_id=grade.find("schoolid"),
                section_id=grade.find("sectionidentifier"),
                mark=grade.find("lettergradeearned"),
            )
            is_final = job.code("xwalk_edfi_grade_type_descriptor", grade.find("gradetype"), row)
            if is_final == IGNORE:
                job.output.report.skip(
                    "sis/course_marks", "the seed marks the grade type as not a term mark"
                )
                continue
            row["is_final"] = is_final
            period = grade.find("gradingperiodreference", "gradingperiod")
            if period:
                row["term"] = job.code("xwalk_edfi_grading_period_descriptor", period, row)
            else:
                term = session_terms.get((row["school_id"], grade.find("sessionname")), "")
                row["term"] = job.code("xwalk_edfi_term_descriptor", term, row)
            course_code = offerings.get((row["school_id"], grade.find("localcoursecode")))
            if course_code is None:
                row.problem("no CourseOffering for the section's local course code")
            row["course_code"] = course_code or ""
            credits = transcripts.get((row["student_id"], row["course_code"]))
            if credits is None:
                row.problem("no CourseTranscript gives the credits of this course")
            else:
                # Credits are earned when the mark is posted; an in-progress mark has earned none.
                row["credits_attempted"] = credits[0]
                row["credits_earned"] = credits[1] if is_final == "Y" else "0"
            row["teacher_staff_id"] = teachers.get((row["school_id"], row["section_id"]), "")
            yield row

    job.output.write("sis", "course_marks", rows())


def assessments(job) -> None:
    metadata = {
        (a.find("assessmentidentifier"), a.find("namespace")): (
            a.find("assessmenttitle"),
            a.all("academicsubject"),
        )
        for a in job.source.records("Assessment")
    }

    def rows():
        for result in job.records("StudentAssessment", "sis/assessments"):
            identifier = result.find("assessmentreference", "assessmentidentifier")
            title, subjects = metadata.get(
                (identifier, result.find("assessmentreference", "namespace")), ("", [])
            )
            row = Row(
                student_id=result.find("studentreference", "studentuniqueid"),
                test_name=title or identifier,
                test_date=date_only(result.find("administrationdate")),
            )
            seed = "xwalk_edfi_academic_subject_descriptor_to_assessment_subject"
            mapped = {job.code(seed, uri, row) for uri in subjects} - {""}
            if mapped == {IGNORE}:
                job.output.report.skip(
                    "sis/assessments", "the seed marks the subject as not assessed here"
                )
                continue
            mapped.discard(IGNORE)
            if len(mapped) != 1:
                row.problem("the Assessment has no single mapped academic subject")
            row["subject"] = mapped.pop() if len(mapped) == 1 else ""
            grade = result.find("whenassessedgradelevel")
            row["grade_level"] = job.code("xwalk_edfi_grade_level_descriptor", grade, row)
            if row["grade_level"] == IGNORE:
                job.output.report.skip(
                    "sis/assessments", "the seed marks the grade as outside PK-12"
                )
                continue
            for score in result.groups("scoreresult"):
                method_seed = "xwalk_edfi_assessment_reporting_method_descriptor"
                if (
                    job.code(method_seed, score.find("assessmentreportingmethod"), row)
                    == "scale_score"
                ):
                    row["scale_score"] = score.find("result")
            for level in result.groups("performancelevel"):
                level_seed = "xwalk_edfi_performance_level_descriptor"
                code = job.code(level_seed, level.find("performancelevel"), row)
                if code and code != IGNORE:
                    row["performance_level"] = code
            yield row

    job.output.write("sis", "assessments", rows())
    job.output.field_not_filled(
        "sis/assessments", "is_proficient", "Ed-Fi states performance levels, not proficiency"
    )


def discipline(job) -> None:
    incidents = {
        (i.find("incidentidentifier"), i.find("schoolreference", "schoolid")): date_only(
            i.find("incidentdate")
        )
        for i in job.source.records("DisciplineIncident")
    }

    def rows():
        for action in job.records("DisciplineAction", "sis/discipline"):
            row = Row(
                student_id=action.find("studentreference", "studentuniqueid"),
                school_id=action.find("responsibilityschoolreference", "schoolid"),
                incident_id=action.find("incidentidentifier"),
                # The behavior's code is the district's offense category as written, not a code set.
                offense_category=code_value(action.find("behavior")),
                days_removed=action.find("actualdisciplineactionlength")
                or action.find("disciplineactionlength"),
            )
            incident_school = (
                action.find("disciplineincidentreference", "schoolid") or row["school_id"]
            )
            row["incident_date"] = incidents.get((row["incident_id"], incident_school), "")
            code = job.code("xwalk_edfi_discipline_descriptor", action.find("discipline"), row)
            if code == IGNORE:
                job.output.report.skip("sis/discipline", "the seed marks the action as no action")
                continue
            row["action"] = code
            yield row

    job.output.write("sis", "discipline", rows())
