"""GIVEN a tiny district that passes the release gate
WHEN one defect is planted for an expectation
THEN that expectation fails, with its severity, and names the school when it is a school's.

Every expectation of every suite has a planted defect here (a test checks the list is complete).
GX takes seconds to import, so its context is made once per process (expectations.runner)."""

from dataclasses import replace

import pandas as pd
import pytest

from expectations.runner import validate_release
from expectations.snapshot import read_snapshot, school_metrics
from expectations.suites import all_suites


def _set(frame: pd.DataFrame, where, **values) -> pd.DataFrame:
    frame = frame.copy()
    for column, value in values.items():
        if value is None:  # a null in a bool or int column needs an object column
            frame[column] = frame[column].astype(object)
        frame.loc[where(frame), column] = value
    return frame


def _student(tables, sid, **values):
    students = _set(
        tables.dim_student,
        lambda f: (f["student_id"] == sid) & (f["school_year"] == 2026),
        **values,
    )
    return replace(tables, dim_student=students)


def _current_year(tables, **values):
    years = _set(tables.dim_school_year, lambda f: f["school_year"] == 2026, **values)
    return replace(tables, dim_school_year=years)


def _school_summary(tables, school_id, **values):
    summary = _set(tables.fct_on_track_summary, lambda f: f["school_id"] == school_id, **values)
    return replace(tables, fct_on_track_summary=summary)


def _without(tables, table, where):
    frame = getattr(tables, table)
    return replace(tables, **{table: frame[~where(frame)].reset_index(drop=True)})


def _previous(tables, **changes) -> pd.DataFrame:
    """The previous release's snapshot: this one's, with school 101's metrics changed."""
    snapshot = school_metrics(tables).set_index("school_id")
    for metric, value in changes.items():
        snapshot.loc["101", metric] = value
    return read_snapshot(snapshot.to_dict(orient="index"))


# expectation name -> (plant the defect, the school ids the result must name)
PLANTED = {
    "dim_school_year_has_one_release_year": (
        lambda t: replace(
            t,
            dim_school_year=pd.concat([t.dim_school_year, t.dim_school_year.tail(1)]),
        ),
        (),
    ),
    "as_of_date_is_not_in_the_future": (
        lambda t: _current_year(t, as_of_date=pd.Timestamp("2026-03-01")),
        (),
    ),
    "as_of_date_is_within_the_freshness_window": (
        lambda t: _current_year(t, as_of_date=pd.Timestamp("2026-01-01")),
        (),
    ),
    "school_status_is_open_or_closed": (
        lambda t: replace(
            t, dim_school=_set(t.dim_school, lambda f: f["school_id"] == "103", school_status="A")
        ),
        ("103",),
    ),
    "dim_school_has_open_schools": (
        lambda t: replace(t, dim_school=t.dim_school.assign(school_status="closed")),
        (),
    ),
    "every_open_school_has_students_on_the_as_of_date": (
        lambda t: replace(
            t,
            dim_school=pd.concat(
                [t.dim_school, pd.DataFrame([{"school_id": "104", "school_status": "open"}])]
            ),
        ),
        ("104",),
    ),
    "every_open_school_has_a_principal_email": (
        lambda t: replace(
            t,
            dim_school=_set(t.dim_school, lambda f: f["school_id"] == "102", principal_email=None),
        ),
        ("102",),
    ),
    "dim_student_has_release_year_students": (
        lambda t: _without(t, "dim_student", lambda f: f["school_year"] == 2026),
        (),
    ),
    "dim_student_enrollment_on_the_as_of_date_is_known": (
        lambda t: _student(t, "S7", is_enrolled_at_as_of=None),
        ("102",),
    ),
    "dim_student_grade_level_codes_are_known": (
        lambda t: _student(t, "S5", grade_level="13"),
        ("102",),
    ),
    "dim_student_sex_codes_are_known": (lambda t: _student(t, "S6", sex="Q"), ("102",)),
    "dim_student_race_ethnicity_codes_are_known": (
        lambda t: _student(t, "S7", race_ethnicity="other"),
        ("102",),
    ),
    "fct_student_attendance_has_a_district_row_per_student": (
        lambda t: _without(
            t,
            "fct_student_attendance",
            lambda f: (f["student_id"] == "S2") & (f["reporting_level"] == "district"),
        ),
        (),
    ),
    "school_attendance_rates_are_plausible": (
        lambda t: replace(
            t,
            fct_student_attendance=_set(
                t.fct_student_attendance, lambda f: f["school_id"] == "102", attendance_rate=0.5
            ),
        ),
        ("102",),
    ),
    "every_open_school_has_summary_rows": (
        lambda t: _without(t, "fct_on_track_summary", lambda f: f["school_id"] == "102"),
        ("102",),
    ),
    "district_summary_counts_every_student_once": (
        lambda t: replace(
            t,
            fct_on_track_summary=_set(
                t.fct_on_track_summary, lambda f: f["reporting_level"] == "district", n=8
            ),
        ),
        (),
    ),
    "school_chronic_absence_rates_are_plausible": (
        lambda t: _school_summary(t, "101", chronic_absence_rate=0.9),
        ("101",),
    ),
    "school_on_track_rates_are_plausible": (
        lambda t: _school_summary(t, "102", on_track_rate=0.1),
        ("102",),
    ),
    "school_freshman_on_track_rates_are_plausible": (
        lambda t: _school_summary(t, "101", freshman_on_track_rate=0.1),
        ("101",),
    ),
    "fct_student_on_track_has_a_row_for_every_student_it_should": (
        lambda t: _without(t, "fct_student_on_track", lambda f: f["student_id"] == "S2"),
        (),
    ),
    "fct_student_on_track_roster_students_are_enrolled_in_that_school_on_the_as_of_date": (
        # S5 is enrolled at 102 but listed on 101's roster.
        lambda t: replace(
            t,
            fct_student_on_track=_set(
                t.fct_student_on_track, lambda f: f["student_id"] == "S5", school_id="101"
            ),
        ),
        ("101",),
    ),
    "fct_early_warning_has_a_row_for_every_student_it_should": (
        lambda t: _without(t, "fct_early_warning", lambda f: f["student_id"] == "S3"),
        (),
    ),
    "fct_early_warning_roster_students_are_enrolled_in_that_school_on_the_as_of_date": (
        # S4 left 101 before the as-of date but is still on its early-warning list.
        lambda t: replace(
            t,
            fct_early_warning=pd.concat(
                [
                    t.fct_early_warning,
                    pd.DataFrame(
                        [
                            {
                                "student_id": "S4",
                                "school_year": 2026,
                                "school_id": "101",
                                "early_warning_tier": "none",
                            }
                        ]
                    ),
                ]
            ),
        ),
        ("101",),
    ),  # fmt: skip
    "school_high_risk_shares_are_plausible": (
        lambda t: replace(
            t,
            fct_early_warning=_set(
                t.fct_early_warning,
                lambda f: f["school_id"] == "102",
                early_warning_tier="high_risk",
            ),
        ),
        ("102",),
    ),
}

