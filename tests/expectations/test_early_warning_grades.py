"""GIVEN the tiny district (enrolled on the as-of date: S1 09, S2 10, S3 06 at 101; S5 11, S6 07,
S7 KG at 102; S4 09 left) and its fct_early_warning listing S1, S2, S3, S5 and S6
WHEN the gate's lowest early-warning grade is the district's, not the shipped 6
THEN fct_early_warning's row count is checked against the students from that grade up, compared
as dbt's grade_number compares them (KG 0, PK -1)."""

from dataclasses import replace

import pandas as pd

from expectations.frames import grade_number
from expectations.runner import validate_release
from expectations.suites import fct_early_warning

ROW_COUNT = "fct_early_warning_has_a_row_for_every_student_it_should"


def _row_count(tables, settings) -> dict:
    return fct_early_warning.frames(tables, settings, None)["row_count"].iloc[0].to_dict()


def _passes(tables, settings) -> bool:
    gate = validate_release(tables, settings, suites=[fct_early_warning.suite(settings)])
    return next(r for r in gate.results if r.name == ROW_COUNT).success


def test_grade_number_orders_pk_and_kg_below_grade_one():
    grades = pd.Series(["PK", "KG", "01", "09", "12", None])
    assert grade_number(grades).tolist()[:5] == [-1, 0, 1, 9, 12]
    assert pd.isna(grade_number(grades).iloc[5])


def test_from_grade_9_the_gate_expects_the_three_enrolled_high_schoolers(good_tables, settings):
    from_grade_9 = replace(settings, early_warning_lowest_grade=9)
    assert _row_count(good_tables, from_grade_9) == {  # S1, S2, S5; not S3 (06) or S6 (07)
        "rows": 5,
        "expected_rows": 3,
        "rows_missing_or_extra": 2,
    }
    assert not _passes(good_tables, from_grade_9)

    warning = good_tables.fct_early_warning
    built_from_9 = replace(
        good_tables, fct_early_warning=warning[warning["student_id"].isin(["S1", "S2", "S5"])]
    )
    assert _passes(built_from_9, from_grade_9)
    assert not _passes(built_from_9, settings)  # the shipped 6 expects S3 and S6 as well


def test_from_kindergarten_the_gate_expects_s7_too(good_tables, settings):
    from_kg = replace(settings, early_warning_lowest_grade=0)
    assert _row_count(good_tables, from_kg)["expected_rows"] == 6
    assert _row_count(good_tables, settings)["expected_rows"] == 5
    assert not _passes(good_tables, from_kg)
