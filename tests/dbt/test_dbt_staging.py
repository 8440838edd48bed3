"""GIVEN the hand-written fixture district (fixtures/raw) loaded as raw text tables
WHEN `dbt build` runs (seeds, staging views, every data test)
THEN it succeeds and the staging views hold typed, trimmed, canonical values."""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from raw_fixture_warehouse import FIXTURES

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"

EXTRACTS = sorted(
    {(path.parent.parent.name, path.parent.name) for path in FIXTURES.glob("*/*/*.csv")}
)


@pytest.fixture(scope="module")
def warehouse(built_warehouse):
    connection = duckdb.connect(str(built_warehouse[0]), read_only=True)
    yield connection
    connection.close()


def rows(warehouse, sql):
    return warehouse.sql(sql).fetchall()


def test_build_runs_every_seed_model_and_test_without_a_failure(built_warehouse):
    result = built_warehouse[1]
    statuses = Counter(str(run.status) for run in result.result.results)
    kinds = Counter(run.node.resource_type for run in result.result.results)
    staging_models = [
        run
        for run in result.result.results
        if run.node.resource_type == "model" and run.node.schema == "staging"
    ]

    assert result.success, statuses
    # exposures (who reads which marts) run nothing: dbt reports them as no-op
    assert set(statuses) == {"success", "pass", "no-op"}
    assert {run.node.resource_type for run in result.result.results if run.status == "no-op"} == {
        "exposure"
    }
    assert len(staging_models) == 17
    assert kinds["seed"] == len(list((PROJECT_DIR / "seeds").rglob("*.csv")))
    assert kinds["unit_test"] > 1
    assert kinds["test"] > 250


def test_district_spellings_become_canonical_codes_through_the_crosswalks(warehouse):
    # 'K' -> KG, '5' -> 05, 'Elementary School' -> elementary, 'Active' -> open
    assert rows(
        warehouse,
        "select school_id, school_level, lowest_grade_level, highest_grade_level, "
        "school_status from staging.stg_sis__schools order by school_id",
    ) == [
        ("0101", "elementary", "KG", "05", "open"),
        ("0305", "high", "09", "12", "open"),
    ]
    # 'female' -> F, 'Hispanic/Latino' -> hispanic, ' M ' -> M, 'BLACK' -> black,
    # 'two or more' -> two_or_more
    assert rows(
        warehouse,
        "select student_id, sex, race_ethnicity from staging.stg_sis__students "
        "where school_year = 2025 order by student_id",
    ) == [
        ("S001", "F", "hispanic"),
        ("S002", "M", "black"),
        ("S003", "X", "two_or_more"),
    ]
    assert rows(
        warehouse,
        "select grade_level, exit_code from staging.stg_sis__enrollments "
        "order by _source_row_number",
    ) == [
        ("KG", None),
        ("10", "transfer_out_documented"),
        ("10", None),
        ("09", None),
    ]
    assert rows(
        warehouse,
        "select term, mark from staging.stg_sis__course_marks order by _source_row_number",
    ) == [("S1", "B+"), ("FY", "P")]
    assert rows(
        warehouse,
        "select attendance_code from staging.stg_sis__attendance order by _source_row_number",
    ) == [
        ("absent_excused",),
        ("tardy",),
        ("absent_unexcused",),
    ]
    assert rows(
        warehouse,
        "select job_category, subject_area from staging.stg_hr__staff_assignments "
        "order by staff_id",
    ) == [("teacher", "english"), ("principal", None)]


def test_y_n_flags_in_any_case_become_booleans_and_empty_stays_null(warehouse):
    assert rows(
        warehouse,
        "select student_id, is_economically_disadvantaged, is_english_learner, "
        "is_student_with_disability, is_homeless, is_in_foster_care "
        "from staging.stg_sis__students where school_year = 2025 order by student_id",
    ) == [
        ("S001", True, True, False, False, False),
        ("S002", False, False, True, False, False),
        ("S003", False, False, False, True, True),
    ]
    assert rows(
        warehouse,
        "select account_segment, is_central_office "
        "from staging.stg_finance__chart_of_accounts order by _source_row_number",
    ) == [
        ("fund", None),
        ("location", True),
        ("location", False),
    ]


