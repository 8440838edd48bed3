"""GIVEN a generated demo district of 5,000 students over two years (seed 11), whose generator
plants the inequities districts find: more novice teachers and hard-to-staff stipends where poverty
is high, Title I money following poor students, and fewer advanced courses in poor high schools
WHEN ingestion loads it and dbt builds the equity marts
THEN the marts show those gaps between the highest- and lowest-poverty quartiles of schools.

The generator is deterministic, so the numbers are stable; the margins asserted are the gaps the
generator plants (docs/demo-district.md), well inside what it produces.
"""


import duckdb
import pytest
from dbt_run_results import failed_nodes

from demo_district import generate_district
from ingestion.load import load_all

EQUITY_MARTS = ["fct_school_spending", "fct_school_staffing", "fct_educator_equity"]


@pytest.fixture(scope="module")
def demo_marts(dbt, tmp_path_factory):
    work = tmp_path_factory.mktemp("demo_gaps")
    generate_district(work / "landing", students=5000, years=2, seed=11)
    warehouse = work / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    load_all(connection, work / "landing", work / "archive")
    connection.close()
    # Data and unit tests are proven on the fixture districts; here only the numbers matter.
    for command in (["seed"], ["run", "--select", *(f"+{mart}" for mart in EQUITY_MARTS)]):
        result = dbt(warehouse, *command)
        assert result.success, failed_nodes(result)
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def by_poverty_quartile(connection: duckdb.DuckDBPyConnection, measure: str) -> dict:
    """The measure for the highest- (4) and lowest-poverty (1) quartile of schools, per year."""
    rows = connection.sql(f"""
        select profile.school_year, profile.poverty_quartile, {measure}
        from marts.fct_school_profile as profile
        inner join marts.fct_school_staffing as staffing using (school_id, school_year)
        inner join marts.fct_school_spending as spending
            on profile.school_id = spending.school_id
            and profile.school_year = spending.fiscal_year
        where profile.poverty_quartile in (1, 4)
        group by all
    """).fetchall()
    return {(year, quartile): value for year, quartile, value in rows}


def test_high_poverty_schools_have_more_inexperienced_teachers(demo_marts):
    share = by_poverty_quartile(
        demo_marts,
        "sum(staffing.inexperienced_teacher_share * staffing.teacher_fte)"
        " / sum(staffing.teacher_fte)",
    )
    for year in (2025, 2026):
        assert share[(year, 4)] - share[(year, 1)] > 0.05, share


def test_high_poverty_schools_spend_more_per_pupil(demo_marts):
    per_pupil = by_poverty_quartile(
        demo_marts, "sum(spending.total_expenditure) / sum(spending.census_enrollment)"
    )
    for year in (2025, 2026):
        assert per_pupil[(year, 4)] > per_pupil[(year, 1)] * 1.05, per_pupil


def test_the_educator_equity_table_shows_the_poverty_gaps(demo_marts):
    gaps = {
        (year, measure): gap
        for year, measure, gap in demo_marts.sql("""
            select school_year, measure, teacher_share_gap from marts.fct_educator_equity
            where comparison = 'poverty'
        """).fetchall()
    }
    for year in (2025, 2026):
        assert gaps[(year, "inexperienced")] > 0.05, gaps
        assert gaps[(year, "out_of_field")] > 0.05, gaps
