"""GIVEN the equity fixture district (fixtures/equity, story in its README): census counts for
2023-2025, Cedar (0103) closed in 2025, no grade 08 anywhere to feed the high schools' 9th grade
WHEN `dbt build` runs every model, unit test and data test
THEN fct_enrollment_projection forecasts 2026 from the 2025 census, back-tests 2025 from the 2024
census, with the numbers worked out by hand below (default k12_projection_ratio_years = 3).
"""

import duckdb
import pytest

# Census by grade (README): 0101 Alder KG/01/02 = 4/4/4, 5/4/4, 6/5/4 in 2023/2024/2025;
# 0102 Birch 4/4/4, 4/4/4, 2/4/4; 0103 Cedar 2/2/2, 2/2/2, closed; 0901 Delta 09-12 = 3/3/3/3,
# 3/3/3/3, 4/3/3/2; 0902 Elm 2/2/2/2 every year.
# Every grade progression ratio is 1 (e.g. Alder 01 in 2025: 5 / 5 kindergartners of 2024)
# except Delta's 12th grade in 2025: 2 / 3 eleventh graders of 2024.


@pytest.fixture(scope="module")
def projection(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    yield connection
    connection.close()


def grades(connection, school_id, projection_year):
    return {
        row[0]: tuple(row[1:])
        for row in connection.execute(
            """
            select grade_level, projection_method, projected_enrollment,
                   projected_enrollment_rounded, actual_enrollment
            from marts.fct_enrollment_projection
            where school_id = ? and projection_year = ?
            """,
            [school_id, projection_year],
        ).fetchall()
    }


def test_forecasts_2026_from_the_2025_census_grade_by_grade(projection):
    # Alder: KG = mean of the last 3 years' kindergartners (4 + 5 + 6) / 3 = 5; 01 = 6
    # kindergartners x mean ratio (1 + 1) / 2 = 6; 02 = 5 first graders x 1 = 5.
    assert grades(projection, "0101", 2026) == {
        "KG": ("grade_average", 5.0, 5, None),
        "01": ("grade_progression", 6.0, 6, None),
        "02": ("grade_progression", 5.0, 5, None),
    }
    # Birch: KG (4 + 4 + 2) / 3 = 3.33 -> 3; 01 = 2 x 1; 02 = 4 x 1.
    assert grades(projection, "0102", 2026) == {
        "KG": ("grade_average", pytest.approx(10 / 3), 3, None),
        "01": ("grade_progression", 2.0, 2, None),
        "02": ("grade_progression", 4.0, 4, None),
    }
    # Delta: 09 is an entry grade fed by the district's 8th grade, which has nobody in it, so there
    # is no feeder share: the 4 ninth graders are carried forward. 10 = 4 x 1; 11 = 3 x 1;
    # 12 = 3 x mean(1, 2/3) = 3 x 5/6 = 2.5, rounded half away from zero to 3.
    assert grades(projection, "0901", 2026) == {
        "09": ("carried_forward", 4.0, 4, None),
        "10": ("grade_progression", 4.0, 4, None),
        "11": ("grade_progression", 3.0, 3, None),
        "12": ("grade_progression", pytest.approx(2.5), 3, None),
    }


def test_closed_school_has_no_forecast_and_school_totals_sum_the_grades(projection):
    # Cedar closed in 2025 (listed closed, nobody on the census day): no 2026 rows.
    # Totals: Alder 5 + 6 + 5 = 16 (15 in 2025), Birch 10/3 + 6 = 9.33 (10), Delta 4 + 4 + 3 +
    # 2.5 = 13.5 (12), Elm 2 x 4 = 8 (8, all carried or ratio 1). District 46.83 against 45.
    totals = dict(
        projection.sql("""
        select school_id, sum(projected_enrollment) from marts.fct_enrollment_projection
        where not is_backtest group by school_id""").fetchall()
    )
    assert totals == {
        "0101": 16.0,
        "0102": pytest.approx(28 / 3),
        "0901": pytest.approx(13.5),
        "0902": 8.0,
    }


def test_backtests_2025_from_the_2024_census_against_what_came(projection):
    # 2023 is the first census year, so 2024 is the first base year and 2025 the only back-test.
    # Alder from 2024: KG (4 + 5) / 2 = 4.5 against 6 (error 1.5, 25%); 01 = 5 x 1 = 5 against 5;
    # 02 = 4 against 4. School total 13.5 against 15: APE 1.5 / 15 = 0.1 = its MAPE.
    # Birch: KG (4 + 4) / 2 = 4 against 2 (error 2, 100%); 01 4, 02 4 exact: 12 against 10, 0.2.
    # Cedar was open in 2024, so it was projected 2/2/2 for 2025, but it closed: actual 0,
    # APE undefined, and with no back-test year with students its MAPE is null.
    # Delta: 09 carried 3 against 4, 12 = 3 x 1 against 2: errors cancel, total 12 = 12, MAPE 0.
    rows = projection.sql("""
        select school_id, grade_level, projected_enrollment, actual_enrollment, absolute_error,
               absolute_percentage_error, school_backtest_mape
        from marts.fct_enrollment_projection
        where is_backtest order by school_id, grade_level""").fetchall()
    assert rows == [
        ("0101", "01", 5.0, 5, 0.0, 0.0, pytest.approx(0.1)),
        ("0101", "02", 4.0, 4, 0.0, 0.0, pytest.approx(0.1)),
        ("0101", "KG", 4.5, 6, 1.5, 0.25, pytest.approx(0.1)),
        ("0102", "01", 4.0, 4, 0.0, 0.0, pytest.approx(0.2)),
        ("0102", "02", 4.0, 4, 0.0, 0.0, pytest.approx(0.2)),
        ("0102", "KG", 4.0, 2, 2.0, 1.0, pytest.approx(0.2)),
        ("0103", "01", 2.0, 0, 2.0, None, None),
        ("0103", "02", 2.0, 0, 2.0, None, None),
        ("0103", "KG", 2.0, 0, 2.0, None, None),
        ("0901", "09", 3.0, 4, 1.0, 0.25, 0.0),
        ("0901", "10", 3.0, 3, 0.0, 0.0, 0.0),
        ("0901", "11", 3.0, 3, 0.0, 0.0, 0.0),
        ("0901", "12", 3.0, 2, 1.0, 0.5, 0.0),
        ("0902", "09", 2.0, 2, 0.0, 0.0, 0.0),
        ("0902", "10", 2.0, 2, 0.0, 0.0, 0.0),
        ("0902", "11", 2.0, 2, 0.0, 0.0, 0.0),
        ("0902", "12", 2.0, 2, 0.0, 0.0, 0.0),
    ]
    # Forecast rows carry the school's back-test MAPE too.
    assert projection.sql("""
        select distinct school_backtest_mape from marts.fct_enrollment_projection
        where school_id = '0101' and not is_backtest""").fetchall() == [(pytest.approx(0.1),)]
