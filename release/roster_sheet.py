"""A roster as files: `<name>.csv` for other tools, `<name>.xlsx` for the people who act on it.

The spreadsheet, top to bottom:
1. what the list is, whose it is, as of when, and who may see it;
2. how it is ranked and what changed since the previous release, or, if nobody is on it, why;
3. the header (frozen with the lines above, with a filter), then one row per student in rank
   order, with readable headers and values instead of the model's codes;
4. "Off the list since <date>": the previous release's students no longer on the list.
Column widths fit the longest value, up to a cap (long course lists wrap instead).

The CSV holds the same students and columns in the same order under the model's column names
(stable for other tools), with the reason codes as well as the labels, and without the headings
or the off-the-list section (those students are in the previous release's CSV).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from release.roster_change import NEW, STILL_ON_LIST
from release.roster_text import TITLES, empty_reason, heading_line, status_line

if TYPE_CHECKING:
    from release.rosters import SchoolRoster

# (model column, header), in the order both files show them; columns of the model left out
# here are not published (reason_keys goes to the CSV only, see CSV_ONLY)
_COMMON_FIRST = [
    ("roster_rank", "Rank"),
    ("change_since_last_release", "Since the last release"),
    ("last_name", "Last name"),
    ("first_name", "First name"),
    ("grade_level", "Grade"),
    ("early_warning_tier", "Early-warning tier"),
    ("reasons", "Reasons"),
    ("reason_count", "Number of reasons"),
]
_COMMON_LAST = [
    ("core_semester_fs", "Core semester F's"),
    ("current_courses_and_marks", "Courses and marks this year"),
    ("is_off_track", "Off track to graduate"),
    ("counselor_or_advisor", "Counselor or advisor"),
    ("student_id", "Student ID"),
    ("state_student_id", "State ID"),
]
COLUMNS = {
    "students_off_track": _COMMON_FIRST
    + [
        ("total_credits_short", "Credits short: total"),
        ("english_credits_short", "Credits short: English"),
        ("math_credits_short", "Credits short: math"),
        ("science_credits_short", "Credits short: science"),
        ("social_studies_credits_short", "Credits short: social studies"),
        ("attendance_rate", "Attendance rate (district, this year)"),
    ]
    + _COMMON_LAST,
    "chronic_absence": _COMMON_FIRST
    + [
        ("attendance_rate", "Attendance rate here"),
        ("days_absent", "Days absent here"),
        ("days_enrolled", "Days enrolled here"),
    ]
    + _COMMON_LAST,
}
CSV_ONLY = ["reason_keys"]
OFF_LIST_HEADERS = {
    "roster_rank": "Rank then",
    "last_name": "Last name",
    "first_name": "First name",
    "grade_level": "Grade then",
    "student_id": "Student ID",
}
_CHANGE_TEXT = {NEW: "New", STILL_ON_LIST: "Still on the list"}
_PERCENT = {"attendance_rate"}
_MAX_WIDTH = 60  # characters; a longer value wraps
HEADER_ROW = 3


def write_roster_files(roster: SchoolRoster, folder: Path, name: str) -> list[Path]:
    csv_path, xlsx_path = folder / f"{name}.csv", folder / f"{name}.xlsx"
    columns = [column for column, _ in COLUMNS[name]] + CSV_ONLY
    roster.rows[columns].to_csv(csv_path, index=False, encoding="utf-8")
    _workbook(roster, name).save(xlsx_path)
    return [csv_path, xlsx_path]


def _workbook(roster: SchoolRoster, name: str) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = TITLES[name][:31]
    sheet.append([heading_line(roster)])
    sheet.append([empty_reason(roster) if len(roster) == 0 else status_line(roster)])
    sheet["A1"].font = Font(bold=True, size=13)
    columns = COLUMNS[name]
    sheet.append([header for _, header in columns])
    for record in roster.rows[[column for column, _ in columns]].itertuples(index=False):
        sheet.append(
            [_shown(column, value) for (column, _), value in zip(columns, record, strict=True)]
        )
    last_row = sheet.max_row
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    for index, (column, _) in enumerate(columns, start=1):
        if column in _PERCENT:
            for (cell,) in sheet.iter_rows(HEADER_ROW + 1, last_row, index, index):
                cell.number_format = "0.0%"
    section_title = _append_off_list(sheet, roster) if len(roster.off_list) else None
    _text_stays_text(sheet)
    _fit_widths(sheet, first_row=HEADER_ROW, skip_row=section_title)
    return book


def _append_off_list(sheet, roster: SchoolRoster) -> int:
    """The previous list's students no longer on it; returns the section title's row."""
    sheet.append([])
    sheet.append([f"Off the list since {roster.previous.as_of_date}"])
    title_row = sheet.max_row
    sheet.cell(title_row, 1).font = Font(bold=True)
    columns = list(roster.off_list.columns)
    sheet.append([OFF_LIST_HEADERS[column] for column in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for record in roster.off_list.itertuples(index=False):
        sheet.append([_shown(column, value) for column, value in zip(columns, record, strict=True)])
    return title_row


def _shown(column: str, value):
    """A value as a person reads it: labels for codes, Yes/No, numbers as numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column == "change_since_last_release":
        return _CHANGE_TEXT[value]
    if column == "early_warning_tier":
        return value.replace("_", " ").capitalize()
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "Yes" if value else "No"
    if column == "roster_rank" and isinstance(value, str):  # read back from a CSV
        return int(value) if value.isdigit() else value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _text_stays_text(sheet) -> None:
    """Text such as "=1+1" is data, never a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _fit_widths(sheet, first_row: int, skip_row: int | None) -> None:
    """Each column as wide as its longest value from the header down, capped; capped cells
    wrap. The heading lines and the section title run across the columns instead."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if cell.row == skip_row:
                continue
            if cell.value is not None:
                shown = f"{cell.value:.1%}" if cell.number_format == "0.0%" else str(cell.value)
                widths[cell.column] = max(widths.get(cell.column, 0), len(shown))
                if len(shown) > _MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
