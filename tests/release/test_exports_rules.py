"""The per-column rules of the marts the packets do not cover, and coded cells as numbers,
each with a hand-worked case that must fail the rule."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from release.cells import rate_cell
from release.export_build import ExportContext, build_export
from release.export_cells import cell_columns
from release.export_outcomes import OUTCOME_MARTS
from release.export_rules import NOT_EXPORTED, RULES, is_student_level
from release.exports import CATALOG, ReleaseInfo, publish_exports
from release.mart_docs import MartDoc, mart_docs
from release.suppression import suppress_rates

CONTEXT = ExportContext(minimum_n=10, release_year=2026, withheld_schools=())


@pytest.mark.parametrize(
    ("count", "of", "expected"),
    [
        # 1 of 21 = 4.8%: at or below the 21-40 band's 5%, bottom-coded
        (1, 21, {"r": 0.05, "r_suppression": "bottom_coded", "r_lower": 0.0, "r_upper": 0.05}),
        # 20 of 21 = 95.2%: at or above its 95%, top-coded
        (20, 21, {"r": 0.95, "r_suppression": "top_coded", "r_lower": 0.95, "r_upper": 1.0}),
        # 2 of 21 = 9.5%: shown as 10%
        (2, 21, {"r": 0.10, "r_suppression": "", "r_lower": 0.10, "r_upper": 0.10}),
        # 3 of 9: under the minimum n, withheld with its denominator
        (3, 9, {"r": None, "r_suppression": "primary", "r_lower": None, "r_upper": None}),
    ],
)
def test_a_cell_becomes_numbers(count, of, expected):
    frame = pd.DataFrame({"key": ["x"], "count": [count], "denominator": [of]})
    (row,) = suppress_rates(frame, keys=["key"], minimum_n=10).to_dict("records")
    columns = cell_columns(rate_cell(row), "r", "n")
    assert columns == {"n": of if expected["r"] is not None else None, **expected}


def test_no_cell_is_no_figure_and_not_withheld():
    assert cell_columns(None, "r", None) == {
        "r": None,
        "r_suppression": "",
        "r_lower": None,
        "r_upper": None,
    }


@pytest.fixture
def con(tmp_path):
    """Educator equity in two quartile groups: the high quartile has 21 students (1 in the
    measure) and 12 teacher FTE; the low quartile 8 students and 9.5 teacher FTE."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("create schema marts")
    con.execute(
        """
        create table marts.fct_educator_equity as select
            2026 as school_year, 'inexperienced' as measure, 'poverty' as comparison,
            12.0::decimal(38, 4) as high_quartile_teacher_fte,
            9.5::decimal(38, 4) as low_quartile_teacher_fte,
            3.0::decimal(38, 4) as high_quartile_measure_teacher_fte,
            0.25 as high_quartile_teacher_share, 0.4 as low_quartile_teacher_share,
            21 as high_quartile_students, 8 as low_quartile_students,
            1 as high_quartile_measure_students, 2 as low_quartile_measure_students,
            1 / 21 as high_quartile_student_share, 2 / 8 as low_quartile_student_share
        """
    )
    yield con
    con.close()


def test_educator_equity_withholds_small_groups_and_codes_student_shares(con):
    table = build_export(con, "fct_educator_equity", CONTEXT)
    (row,) = con.execute(f"select * from {table.table}").df().to_dict("records")
    # teachers: 12 FTE shown, 9.5 under 10 withheld; the measure's FTE never leaves
    assert row["high_quartile_teacher_share"] == 0.25
    assert pd.isna(row["low_quartile_teacher_share"])
    assert row["low_quartile_teacher_share_suppression"] == "primary"
    # students: 21 shown, 8 withheld; 1 of 21 is bottom-coded at 5%; 2 of 8 withheld
    assert row["high_quartile_students"] == 21 and pd.isna(row["low_quartile_students"])
    assert row["low_quartile_students_suppression"] == "primary"
    assert (row["high_quartile_student_share"], row["high_quartile_student_share_upper"]) == (
        0.05,
        0.05,
    )
    assert row["high_quartile_student_share_suppression"] == "bottom_coded"
    assert pd.isna(row["low_quartile_student_share"])
    assert row["low_quartile_student_share_suppression"] == "primary"
    assert "high_quartile_measure_students" not in row
    assert "high_quartile_measure_teacher_fte" not in row
    assert set(table.not_exported) == {
        "high_quartile_measure_teacher_fte",
        "high_quartile_measure_students",
        "low_quartile_measure_students",
    }
    types = dict(
        con.execute(f"select column_name, column_type from (describe {table.table})").fetchall()
    )
    assert types["high_quartile_student_share"] == "DOUBLE"
    assert types["high_quartile_teacher_fte"] == "DECIMAL(38,4)"