def test_text_is_trimmed_with_leading_zeros_kept_and_empty_text_becomes_null(warehouse):
    # ' 0101 ' keeps its zeros; 'Roosevelt High' arrives with a space and a no-break space
    # after it, the rating with a tab before it.
    assert rows(
        warehouse,
        "select staff_id, evaluation_rating from staging.stg_hr__staff_evaluations order by 1",
    ) == [("T100", 3), ("T200", 4)]
    assert rows(
        warehouse,
        "select school_id, school_name, network_name from staging.stg_sis__schools "
        "order by school_id",
    ) == [
        ("0101", "Lincoln Elementary", None),
        ("0305", "Roosevelt High", "North Zone"),
    ]
    assert rows(
        warehouse,
        "select first_name, state_student_id from staging.stg_sis__students "
        "where school_year = 2025 order by student_id",
    ) == [
        ("Maya", "9000001"),
        ("Jordan", None),
        ("Alex", "9000003"),
    ]


def test_dates_numbers_and_money_are_typed(warehouse):
    types = dict(
        rows(
            warehouse,
            "select table_name || '.' || column_name, data_type "
            "from information_schema.columns where table_schema = 'staging'",
        )
    )
    assert types["stg_sis__students.birth_date"] == "DATE"
    assert types["stg_sis__students.school_year"] == "INTEGER"
    assert types["stg_sis__enrollments.expected_graduation_year"] == "INTEGER"
    assert types["stg_hr__staff_assignments.fte"] == "DECIMAL(12,4)"
    assert types["stg_hr__staff_assignments.base_salary"] == "DECIMAL(18,2)"
    assert types["stg_finance__gl_actuals.posted_amount"] == "DECIMAL(18,2)"
    assert types["stg_sis__calendar.is_instructional_day"] == "BOOLEAN"
    assert types["stg_hr__staff_evaluations.evaluation_rating"] == "INTEGER"
    assert rows(warehouse, "select sum(posted_amount) from staging.stg_finance__gl_actuals") == [
        (Decimal("9874.60"),)
    ]
    assert rows(warehouse, "select sum(day_fraction_absent) from staging.stg_sis__attendance") == [
        (Decimal("1.5000"),)
    ]


def test_finance_models_name_the_year_fiscal_year_and_keyless_extracts_get_a_row_key(warehouse):
    # The two July salary postings are identical lines, and both are real: the key tells them apart.
    assert rows(
        warehouse,
        "select gl_posting_key, fiscal_year from staging.stg_finance__gl_actuals "
        "order by _source_row_number",
    ) == [
        ("2025-1", 2025),
        ("2025-2", 2025),
        ("2025-3", 2025),
    ]
    assert rows(
        warehouse,
        "select professional_learning_key, activity_type, hours_attended "
        "from staging.stg_hr__professional_learning order by _source_row_number",
    ) == [
        ("2025-1", "collaborative_planning", Decimal("1.5000")),
        ("2025-2", "collaborative_planning", Decimal("1.5000")),
        ("2025-3", "workshop", Decimal("6.0000")),
    ]


@pytest.mark.parametrize(("system", "extract"), EXTRACTS)
def test_every_fixture_row_reaches_staging_once_per_school_year(warehouse, system, extract):
    expected = {
        int(path.stem): sum(1 for _ in csv.DictReader(path.open(newline="")))
        for path in (FIXTURES / system / extract).glob("*.csv")
    }
    year = "fiscal_year" if system == "finance" else "school_year"
    counted = dict(
        rows(
            warehouse, f"select {year}, count(*) from staging.stg_{system}__{extract} group by all"
        )
    )
    assert counted == expected


def test_unknown_extra_raw_columns_do_not_reach_staging(warehouse):
    raw_columns = {
        name
        for (name,) in rows(
            warehouse,
            "select column_name from information_schema.columns "
            "where table_name = 'students' and table_schema = 'raw_sis'",
        )
    }
    staged_columns = {
        name
        for (name,) in rows(
            warehouse,
            "select column_name from information_schema.columns "
            "where table_name = 'stg_sis__students'",
        )
    }
    assert "nickname" in raw_columns
    assert "nickname" not in staged_columns
    assert "_source_file" not in staged_columns
    assert {"school_year", "_source_row_number", "_loaded_at"} <= staged_columns
