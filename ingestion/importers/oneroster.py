"""`import_oneroster`: a OneRoster CSV bundle into the contract's schools, students and enrollments.

OneRoster rosters classes; it has no attendance, marks, course credits, staff HR, finance or
program flags, and the report says so. Codes (sex, grades, the level a grade belongs to) go
through the `xwalk_oneroster_*` seeds.

Rules, documented in docs/importing.md:
- race: Hispanic/Latino first; else two or more race booleans (or `demographicRaceTwoOrMoreRaces`)
  give `two_or_more`; else the one race that is true.
- enrollment spell: one per student and school, from the earliest class enrollment begin date to
  the latest end date (a class enrollment without dates takes its class's terms' dates). A spell
  that ends before the bundle's last session day has that exit date and exit code `unknown`;
  one that runs to it is still open.
- a school's grades are those of its students' enrollments; its level is the one level those
  grades share in the seed, else `combined`.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.importers.crosswalks import Crosswalks
from ingestion.importers.oneroster_source import OneRosterBundle, OneRosterRow
from ingestion.importers.output import ContractOutput, ImportReport, Row

RACE_COLUMNS = {
    "americanindianoralaskanative": "american_indian",
    "asian": "asian",
    "blackorafricanamerican": "black",
    "nativehawaiianorotherpacificislander": "pacific_islander",
    "white": "white",
}
FLAGS = ("economically_disadvantaged", "english_learner", "students_with_disabilities", "homeless")
NOT_IN_ONEROSTER = {
    "sis/calendar": "OneRoster sessions give term dates, not instructional days",
    "sis/attendance": "OneRoster has no attendance",
    "sis/courses": "OneRoster courses have no credit value or course level",
    "sis/course_marks": "OneRoster gradebook results are not course marks",
    "sis/assessments": "OneRoster has no assessment results",
    "sis/discipline": "OneRoster has no discipline",
    "hr/*": "OneRoster users have no hire dates, assignments or certificates",
    "finance/*": "OneRoster has no finance data",
}


def fold_race(row: OneRosterRow) -> str:
    if row.flag("hispanicOrLatinoEthnicity"):
        return "hispanic"
    races = [code for column, code in RACE_COLUMNS.items() if row.flag(column)]
    if len(races) > 1 or row.flag("demographicRaceTwoOrMoreRaces"):
        return "two_or_more"
    return races[0] if races else ""


class OneRosterImport:
    def __init__(self, bundle: OneRosterBundle, output: ContractOutput, crosswalks: Crosswalks):
        self.bundle, self.output, self.crosswalks = bundle, output, crosswalks
        self.school_year = output.report.school_year
        self.students = {row.value("sourcedId"): row for row in self._students()}
        self.classes = {row.value("sourcedId"): row for row in bundle.rows("classes")}
        self.sessions = {row.value("sourcedId"): row for row in bundle.rows("academicSessions")}
        self.school_grades: dict[str, set[str]] = {}  # filled while enrollments are written

    def _students(self):
        roles = {
            r.value("userSourcedId")
            for r in self.bundle.rows("roles")
            if r.value("role") == "student"
        }
        for user in self.bundle.rows("users"):
            if user.value("role").casefold() == "student" or user.value("sourcedId") in roles:
                yield user

    def grade(self, value: str, row: Row) -> str:
        return self.crosswalks.lookup("xwalk_oneroster_grade", value, row)

    def spells(self) -> dict[tuple[str, str], list[str]]:
        """(student, school) -> [earliest begin, latest end] of the student's class enrollments."""
        spells: dict[tuple[str, str], list[str]] = {}
        for enrollment in self.bundle.rows("enrollments"):
            student_id = enrollment.value("userSourcedId")
            if enrollment.value("role").casefold() != "student" or student_id not in self.students:
                continue
            klass = self.classes.get(enrollment.value("classSourcedId"))
            school_id = enrollment.value("schoolSourcedId") or (
                klass.value("schoolSourcedId") if klass else ""
            )
            begin, end = enrollment.date("beginDate"), enrollment.date("endDate")
            if klass is not None and not (begin and end):
                terms = [
                    self.sessions[t] for t in klass.list("termSourcedIds") if t in self.sessions
                ]
                begin = begin or min((t.date("startDate") for t in terms), default="")
                end = end or max((t.date("endDate") for t in terms), default="")
            spell = spells.setdefault((student_id, school_id), [begin, end])
            spell[0] = min(filter(None, (spell[0], begin)), default="")
            spell[1] = max(filter(None, (spell[1], end)), default="")
        return spells


