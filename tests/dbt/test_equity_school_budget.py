"""GIVEN the equity fixture district (fixtures/equity, story in its README), loaded by ingestion
WHEN `dbt build` runs every model, unit test and data test
THEN the school budget marts hold the numbers worked out by hand below from the fixture's ledger,
budget and HR assignments (fixtures/equity/district.py). Every year is complete: the as-of date is
June 30.
"""

from decimal import Decimal

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    yield connection
    connection.close()


def rows_by_key(connection, sql):
    return {row[0]: tuple(row[1:]) for row in connection.sql(sql).fetchall()}


def test_budget_lines_set_the_ledger_against_the_budget_at_each_school(marts):
    # 0101, function 1000 object 100: adopted 420,000 (fund 100) + 40,000 (Title I) = 460,000,
    # revised 410,000 + 50,000 = 460,000, spent 400,000 + 50,000 = 450,000: 10,000 left,
    # 450 / 460 = 0.9783. Benefits 1000/200: 100,000 budgeted and spent. The $25,000 object-700
    # line (2600/700) was never budgeted: budget 0, share null; capital counts here, unlike in
    # per-pupil spending. Central L999 (budget 90,000; O&M, support, capital, debt) and the
    # unmapped L777 posting belong to no school.
    lines = rows_by_key(marts, """
        select function_code || '/' || object_code, adopted_budget, revised_budget,
               actual_to_date, remaining_budget, share_spent
        from marts.fct_school_budget_lines where school_id = '0101' and fiscal_year = 2025""")
    assert lines == {
        "1000/100": (Decimal("460000.00"), Decimal("460000.00"), Decimal("450000.00"),
                     Decimal("10000.00"), Decimal("0.9783")),
        "1000/200": (Decimal("100000.00"), Decimal("100000.00"), Decimal("100000.00"),
                     Decimal("0.00"), Decimal("1.0000")),
        "2600/700": (Decimal("0.00"), Decimal("0.00"), Decimal("25000.00"),
                     Decimal("-25000.00"), None),
    }
    schools = marts.sql("""
        select distinct school_id from marts.fct_school_budget_lines order by 1""").fetchall()
    assert schools == [("0101",), ("0102",), ("0901",), ("0902",)]


def test_school_budget_totals_and_budget_per_census_pupil(marts):
    # Revised / census pupils: 0101 560,000 / 15 = 37,333.33; 0102 (300,000 + 25,000) / 10 =
    # 32,500; 0901 500,000 / 12 = 41,666.67; 0902 360,000 / 8 = 45,000.
    # Spent: 0101 575,000 (over by 15,000: 575 / 560 = 1.0268); 0102 320,000 (320 / 325 =
    # 0.9846); 0901 500,000 (1.0000); 0902 350,000 (350 / 360 = 0.9722).
    budget = rows_by_key(marts, """
        select school_id, adopted_budget, revised_budget, actual_to_date, remaining_budget,
               share_spent, census_enrollment, budget_per_pupil
        from marts.fct_school_budget where fiscal_year = 2025""")
    assert budget == {
        "0101": (Decimal("560000.00"), Decimal("560000.00"), Decimal("575000.00"),
                 Decimal("-15000.00"), Decimal("1.0268"), 15, Decimal("37333.33")),
        "0102": (Decimal("325000.00"), Decimal("325000.00"), Decimal("320000.00"),
                 Decimal("5000.00"), Decimal("0.9846"), 10, Decimal("32500.00")),
        "0901": (Decimal("480000.00"), Decimal("500000.00"), Decimal("500000.00"),
                 Decimal("0.00"), Decimal("1.0000"), 12, Decimal("41666.67")),
        "0902": (Decimal("360000.00"), Decimal("360000.00"), Decimal("350000.00"),
                 Decimal("10000.00"), Decimal("0.9722"), 8, Decimal("45000.00")),
    }


def test_staffing_reconciliation_costs_a_full_school_year_at_its_annual_pay(marts):
    # Every 2025 assignment runs 2024-08-15 to 2025-06-30, which covers all of the school's
    # instructional days (weekdays from 2024-09-02 to 2025-06-13): each costs its annual pay
    # (salary + stipend), not 320/365 of it. 0101: T01 52,000 + T02 54,000 + T03 72,000 + T13
    # 70,000 + P01 112,000 = 360,000; ledger salaries (object 100) 400,000 + 50,000 = 450,000:
    # difference 90,000, ratio 90,000 / 360,000 = 0.2500. 0902: T09's half 37,000 + T10 78,000 +
    # T11 60,000 = 175,000; ledger 350,000: 175,000 (1.0000). C01 at the central office counts
    # at no school.
    reconciliation = rows_by_key(marts, """
        select school_id, ledger_salary_actuals, hr_staffing_cost,
               staffing_reconciliation_difference, staffing_reconciliation_difference_ratio
        from marts.fct_school_budget where fiscal_year = 2025 and school_id in ('0101', '0902')""")
    assert reconciliation == {
        "0101": (Decimal("450000.00"), Decimal("360000.00"), Decimal("90000.00"),
                 Decimal("0.2500")),
        "0902": (Decimal("350000.00"), Decimal("175000.00"), Decimal("175000.00"),
                 Decimal("1.0000")),
    }


def test_a_school_with_hr_staff_and_no_ledger_lines_keeps_a_row(marts):
    # 2024 has no ledger or budget. Cedar (0103) had T12 at 82,000 from 2023-08-15 to 2024-06-30,
    # the whole school year: 82,000.00; the ledger charged nothing: -82,000.00, ratio -1. No
    # budget was sent for 2024, so its budget and budget per pupil are not available (null), not
    # a budget of 0.00 over 6 census pupils.
    cedar = marts.sql("""
        select budget_status, revised_budget, hr_staffing_cost, staffing_reconciliation_difference,
               staffing_reconciliation_difference_ratio, census_enrollment, budget_per_pupil
        from marts.fct_school_budget where fiscal_year = 2024 and school_id = '0103'""").fetchall()
    assert cedar == [("not_sent", None, Decimal("82000.00"), Decimal("-82000.00"),
                      Decimal("-1.0000"), 6, None)]


def test_next_years_projected_pupils_at_this_years_rate_or_a_flat_budget(marts):
    # Forward projection totals for 2026 (fct_enrollment_projection): 0101 16, 0102 28/3 = 9.33
    # -> 9, 0901 13.5 -> 14 (half away from zero), 0902 8. At this year's rate: 0101 560,000 / 15
    # x 16 = 597,333.33; 0102 32,500 x 9 = 292,500; 0901 500,000 / 12 x 14 = 583,333.33; 0902
    # 45,000 x 8 = 360,000. Flat budget: 560,000 / 16 = 35,000; 325,000 / 9 = 36,111.11;
    # 500,000 / 14 = 35,714.29; 360,000 / 8 = 45,000. Earlier years have no forward projection.
    projected = rows_by_key(marts, """
        select school_id, projected_next_year_enrollment, projected_next_year_budget,
               projected_next_year_per_pupil_budget_at_flat_budget
        from marts.fct_school_budget where fiscal_year = 2025""")
    assert projected == {
        "0101": (16, Decimal("597333.33"), Decimal("35000.00")),
        "0102": (9, Decimal("292500.00"), Decimal("36111.11")),
        "0901": (14, Decimal("583333.33"), Decimal("35714.29")),
        "0902": (8, Decimal("360000.00"), Decimal("45000.00")),
    }
    earlier = marts.sql("""
        select count(*) from marts.fct_school_budget
        where fiscal_year < 2025 and projected_next_year_enrollment is not null""").fetchone()
    assert earlier == (0,)
