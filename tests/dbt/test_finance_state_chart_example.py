"""GIVEN the equity fixture district (fixtures/equity) whose finance system uses a 3-digit state
chart of accounts: the example profile dbt_project/examples/state_chart_3digit/ (its ledger under
landing/, its rule seeds under seeds/rules/, worked through in docs/finance-charts.md)
WHEN the example's seeds are laid over a copy of the project and the finance marts are built
THEN every school's spending, personnel share and reconciliation are the numbers worked out by
hand below, to the cent; and with the NCES seeds as shipped, the build fails with messages that
name the seeds, segments and codes to fix instead of publishing misclassified money.

Census pupils 2025: 0101 15, 0102 10, 0901 12, 0902 8 (45). Teacher FTE: 4, 3, 2.5, 2.5 (12).
"""

import os
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner, dbtRunnerResult
from fixtures.equity.district import write_landing

from ingestion.load import load_all

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"
EXAMPLE = PROJECT_DIR / "examples" / "state_chart_3digit"
FINANCE_MARTS = [
    "+fct_school_spending",
    "+fct_school_budget",
    "+fct_ledger_record_types",
    "+int_school_spending_reconciliation",
    # the width tests read it; nothing downstream refs it
    "finance_segment_code_widths",
]


def build(work: Path, with_example_seeds: bool) -> tuple[Path, dbtRunnerResult]:
    """Load the district with the example's finance files and build the finance marts on a copy
    of the project, with the example's rule seeds laid over it or the NCES seeds as shipped."""
    landing = work / "landing"
    write_landing(landing)
    shutil.rmtree(landing / "finance")
    shutil.copytree(EXAMPLE / "landing", landing, dirs_exist_ok=True)
    warehouse = work / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    load_all(connection, landing, work / "archive")
    connection.close()

    project = work / "dbt_project"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    if with_example_seeds:
        shutil.copytree(EXAMPLE / "seeds", project / "seeds", dirs_exist_ok=True)
    return warehouse, run_dbt(work, project, warehouse)


