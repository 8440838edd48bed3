"""GIVEN the tiny district with one planted defect of each severity
WHEN the gate validates it
THEN critical blocks the release, school withholds only that school and says why, warning
publishes and reports; the report is readable HTML and carries no student-level value."""

import json
import re
from dataclasses import replace

import pandas as pd

from expectations.report import REPORT_JSON, write_report
from expectations.runner import ExpectationResult, validate_release
from expectations.snapshot import read_snapshot, school_metrics, write_snapshot

STUDENT_ID = re.compile(r"\bS[0-9]\b")
ROSTER = "fct_early_warning_roster_students_are_enrolled_in_that_school_on_the_as_of_date"


def _planted(tables):
    """A critical, a school and a warning defect at once."""
    years = tables.dim_school_year.copy()
    years.loc[years["school_year"] == 2026, "as_of_date"] = pd.Timestamp("2026-01-01")  # stale
    warning = tables.fct_early_warning.copy()
    warning.loc[warning["student_id"] == "S6", "school_id"] = "101"  # S6 is enrolled at 102
    students = tables.dim_student.copy()
    students.loc[students["student_id"] == "S5", "race_ethnicity"] = "planted_code"
    attendance = tables.fct_student_attendance
    attendance = attendance[
        ~((attendance["student_id"] == "S2") & (attendance["reporting_level"] == "district"))
    ]
    return replace(
        tables,
        dim_school_year=years,
        fct_early_warning=warning,
        dim_student=students,
        fct_student_attendance=attendance,
    )


def test_each_severity_does_what_it_says(good_tables, settings):
    gate = validate_release(_planted(good_tables), settings)
    assert not gate.passed
    assert [r.name for r in gate.blocking_failures] == [
        "fct_student_attendance_has_a_district_row_per_student"
    ]
    assert gate.withheld_schools == {
        "101": [ROSTER],
        "102": ["dim_student_race_ethnicity_codes_are_known"],
    }
    assert [r.name for r in gate.warnings] == ["as_of_date_is_within_the_freshness_window"]


def test_a_school_defect_alone_withholds_only_that_school(good_tables, settings):
    warning = good_tables.fct_early_warning.copy()
    warning.loc[warning["student_id"] == "S6", "school_id"] = "101"
    gate = validate_release(replace(good_tables, fct_early_warning=warning), settings)
    assert gate.passed
    assert gate.withheld_schools == {"101": [ROSTER]}
    roster = next(r for r in gate.results if r.name == ROSTER)
    # School-level frame: the sample names the school and its count of students not enrolled.
    assert roster.sample_rows == ({"school_id": "101", "students_not_enrolled_here": 1},)


def test_a_school_failure_that_names_no_school_blocks_everything():
    result = ExpectationResult(
        table="t", name="n", severity="school", success=False, checks="", why_it_matters="",
        how_to_fix="", gx_type="ExpectColumnValuesToBeBetween", frame="f",
    )  # fmt: skip
    assert result.blocks_everything
    assert not replace(result, school_ids=("101",)).blocks_everything
    assert not replace(result, severity="warning").blocks_everything


def test_student_level_failures_keep_only_school_ids_and_counts(good_tables, settings):
    gate = validate_release(_planted(good_tables), settings)
    codes = next(r for r in gate.results if r.name == "dim_student_race_ethnicity_codes_are_known")
    assert codes.school_ids == ("102",)
    assert codes.sample_rows == ({"school_id": "102", "failing_rows": 1},)
    assert codes.observed_value is None and codes.unexpected_count == 1


def test_the_report_is_written_readable_and_private(good_tables, settings, tmp_path):
    gate = validate_release(_planted(good_tables), settings)
    page = write_report(gate, tmp_path / "release")
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "BLOCKED: fct_student_attendance_has_a_district_row_per_student" in html
    assert ROSTER in html and "why it matters" in html
    assert "1 of 1 rows failed<br>observed 35" in html  # the as-of date's age in days
    saved = (tmp_path / "release" / REPORT_JSON).read_text()
    assert json.loads(saved)["withheld_schools"]["101"] == [ROSTER]
    for text in (html, saved):
        assert not STUDENT_ID.search(text), STUDENT_ID.search(text)
        assert "planted_code" not in text  # the planted student's value


def test_a_snapshot_round_trips_through_json(good_tables, tmp_path):
    snapshot = school_metrics(good_tables)
    path = write_snapshot(snapshot, tmp_path)
    again = read_snapshot(path)
    pd.testing.assert_frame_equal(again, snapshot.astype(again.dtypes.to_dict()))
    assert json.loads(path.read_text())["102"]["freshman_on_track_rate"] is None
