"""`import_edfi`: an Ed-Fi folder (bulk XML or API JSON lines) into contract landing files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingestion.importers import edfi_activity, edfi_staff, edfi_students
from ingestion.importers.crosswalks import Crosswalks
from ingestion.importers.edfi_source import EdFiSource, Record, spring_year
from ingestion.importers.output import ContractOutput, ImportReport, Row

# The contract extracts Ed-Fi fills, in the order they are written.
EXTRACT_BUILDERS = (
    edfi_students.schools,
    edfi_students.students,
    edfi_students.enrollments,
    edfi_students.calendar,
    edfi_activity.attendance,
    edfi_activity.courses,
    edfi_activity.course_marks,
    edfi_activity.assessments,
    edfi_activity.discipline,
    edfi_staff.staff,
    edfi_staff.staff_assignments,
    edfi_staff.staff_certifications,
)
NOT_IN_EDFI = {
    "hr/staff_evaluations": "Ed-Fi has no summative staff evaluation resource in the core model",
    "hr/professional_learning": "Ed-Fi has no professional-learning resource in the core model",
    "finance/chart_of_accounts": "Ed-Fi finance dimensions are not mapped to the contract yet",
    "finance/gl_actuals": "Ed-Fi finance dimensions are not mapped to the contract yet",
    "finance/budget": "Ed-Fi finance dimensions are not mapped to the contract yet",
}


class EdFiImport:
    """What every extract builder needs: the source, the seeds, the output and the year."""

    def __init__(self, source: EdFiSource, output: ContractOutput, crosswalks: Crosswalks):
        self.source = source
        self.output = output
        self.crosswalks = crosswalks
        self.school_year = output.report.school_year

    def code(self, seed: str, value: str, row: Row) -> str:
        return self.crosswalks.lookup(seed, value, row)

    def records(self, resource: str, extract: str) -> Iterator[Record]:
        """The year's `resource` records; reports the extract as not filled when there are none."""
        count = 0
        for record in self.source.records(resource):
            year = spring_year(_school_year(record))
            if year is not None and year != self.school_year:
                self.output.report.skip(extract, f"a {resource} of another school year")
                continue
            count += 1
            yield record
        if count == 0:
            self.output.not_filled(extract, f"no {resource} for {self.school_year} in the source")


# Where a record states its own school year (never `ClassOfSchoolYear`, a graduation year).
_YEAR_HOLDERS = (
    "sessionreference",
    "calendarreference",
    "studentsectionassociationreference",
    "studentacademicrecordreference",
)


def _school_year(record: Record) -> str:
    own = record.child("schoolyear")
    return own or next(filter(None, (record.find(h, "schoolyear") for h in _YEAR_HOLDERS)), "")


def import_edfi(
    source_dir: Path, out_dir: Path, school_year: int, seeds_dir: Path | None = None
) -> ImportReport:
    """Write every contract extract the Ed-Fi source can fill; return what was and was not done."""
    source = EdFiSource(source_dir)
    output = ContractOutput(out_dir, "edfi", school_year)
    job = EdFiImport(source, output, Crosswalks(seeds_dir, output.report.record_unmapped))
    for build in EXTRACT_BUILDERS:
        build(job)
    for extract, why in NOT_IN_EDFI.items():
        output.not_filled(extract, why)
    return output.report
