"""Ed-Fi staff, their assignments and their teaching credentials as HR contract rows."""

from __future__ import annotations

from ingestion.importers.crosswalks import IGNORE
from ingestion.importers.edfi_source import Record, date_only
from ingestion.importers.edfi_students import fold_race
from ingestion.importers.output import Row


def _employments(job) -> dict[str, list[Record]]:
    employments: dict[str, list[Record]] = {}
    for employment in job.source.records("StaffEducationOrganizationEmploymentAssociation"):
        employments.setdefault(employment.find("staffreference", "staffuniqueid"), []).append(
            employment
        )
    return employments


def staff(job) -> None:
    employments = _employments(job)

    def rows():
        for person in job.records("Staff", "hr/staff"):
            staff_id = person.find("staffuniqueid")
            row = Row(
                staff_id=staff_id,
                first_name=person.find("firstname"),
                last_name=person.find("lastsurname"),
                birth_date=date_only(person.find("birthdate")),
                prior_experience_years=person.find("yearsofpriorprofessionalexperience"),
            )
            row["sex"] = job.code("xwalk_edfi_sex_descriptor", person.find("sex"), row)
            row["race_ethnicity"] = fold_race(job, [person], row)
            degree = person.find("highestcompletedlevelofeducation")
            row["highest_degree"] = job.code(
                "xwalk_edfi_level_of_education_descriptor", degree, row
            )
            periods = employments.get(staff_id, [])
            hires = sorted(date_only(e.find("hiredate")) for e in periods if e.find("hiredate"))
            row["hire_date"] = hires[0] if hires else ""
            # Separated only when every employment has ended; then the last end and its reason.
            ends = sorted((date_only(e.find("separationdate")), e) for e in periods)
            if periods and all(end for end, _ in ends):
                end, last = ends[-1]
                row["separation_date"] = end
                reason = last.find("separationreason")
                row["separation_reason"] = job.code(
                    "xwalk_edfi_separation_reason_descriptor", reason, row
                )
            yield row

    job.output.write("hr", "staff", rows())


def staff_assignments(job) -> None:
    employment_by_place = {
        (staff_id, e.find("educationorganizationreference", "educationorganizationid")): e
        for staff_id, periods in _employments(job).items()
        for e in periods
    }

    def rows():
        for assignment in job.records(
            "StaffEducationOrganizationAssignmentAssociation", "hr/staff_assignments"
        ):
            row = Row(
                staff_id=assignment.find("staffreference", "staffuniqueid"),
                location_id=assignment.find(
                    "educationorganizationreference", "educationorganizationid"
                ),
                position_code=assignment.find("positiontitle"),
                start_date=date_only(assignment.find("begindate")),
                end_date=date_only(assignment.find("enddate")),
            )
            category = assignment.find("staffclassification")
            row["job_category"] = job.code(
                "xwalk_edfi_staff_classification_descriptor", category, row
            )
            # FTE and wage are the employment's at the same organization unless the assignment says.
            employment = employment_by_place.get((row["staff_id"], row["location_id"]))
            fte = assignment.find("fulltimeequivalency")
            if not fte and employment is not None:
                fte = employment.find("fulltimeequivalency")
            row["fte"] = fte
            row["base_salary"] = employment.find("annualwage") if employment is not None else ""
            yield row

    job.output.write("hr", "staff_assignments", rows())
    for column in ("subject_area", "stipend_amount", "fund_code"):
        job.output.field_not_filled(
            "hr/staff_assignments", column, "Ed-Fi assignments have no such field"
        )


def staff_certifications(job) -> None:
    holders: dict[str, list[str]] = {}
    for person in job.source.records("Staff"):
        for reference in person.groups("credentialreference"):
            holders.setdefault(reference.find("credentialidentifier"), []).append(
                person.find("staffuniqueid")
            )

    def rows():
        for credential in job.records("Credential", "hr/staff_certifications"):
            teaching = credential.find("teachingcredential")
            if not teaching:
                job.output.report.skip(
                    "hr/staff_certifications", "a credential that is not a teaching credential"
                )
                continue
            staff_ids = holders.get(credential.find("credentialidentifier"), [])
            if not staff_ids:
                job.output.report.skip(
                    "hr/staff_certifications", "a credential no Staff references"
                )
            for staff_id in staff_ids:
                row = Row(
                    staff_id=staff_id,
                    issue_date=date_only(credential.find("issuancedate")),
                    expiration_date=date_only(credential.find("expirationdate")),
                )
                field = credential.find("credentialfield")
                row["certification_area"] = job.code(
                    "xwalk_edfi_credential_field_descriptor", field, row
                )
                kind = job.code("xwalk_edfi_teaching_credential_descriptor", teaching, row)
                if kind == IGNORE:
                    job.output.report.skip(
                        "hr/staff_certifications", "the seed marks it as not a certificate"
                    )
                    continue
                row["certification_type"] = kind
                yield row

    job.output.write("hr", "staff_certifications", rows())
