"""The words at the top of a roster: what the list is and who may see it, how it is ranked and
what changed, or why nobody is on it. The numbers in them (grades, days, thresholds) come from
`restricted.rpt_principal_roster_schools`, which takes them from the dbt vars: none is repeated
here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from release.roster_change import NEW, STILL_ON_LIST

if TYPE_CHECKING:
    from release.rosters import SchoolRoster

TITLES = {
    "students_off_track": "Students off track to graduate or at high early-warning risk",
    "chronic_absence": "Students chronically absent at the school this year",
}
WHO_MAY_SEE = (
    "Confidential student records (FERPA): for the school's staff who work with these students; "
    "do not forward or print for anyone else."
)
RANKING = "Ranked by early-warning tier (high risk first), then number of reasons, then name."


def heading_line(roster: SchoolRoster) -> str:
    """Line 1: `<what the list is>: <school>, as of <date>. <who may see it>`."""
    heading = roster.heading
    as_of = f", as of {heading.as_of_date}" if heading.as_of_date else ""
    return f"{TITLES[roster.name]}: {heading.school_name}{as_of}. {WHO_MAY_SEE}"


def status_line(roster: SchoolRoster) -> str:
    """Line 2 of a list with students: the ranking, and the change since the last release."""
    changes = roster.rows["change_since_last_release"]
    if roster.previous is None:
        change = (
            f"No earlier release of the {roster.school_year - 1}-{roster.school_year % 100:02d} "
            "school year to compare with: every student is marked new."
        )
    else:
        change = (
            f"Since the release as of {roster.previous.as_of_date}: "
            f"{(changes == NEW).sum()} new, {(changes == STILL_ON_LIST).sum()} still on the "
            f"list, {len(roster.off_list)} off the list"
            + (" (listed below)." if len(roster.off_list) else ".")
        )
    return f"{len(roster)} students. {RANKING} {change}"


def empty_reason(roster: SchoolRoster) -> str:
    """Line 2 of an empty list: why nobody is on it."""
    h = roster.heading
    if h.students_enrolled == 0:
        return "No student is enrolled at the school on the as-of date."
    if roster.name == "chronic_absence":
        if h.students_judged_for_chronic_absence == 0:
            return (
                f"No student has been enrolled here the {h.chronic_absence_min_days_enrolled} "
                "days that chronic absence is judged on yet."
            )
        return (
            f"No student is chronically absent: none has missed {h.chronic_absence_threshold:.0%} "
            "or more of the days enrolled here."
        )
    if h.students_with_early_warning == 0:
        return (
            f"No student in grades {h.early_warning_lowest_grade}-12: early warning applies from "
            f"grade {h.early_warning_lowest_grade}, the off-track indicator from grade 9."
        )
    if h.students_judged_for_on_track == 0:
        return (
            "No student is at high early-warning risk. The off-track indicator applies from "
            "grade 9, and the school has no student in grades 9-12."
        )
    return "No student is off track to graduate or at high early-warning risk."