def test_a_count_of_zero_students_is_withheld_and_a_missing_figure_is_not(con):
    con.execute(
        "create table marts.fct_school_spending as select * from (values "
        "('A', 2026, 0, null::decimal(18, 2)), ('B', 2026, 10, 9000.00::decimal(18, 2)), "
        "('C', 2026, 9, 12000.00::decimal(18, 2))) "
        "t(school_id, fiscal_year, census_enrollment, per_pupil_expenditure)"
    )
    table = build_export(con, "fct_school_spending", CONTEXT)
    rows = con.execute(
        f"select school_id, census_enrollment, census_enrollment_suppression, "
        f"per_pupil_expenditure, per_pupil_expenditure_suppression from {table.table} "
        "order by school_id"
    ).fetchall()
    assert rows == [
        ("A", None, "primary", None, ""),  # 0 students: withheld; no spending: nothing to hide
        ("B", 10, "", Decimal("9000.00"), ""),
        ("C", None, "primary", None, "primary"),  # 9 students: both withheld
    ]


def test_the_ledger_types_leave_as_they_are_and_the_key_figures_are_listed_not_exported(tmp_path):
    """Ledger rows by record type are about no student: exported whole. The packets' key
    figures repeat other marts' cells: not exported, and the catalog says why."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_ledger_record_types as select * from (values "
            "(2026, 'expenditure', true, 12, 9874.60::decimal(18, 2)), "
            "(2026, 'revenue', false, 3, -250.00::decimal(18, 2))) "
            "t(fiscal_year, record_type, is_spending, ledger_rows, total_amount)"
        )
        con.execute(
            "create table marts.fct_school_key_figures as select 2026 school_year, "
            "'school' reporting_level, 'A' school_id, 'proficiency_math' measure, "
            "0.5 as value, 3 as numerator, 6 as denominator"
        )
    release = ReleaseInfo("2026-03-15_20260316T060000Z", "run-1", "2026-03-15", 2026)
    publish_exports(
        path, tmp_path / "exports", tmp_path / "work", release=release, minimum_n=10, docs={}
    )
    catalog = json.loads((tmp_path / "exports" / CATALOG).read_text())
    assert list(catalog["marts"]) == ["fct_ledger_record_types"]
    assert catalog["marts"]["fct_ledger_record_types"]["rows"] == {"2026": 2}
    assert (
        catalog["not_exported"]["fct_school_key_figures"] == NOT_EXPORTED["fct_school_key_figures"]
    )
    assert not (tmp_path / "exports" / "fct_school_key_figures").exists()
    with duckdb.connect() as con:
        rows = con.execute(
            "select record_type, is_spending, ledger_rows, total_amount from read_parquet("
            f"'{tmp_path / 'exports' / 'fct_ledger_record_types'}/**/*.parquet') order by 1"
        ).fetchall()
    assert rows == [
        ("expenditure", True, 12, Decimal("9874.60")),
        ("revenue", False, 3, Decimal("-250.00")),
    ]


def _undecided(docs: dict[str, MartDoc]) -> list[str]:
    """The documented marts no rule covers: the exports would refuse them."""
    return [
        mart
        for mart, doc in docs.items()
        if not is_student_level(mart, list(doc.columns))
        and mart not in OUTCOME_MARTS
        and mart not in RULES
        and mart not in NOT_EXPORTED
    ]


def test_every_mart_of_the_dbt_project_has_an_export_decision():
    docs = mart_docs(Path(__file__).resolve().parents[2] / "dbt_project")
    assert {"fct_assessment_proficiency", "fct_ledger_record_types"} <= set(docs)
    assert _undecided(docs) == []
    # a new aggregate mart nobody has decided on is caught
    assert _undecided({**docs, "fct_new_thing": MartDoc("", [], {"school_id": ""})}) == [
        "fct_new_thing"
    ]