def run_dbt(work: Path, project: Path, warehouse: Path) -> dbtRunnerResult:
    os.environ["K12_WAREHOUSE"] = str(warehouse)
    os.environ["DO_NOT_TRACK"] = "1"
    try:
        return dbtRunner().invoke(
            ["build", "--select", *FINANCE_MARTS, "--exclude-resource-type", "unit_test",
             # only the tests of what is built, not tests joining it to marts left unbuilt
             "--indirect-selection", "cautious",
             "--project-dir", str(project), "--profiles-dir", str(project),
             "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
        )  # fmt: skip
    finally:
        # dbt-duckdb keeps the file open in the process; close it so the test can read it
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager.close_all_connections()
        os.environ.pop("K12_WAREHOUSE", None)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    warehouse, result = build(tmp_path_factory.mktemp("state_chart"), with_example_seeds=True)
    assert result.success
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def nces_seeds_on_a_state_chart(tmp_path_factory):
    warehouse, result = build(tmp_path_factory.mktemp("nces_seeds"), with_example_seeds=False)
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield result, connection
    connection.close()


def test_each_school_spends_its_own_lines_and_its_share_of_central_spending(example):
    # School-coded (included): 0101 300,000 + 90,000 + 40,000 (federal) = 430,000 (its 8,000
    # equipment, object 510, is capital: excluded); 0102 200,000 + 10,000 = 210,000 (a 5,000
    # encumbrance is not spending); 0901 250,000 (journal J-77: 2,000 and its reversal net 0);
    # 0902 150,000 (dated by fiscal period 4 alone).
    # Central, by enrollment 15/10/12/8 of 45: personnel 90,000 (510) + 27,000 (550) = 117,000
    # -> 39,000 / 26,000 / 31,200 / 20,800; non-personnel 45,000 (450, school administration
    # support) + 4,500 (511) + 12,000 (600) = 61,500 -> 20,500 / 13,666.66 / 16,400 /
    # 10,933.33, cut to cents with the 1 cent left over to 0101 (largest driver): 20,500.01.
    # By teacher FTE 4/3/2.5/2.5 of 12: 24,000 (350) -> 8,000 / 6,000 / 5,000 / 5,000.
    spending = {
        row[0]: row[1:]
        for row in example.sql("""
            select school_id, school_coded_expenditure, central_allocated_expenditure,
                   total_expenditure, per_pupil_expenditure
            from marts.fct_school_spending where fiscal_year = 2025""").fetchall()
    }
    assert spending == {
        "0101": (Decimal("430000.00"), Decimal("67500.01"), Decimal("497500.01"),
                 Decimal("33166.67")),
        "0102": (Decimal("210000.00"), Decimal("45666.66"), Decimal("255666.66"),
                 Decimal("25566.67")),
        "0901": (Decimal("250000.00"), Decimal("52600.00"), Decimal("302600.00"),
                 Decimal("25216.67")),
        "0902": (Decimal("150000.00"), Decimal("36733.33"), Decimal("186733.33"),
                 Decimal("23341.67")),
    }  # fmt: skip


def test_personnel_is_the_state_charts_salary_and_benefit_objects(example):
    # Personnel = objects 310-399 (seed personnel_objects of the example). 0101: 300,000 +
    # 90,000 + 40,000 + 39,000 + 8,000 = 477,000 of 497,500.01 (0.9588); 0102: 200,000 +
    # 26,000 + 6,000 = 232,000; 0901: 250,000 + 31,200 + 5,000 = 286,200; 0902: 150,000 +
    # 20,800 + 5,000 = 175,800. Under the NCES range (100-299) every one would be 0.
    personnel = dict(
        example.sql("""
            select school_id, personnel_expenditure from marts.fct_school_spending
            where fiscal_year = 2025""").fetchall()
    )
    assert personnel == {
        "0101": Decimal("477000.00"),
        "0102": Decimal("232000.00"),
        "0901": Decimal("286200.00"),
        "0902": Decimal("175800.00"),
    }
    share = example.sql("""
        select round(personnel_expenditure / total_expenditure, 4) from marts.fct_school_spending
        where school_id = '0101' and fiscal_year = 2025""").fetchone()[0]
    assert share == pytest.approx(0.9588)
    federal = example.sql("""
        select sum(federal_expenditure) from marts.fct_school_spending""").fetchone()[0]
    assert federal == Decimal("40000.00")  # fund 250 only, at 0101


def test_every_expenditure_cent_is_accounted_for_and_other_rows_are_counted(example):
    # Spending rows: school-coded 1,040,000 + central 202,500 + excluded 58,000 (50,000 debt
    # service + 8,000 equipment) + 333.33 with no location = 1,300,833.33; the schools hold
    # 1,040,000 + 202,500 = 1,242,500.00 between them.
    reconciliation = example.sql("""
        select ledger_amount, school_coded_amount, allocated_to_schools_amount, excluded_amount,
               unallocated_no_location_amount, unallocated_no_driver_rule_amount,
               unallocated_unmapped_location_amount, unreconciled_amount
        from intermediate.int_school_spending_reconciliation""").fetchall()
    assert reconciliation == [(
        Decimal("1300833.33"), Decimal("1040000.00"), Decimal("202500.00"), Decimal("58000.00"),
        Decimal("333.33"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"),
    )]  # fmt: skip
    schools = example.sql("select sum(total_expenditure) from marts.fct_school_spending")
    assert schools.fetchone() == (Decimal("1242500.00"),)
    # Revenue, encumbrance and balance-sheet rows are kept and counted, never spent.
    record_types = example.sql("""
        select record_type, is_spending, ledger_rows, total_amount
        from marts.fct_ledger_record_types order by record_type""").fetchall()
    assert record_types == [
        ("balance_sheet", False, 1, Decimal("123.45")),
        ("encumbrance", False, 1, Decimal("5000.00")),
        ("expenditure", True, 18, Decimal("1300833.33")),
        ("revenue", False, 1, Decimal("-1000000.00")),
    ]
    assert example.sql("select count(*) from raw_finance.gl_actuals").fetchone() == (21,)


def test_no_budget_extract_reads_not_sent_and_salaries_come_from_the_seed(example):
    # The district sent no budget: every budget figure null, budget_status not_sent. Ledger
    # salaries (objects 310-359): 0101 300,000 + 40,000 = 340,000; actual to date 300,000 +
    # 90,000 + 40,000 + 8,000 = 438,000 (capital counts against a budget).
    budget = {
        row[0]: row[1:]
        for row in example.sql("""
            select school_id, budget_status, revised_budget, remaining_budget, budget_per_pupil,
                   actual_to_date, ledger_salary_actuals
            from marts.fct_school_budget where fiscal_year = 2025""").fetchall()
    }
    assert budget == {
        "0101": ("not_sent", None, None, None, Decimal("438000.00"), Decimal("340000.00")),
        "0102": ("not_sent", None, None, None, Decimal("210000.00"), Decimal("200000.00")),
        "0901": ("not_sent", None, None, None, Decimal("250000.00"), Decimal("250000.00")),
        "0902": ("not_sent", None, None, None, Decimal("150000.00"), Decimal("150000.00")),
    }


def failure_messages(connection, test_name: str) -> list[str]:
    return [
        message
        for (message,) in connection.sql(
            f'select message from dbt_test__audit."{test_name}" order by message'
        ).fetchall()
    ]


def test_nces_seeds_on_a_state_chart_fail_naming_seed_segment_and_codes(
    nces_seeds_on_a_state_chart,
):
    result, connection = nces_seeds_on_a_state_chart
    assert not result.success
    failed = {r.node.name for r in result.result if r.status in ("fail", "error")}
    assert {
        "int_gl_actuals_classified__ledger_codes_fit_the_segment_widths",
        "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources",
    } <= failed
    # nothing was published from the misread ledger
    skipped = {r.node.name for r in result.result if r.status == "skipped"}
    assert {"fct_school_spending", "fct_school_budget"} <= skipped

    widths = failure_messages(
        connection, "int_gl_actuals_classified__ledger_codes_fit_the_segment_widths"
    )
    assert widths == [
        "ledger function codes in int_gl_actuals_classified (e.g. 000, 100, 200, 350, "
        "400) are at most 3 digits wide, but 4 are declared: declare the chart's width and "
        "write the rule seeds (rules/*.csv) in it (seed finance_segment_code_widths)"
    ]
    funds = failure_messages(
        connection, "int_gl_actuals_classified__every_ledger_fund_is_in_fund_sources"
    )
    assert funds == [
        "fund 205 (1 rows of int_gl_actuals_classified) is missing from "
        "dbt_project/seeds/rules/fund_sources.csv: add a row for it",
        "fund 250 (1 rows of int_gl_actuals_classified) is missing from "
        "dbt_project/seeds/rules/fund_sources.csv: add a row for it",
    ]


def test_a_rule_seed_written_for_another_width_is_named(tmp_path):
    # GIVEN the example's 3-digit widths but the NCES drivers and exclusions (4-digit functions)
    # WHEN only the seeds are built and tested
    project = tmp_path / "dbt_project"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copy(
        EXAMPLE / "seeds" / "rules" / "finance_segment_code_widths.csv",
        project / "seeds" / "rules" / "finance_segment_code_widths.csv",
    )
    warehouse = tmp_path / "warehouse.duckdb"
    os.environ["K12_WAREHOUSE"] = str(warehouse)
    try:
        result = dbtRunner().invoke(
            ["build", "--select", "central_cost_allocation_drivers", "ppe_excluded_accounts",
             "finance_segment_code_widths", "--indirect-selection", "cautious",
             "--project-dir", str(project),
             "--profiles-dir", str(project), "--target-path", str(tmp_path / "target"),
             "--log-path", str(tmp_path / "logs")]
        )  # fmt: skip
    finally:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager.close_all_connections()
        os.environ.pop("K12_WAREHOUSE", None)
    # THEN both seeds' width tests fail, naming the seed file, the segment and the codes
    assert not result.success
    connection = duckdb.connect(str(warehouse), read_only=True)
    drivers = failure_messages(
        connection, "central_cost_allocation_drivers__codes_fit_the_function_width"
    )
    excluded = failure_messages(connection, "ppe_excluded_accounts__codes_fit_their_segment_width")
    connection.close()
    assert drivers == [
        "seed central_cost_allocation_drivers (dbt_project/seeds/rules/"
        "central_cost_allocation_drivers.csv): function codes 1000, 1999, 2100, 2199, "
        "2200 are not 3-digit numbers, the ledger's function width (seed "
        "finance_segment_code_widths)"
    ]
    # the object and program rows are 3 digits and fit; only the function rows are named
    assert excluded == [
        "seed ppe_excluded_accounts (dbt_project/seeds/rules/ppe_excluded_accounts.csv): "
        "function codes 3300, 3399, 4000, 4999, 5000 are not 3-digit numbers, the "
        "ledger's function width (seed finance_segment_code_widths)"
    ]