def import_oneroster(
    source_dir: Path, out_dir: Path, school_year: int, seeds_dir: Path | None = None
) -> ImportReport:
    """Write the schools, students and enrollments a OneRoster bundle holds; report the rest."""
    bundle = OneRosterBundle(source_dir)
    output = ContractOutput(out_dir, "oneroster", school_year)
    job = OneRosterImport(bundle, output, Crosswalks(seeds_dir, output.report.record_unmapped))
    for name in ("orgs", "users", "enrollments", "classes", "academicSessions", "demographics"):
        if bundle.mode(name) == "delta":
            output.not_filled(
                f"oneroster {name}.csv", "a delta file is not a full snapshot; not read"
            )
    spells = job.spells()
    output.write("sis", "enrollments", _enrollment_rows(job, spells))
    output.write("sis", "schools", _school_rows(job, spells))
    output.write("sis", "students", _student_rows(job))
    output.field_not_filled("sis/students", "state_student_id", "OneRoster has no state identifier")
    for flag in (*FLAGS, "foster_care"):
        output.field_not_filled("sis/students", flag, "OneRoster has no program flags; written N")
    output.field_not_filled("sis/schools", "is_charter", "OneRoster has no charter flag; written N")
    for column in ("network", "principal_name", "principal_email"):
        output.field_not_filled("sis/schools", column, "OneRoster orgs have no such field")
    for extract, why in NOT_IN_ONEROSTER.items():
        output.not_filled(extract, why)
    return output.report


def _enrollment_rows(job: OneRosterImport, spells):
    year_end = max(
        (s.date("endDate") for s in job.sessions.values() if s.date("endDate")),
        default=max((end for _, end in spells.values() if end), default=""),
    )
    grade_order = job.output.contract.code_sets["grade_level"]
    for (student_id, school_id), (begin, end) in sorted(spells.items()):
        row = Row(student_id=student_id, school_id=school_id, entry_date=begin)
        if not begin:
            row.problem("no begin date on the student's class enrollments or their terms")
        grades = job.students[student_id].list("grades")
        row["grade_level"] = job.grade(grades[0], row) if grades else ""
        if row["grade_level"] in grade_order[2:]:  # 01..12: expected to graduate after grade 12
            row["class_of"] = str(job.school_year + 12 - int(row["grade_level"]))
        if end and end < year_end:
            row["exit_date"], row["exit_code"] = end, "unknown"
        job.school_grades.setdefault(school_id, set()).add(row["grade_level"])
        yield row


def _school_rows(job: OneRosterImport, spells):
    grade_order = job.output.contract.code_sets["grade_level"]
    for org in job.bundle.rows("orgs"):
        if org.value("type").casefold() != "school":
            continue
        row = Row(school_id=org.value("sourcedId"), school_name=org.value("name"))
        grades = sorted(
            job.school_grades.get(row["school_id"], set()) & set(grade_order), key=grade_order.index
        )
        if grades:
            row["grade_low"], row["grade_high"] = grades[0], grades[-1]
        levels = {
            job.crosswalks.lookup("xwalk_oneroster_grade_level_school_level", g, row)
            for g in grades
        }
        row["school_level"] = levels.pop() if len(levels) == 1 else ("combined" if levels else "")
        row.update(is_charter="N", status="open")
        yield row


def _student_rows(job: OneRosterImport):
    demographics = {}
    for row in job.bundle.rows("demographics"):
        demographics[row.value("userSourcedId") or row.value("sourcedId")] = row
    for student_id, user in job.students.items():
        row = Row(
            student_id=student_id,
            first_name=user.value("givenName"),
            last_name=user.value("familyName"),
        )
        person = demographics.get(student_id)
        if person is not None:
            row["birth_date"] = person.date("birthDate")
            row["sex"] = job.crosswalks.lookup("xwalk_oneroster_sex", person.value("sex"), row)
            row["race_ethnicity"] = fold_race(person)
        row.update({flag: "N" for flag in (*FLAGS, "foster_care")})
        yield row
