"""GIVEN the equity fixture district (fixtures/equity, story in its README), loaded by ingestion
WHEN `dbt build` runs every model, unit test and data test
THEN the school profile, spending, staffing and staff-diversity marts hold the numbers worked out
by hand below from the fixture's rows (fixtures/equity/district.py).
"""

from decimal import Decimal

import duckdb
import pytest


@pytest.fixture(scope="module")
def marts(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    yield connection
    connection.close()


def rows_by_school(connection, sql):
    return {row[0]: tuple(row[1:]) for row in connection.sql(sql).fetchall()}


def test_school_profile_counts_census_day_students_and_ranks_schools_into_quartiles(marts):
    # 2025 census: 0101 6+5+4 = 15, 0102 2+4+4 = 10, 0901 4+3+3+2 = 12, 0902 8; 0103 is closed and
    # listed, so it has a row with 0 students and is not ranked. Shares: 0101 12/15 = 0.8 poor,
    # 12/15 of color; 0102 2/10, 3/10; 0901 9/12 = 0.75, 10/12; 0902 2/8 = 0.25, 2/8.
    # Four ranked schools, no ties: one per quartile, lowest share in quartile 1; 0103 is unranked.
    # The district row sums them: 45 students, 12 + 2 + 9 + 2 = 25 poor, 12 + 3 + 10 + 2 = 27 of
    # color (27/45 = 0.6); it is not ranked.
    profile = rows_by_school(marts, """
        select school_id, census_enrollment, economically_disadvantaged_share,
               students_of_color_share, schools_ranked, poverty_quartile, minority_quartile
        from marts.fct_school_profile where school_year = 2025""")
    assert profile == {
        "0101": (15, 0.8, 0.8, 4, 4, 3),
        "0102": (10, 0.2, 0.3, 4, 1, 2),
        "0103": (0, None, None, None, None, None),
        "0901": (12, 0.75, pytest.approx(10 / 12), 4, 3, 4),
        "0902": (8, 0.25, 0.25, 4, 2, 1),
        None: (45, pytest.approx(25 / 45), pytest.approx(0.6), None, None, None),
    }


def test_five_schools_fill_the_quartiles_by_mid_rank(marts):
    # 2024 poverty shares: 0102 round(0.2 x 12) = 2/12, 0902 2/8, 0103 3/6, 0901 9/12,
    # 0101 round(0.8 x 13) = 10/13. Ranked 1..5, midpoints 0.5..4.5, quartile = ceil(4 x mid / 5):
    # 0.4 -> 1, 1.2 -> 2, 2.0 -> 2 (on the boundary: lower), 2.8 -> 3, 3.6 -> 4.
    quartiles = rows_by_school(marts, """
        select school_id, poverty_quartile from marts.fct_school_profile
        where school_year = 2024 and reporting_level = 'school'""")
    assert quartiles == {"0102": (1,), "0902": (2,), "0103": (2,), "0901": (3,), "0101": (4,)}


def test_school_spending_allocates_central_lines_and_conserves_every_cent(marts):
    # Central O&M $90,000.01 by census enrollment (15, 10, 12, 8 of 45): 9,000,001 cents x 15/45 =
    # 3,000,000.33 -> 3,000,000, then 2,000,000, 2,400,000 and 1,600,000; the 1 cent left goes to
    # the largest driver, 0101. Central instructional support $60,000 by teacher FTE (4, 3, 2.5,
    # 2.5 of 12): 20,000, 15,000, 12,500, 12,500.
    # 0101: 400,000 + 100,000 + 50,000 (Title I) + 30,000.01 + 20,000 = 600,000.01; the $25,000
    # object-700 line at 0101 is capital and excluded. Per pupil 600,000.01 / 15 = 40,000.00.
    # 0102: 300,000 + 20,000 + 20,000 + 15,000 = 355,000 (/10 = 35,500).
    # 0901: 500,000 + 24,000 + 12,500 = 536,500 (/12 = 44,708.33).
    # 0902: 350,000 + 16,000 + 12,500 = 378,500 (/8 = 47,312.50).
    spending = rows_by_school(marts, """
        select school_id, total_expenditure, per_pupil_expenditure, federal_expenditure,
               personnel_expenditure, need_weighted_enrollment
        from marts.fct_school_spending where fiscal_year = 2025""")
    assert spending == {
        # need weights: 15 + 12 x 0.25 + 6 x 0.25 + 3 x 0.9 = 22.2; 10 + 0.5 + 0.25 + 0.9 = 11.65;
        # 12 + 2.25 + 0.75 + 1.8 = 16.8; 8 + 0.5 + 0 + 0.9 = 9.4.
        "0101": (Decimal("600000.01"), Decimal("40000.00"), Decimal("50000.00"),
                 Decimal("570000.00"), Decimal("22.20")),
        "0102": (Decimal("355000.00"), Decimal("35500.00"), Decimal("0.00"),
                 Decimal("315000.00"), Decimal("11.65")),
        "0901": (Decimal("536500.00"), Decimal("44708.33"), Decimal("0.00"),
                 Decimal("512500.00"), Decimal("16.80")),
        "0902": (Decimal("378500.00"), Decimal("47312.50"), Decimal("0.00"),
                 Decimal("362500.00"), Decimal("9.40")),
    }
    # Ledger 3,096,234.57 = schools 1,870,000.01 + excluded 1,225,000 + unmapped L777 1,234.56.
    reconciliation = marts.sql("""
        select ledger_amount, school_coded_amount + allocated_to_schools_amount, excluded_amount,
               unallocated_unmapped_location_amount, unreconciled_amount
        from intermediate.int_school_spending_reconciliation where fiscal_year = 2025""").fetchone()
    assert reconciliation == (Decimal("3096234.57"), Decimal("1870000.01"), Decimal("1225000.00"),
                              Decimal("1234.56"), Decimal("0.00"))


def test_school_staffing_measures_educator_equity_as_shares_of_teacher_fte(marts):
    # 0101: T01 (0 years, provisional), T02 (hired 2023-24: 1 year; rated 1), T03, T13 -> 4 FTE;
    #   inexperienced 2/4, provisional 1/4, ineffective 1/4; base (50+52+70+68)k / 4 = 60,000.
    # 0102: T05 hired 2022-23 has exactly 2 years (inexperienced), T06 3 years (not): 1/3.
    # 0901: T07, T08 (math certificate, teaches science: out of field; rated 1), T09 at 0.5
    #   -> 2.5 FTE: out of field 1/2.5 = 0.4, ineffective 0.4; base (72 + 57 + 37)k / 2.5 = 66,400.
    # 0902: T09 0.5, T10, T11 (emergency certificate; rated 4): provisional and highly effective
    #   1/2.5 = 0.4.
    staffing = rows_by_school(marts, """
        select school_id, teacher_fte, students_per_teacher_fte, average_teacher_base_salary,
               inexperienced_teacher_share, out_of_field_teacher_share,
               provisionally_certified_teacher_share, ineffective_teacher_share,
               highly_effective_teacher_share
        from marts.fct_school_staffing where school_year = 2025""")
    assert staffing == {
        "0101": (4.0, 3.75, 60000.0, 0.5, 0.0, 0.25, 0.25, 0.0),
        "0102": (3.0, pytest.approx(10 / 3), pytest.approx(196000 / 3), pytest.approx(1 / 3), 0.0,
                 0.0, 0.0, pytest.approx(1 / 3)),
        "0901": (2.5, 4.8, 66400.0, 0.0, 0.4, 0.0, 0.4, 0.0),
        "0902": (2.5, 3.2, 70000.0, 0.0, 0.0, 0.4, 0.0, 0.4),
    }


def test_teacher_retention_follows_each_teacher_into_the_next_year(marts):
    # 2024 -> 2025: T13 leaves 0902 for 0101 (moved); T12 retires when 0103 closes (left); T09
    # stays at 0901 (half-time there in 2025); everyone else stays.
    retention = rows_by_school(marts, """
        select school_id, teachers_followed, teachers_stayed_share, teachers_moved_school_share,
               teachers_left_share
        from marts.fct_school_staffing where school_year = 2024""")
    assert retention == {
        "0101": (2, 1.0, 0.0, 0.0),
        "0102": (3, 1.0, 0.0, 0.0),
        "0103": (1, 0.0, 0.0, 1.0),
        "0901": (3, 1.0, 0.0, 0.0),
        "0902": (2, 0.5, 0.5, 0.0),
    }


def test_staff_diversity_compares_teachers_of_color_with_students_of_color(marts):
    # 0101: T01 hispanic, T02 white, T03 black, T13 not reported -> 2 of 3 reported; new hire T01.
    # District: 12 teachers, of color T01 T03 T06 T07 T09 T11 = 6 of 11 reported; students of color
    # 12 + 3 + 10 + 2 = 27 of 45 = 0.6; gap 6/11 - 0.6.
    diversity = {
        (row[0], row[1]): row[2:]
        for row in marts.sql("""
            select reporting_level, coalesce(school_id, '-'), teacher_count, teachers_of_color,
                   new_hire_count, teachers_of_color_share, students_of_color_share,
                   teacher_student_of_color_gap
            from marts.fct_staff_diversity where school_year = 2025""").fetchall()
    }
    assert diversity[("school", "0101")] == (4, 2, 1, pytest.approx(2 / 3), 0.8,
                                             pytest.approx(2 / 3 - 0.8))
    assert diversity[("district", "-")] == (12, 6, 2, pytest.approx(6 / 11), 0.6,
                                            pytest.approx(6 / 11 - 0.6))
