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
from openpyxl.cell import WriteOnlyCell
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
    """The sheet laid out as rows of values first, then streamed in write-only mode: openpyxl
    then keeps no cell objects, and building and saving them was most of a packet's time."""
    columns = COLUMNS[name]
    width = len(columns)
    # (values, the row's style) from the header row down; None: the off-list title row
    rows: list[tuple[list, str]] = [([header for _, header in columns], _BOLD_ROW)]
    rows += [
        ([_shown(column, value) for (column, _), value in zip(columns, record, strict=True)], "")
        for record in roster.rows[[column for column, _ in columns]].itertuples(index=False)
    ]
    last_row = HEADER_ROW + len(roster.rows)
    if len(roster.off_list):
        off_columns = list(roster.off_list.columns)
        rows.append(([], ""))
        rows.append(([f"Off the list since {roster.previous.as_of_date}"], _TITLE_ROW))
        # bold across every column of the sheet, as a header row is
        headers = [OFF_LIST_HEADERS[column] for column in off_columns]
        rows.append((headers + [None] * (width - len(headers)), _BOLD_ROW))
        rows += [
            ([_shown(column, value) for column, value in zip(off_columns, record, strict=True)], "")
            for record in roster.off_list.itertuples(index=False)
        ]
    percent = {index for index, (column, _) in enumerate(columns) if column in _PERCENT}
    data_rows = range(1, len(roster.rows) + 1)  # positions in `rows` of the listed students

    book = Workbook(write_only=True)
    sheet = book.create_sheet(TITLES[name][:31])
    # the sheet's size, which a write-only sheet leaves out: readers in read-only mode need it
    size = f"A1:{get_column_letter(width)}{HEADER_ROW - 1 + len(rows)}"
    sheet.calculate_dimension = lambda: size
    wrapped = _fit_widths(sheet, rows, percent, data_rows)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{last_row}"
    sheet.append([_cell(sheet, heading_line(roster), font=Font(bold=True, size=13))])
    status = empty_reason(roster) if len(roster) == 0 else status_line(roster)
    sheet.append([_cell(sheet, status)])
    for position, (values, style) in enumerate(rows):
        sheet.append(
            [
                _cell(
                    sheet,
                    value,
                    font=Font(bold=True) if style else None,
                    number_format="0.0%" if index in percent and position in data_rows else None,
                    wrap=(position, index) in wrapped,
                )
                for index, value in enumerate(values)
            ]
        )
    return book


_BOLD_ROW, _TITLE_ROW = "bold", "title"


def _cell(sheet, value, font=None, number_format=None, wrap=False):
    """A cell of the write-only sheet; a plain value when it needs no style."""
    is_formula_like = isinstance(value, str) and value.startswith("=")
    if font is None and number_format is None and not wrap and not is_formula_like:
        return value
    cell = WriteOnlyCell(sheet, value)
    if is_formula_like:  # text such as "=1+1" is data, never a formula
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


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


def _fit_widths(sheet, rows: list[tuple[list, str]], percent: set[int], data_rows) -> set:
    """Each column as wide as its longest value from the header down, capped; returns the
    (row position, column index) of the capped cells, which wrap. The heading lines and the
    section title run across the columns instead."""
    widths: dict[int, int] = {}
    wrapped = set()
    for position, (values, style) in enumerate(rows):
        if style == _TITLE_ROW:
            continue
        for index, value in enumerate(values):
            if value is None:
                continue
            is_percent = index in percent and position in data_rows
            shown = f"{value:.1%}" if is_percent else str(value)
            widths[index] = max(widths.get(index, 0), len(shown))
            if len(shown) > _MAX_WIDTH:
                wrapped.add((position, index))
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, _MAX_WIDTH)
    return wrapped
