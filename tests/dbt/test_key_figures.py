"""GIVEN the equity fixture district (fixtures/equity, story in its README), loaded by ingestion
WHEN `dbt build` runs every model
THEN fct_school_key_figures holds each school's and the district's figures with last year's and
the change, and says which blanks are not yet known, not sent or not applicable, as worked out
by hand below from the README's tables.

Years 2023-2025. Census enrollment: 0101 13 -> 15, 0102 12 -> 10, 0103 6 -> closed (no students
of record in 2025, so no rows), 0901 12 -> 12, 0902 8 -> 8; district 51 -> 45. The ledger and the
budget exist for fiscal year 2025 only. 2025 is the last year of HR data: nobody is followed into
2026. No test results at all.
"""

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    yield connection
    connection.close()


def figures(connection, measure: str, school_year: int, columns: str) -> dict:
    rows = connection.execute(
        f"select school_id, {columns} from marts.fct_school_key_figures "
        "where measure = ? and school_year = ?",
        [measure, school_year],
    ).fetchall()
    return {school: tuple(values) for school, *values in rows}


def test_enrollment_carries_last_year_the_change_and_the_district(marts):
    # (value, prior_year_value, change_from_prior_year, district_value); None is the district
    assert figures(
        marts,
        "enrollment",
        2025,
        "value, prior_year_value, change_from_prior_year, district_value",
    ) == {
        "0101": (15, 13, 2, 45),
        "0102": (10, 12, -2, 45),
        "0901": (12, 12, 0, 45),
        "0902": (8, 8, 0, 45),
        None: (45, 51, -6, 45),
    }


def test_retention_of_the_last_year_is_not_yet_known_and_shows_the_year_before(marts):
    # 2024 -> 2025 (test_equity_marts): 0101 2 of 2 stayed, 0102 3 of 3, 0103 0 of 1 (retired),
    # 0901 3 of 3, 0902 1 of 2; the district 9 of 11.
    assert figures(marts, "teacher_retention", 2025, "status, value, prior_year_value") == {
        "0101": ("not_yet_known", None, 1.0),
        "0102": ("not_yet_known", None, 1.0),
        "0901": ("not_yet_known", None, 1.0),
        "0902": ("not_yet_known", None, 0.5),
        None: ("not_yet_known", None, pytest.approx(9 / 11)),
    }
    assert figures(marts, "teacher_retention", 2024, "status, denominator")["0103"] == (
        "known",
        1,
    )


def test_spending_and_budget_of_a_year_without_a_ledger_are_not_sent(marts):
    for measure in ("per_pupil_spending", "budget_spent_to_date"):
        statuses = figures(marts, measure, 2024, "status")
        assert set(statuses.values()) == {("not_sent",)}, measure
        assert set(figures(marts, measure, 2025, "status").values()) == {("known",)}, measure
    # 0101: $600,000.01 over 15 census pupils (test_equity_marts)
    assert figures(marts, "per_pupil_spending", 2025, "value, denominator")["0101"] == (
        40000.0,
        15,
    )


def test_measures_a_school_does_not_have_are_not_applicable(marts):
    high_school_only = (
        "on_track",
        "freshman_on_track",
        "four_year_graduation_rate",
        "advanced_coursework",
    )
    for measure in high_school_only:
        statuses = figures(marts, measure, 2025, "status, is_applicable, value")
        assert statuses["0101"] == ("not_applicable", False, None), measure
        assert statuses["0901"][1] is True, measure
    # the first cohort with its start in the data entered in 2023 and graduates in 2026
    assert figures(marts, "four_year_graduation_rate", 2025, "status")["0901"] == ("not_yet_known",)
    # nobody was tested in any subject, anywhere
    for subject in ("ela", "math", "science"):
        statuses = figures(marts, f"proficiency_{subject}", 2025, "status")
        assert set(statuses.values()) == {("not_applicable",)}, subject


def test_the_latest_year_is_flagged(marts):
    rows = marts.sql(
        "select school_year, bool_and(is_latest_year), bool_or(is_latest_year) "
        "from marts.fct_school_key_figures group by school_year order by school_year"
    ).fetchall()
    assert rows == [(2023, False, False), (2024, False, False), (2025, True, True)]