# Jump checks need the previous release: (metric changes at 101 in the previous snapshot).
PLANTED_JUMPS = {
    "school_students_moved_less_than_the_max_change_since_the_previous_release": {"students": 8},
    "school_on_track_rate_moved_less_than_the_max_change_since_the_previous_release": {
        "on_track_rate": 0.9
    },
    "school_freshman_on_track_rate_moved_less_than_the_max_change_since_the_previous_release": {
        "freshman_on_track_rate": 0.7
    },
    "school_chronic_absence_rate_moved_less_than_the_max_change_since_the_previous_release": {
        "chronic_absence_rate": 0.05
    },
}


def _by_name(gate):
    return {result.name: result for result in gate.results}


def _validate_one(name, tables, settings, previous=None):
    """Only the suite holding `name`, to keep the tests quick."""
    suite = next(s for s in all_suites(settings) if name in {e.name for e in s.expectations})
    return validate_release(tables, settings, previous=previous, suites=[suite])


def test_every_expectation_has_a_planted_defect(settings):
    names = {spec.name for suite in all_suites(settings) for spec in suite.expectations}
    assert names == set(PLANTED) | set(PLANTED_JUMPS)


def test_the_good_district_passes_every_expectation(good_tables, settings):
    gate = validate_release(good_tables, settings, previous=_previous(good_tables))
    failures = [(r.name, r.error, r.sample_rows) for r in gate.results if not r.success]
    assert failures == []
    assert gate.passed and gate.withheld_schools == {} and gate.warnings == []
    assert gate.release_year == 2026 and gate.as_of_date == "2026-01-31"


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_planted_defect_fails_its_expectation(name, good_tables, settings):
    plant, school_ids = PLANTED[name]
    result = _by_name(_validate_one(name, plant(good_tables), settings))[name]
    assert not result.success, result
    assert result.error is None
    assert result.school_ids == school_ids


@pytest.mark.parametrize("name", sorted(PLANTED_JUMPS))
def test_a_jump_since_the_previous_release_withholds_that_school(name, good_tables, settings):
    previous = _previous(good_tables, **PLANTED_JUMPS[name])
    gate = _validate_one(name, good_tables, settings, previous=previous)
    result = _by_name(gate)[name]
    assert not result.success and result.school_ids == ("101",)
    assert gate.passed and list(gate.withheld_schools) == ["101"]


def test_without_a_previous_release_no_school_is_compared(good_tables, settings):
    gate = validate_release(good_tables, settings, previous=None)
    jumps = [_by_name(gate)[name] for name in PLANTED_JUMPS]
    assert all(result.success and result.element_count == 0 for result in jumps)


def test_the_jump_limits_are_settings(good_tables, settings):
    previous = _previous(good_tables, chronic_absence_rate=0.05)  # 20 points below 0.25
    name = "school_chronic_absence_rate_moved_less_than_the_max_change_since_the_previous_release"
    loose = replace(settings, max_rate_change=0.25)
    assert _by_name(_validate_one(name, good_tables, loose, previous))[name].success
    assert not _by_name(_validate_one(name, good_tables, settings, previous))[name].success
