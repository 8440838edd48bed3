"""GIVEN a model whose aggregate keeps every group's list in memory, built under a DuckDB ceiling
that the whole query exceeds
WHEN dbt builds it with the `table_by_year` materialization
(dbt_project/macros/materializations/table_by_year.sql)
THEN it builds a year at a time, within the ceiling, into the rows the whole query gives; the same
query as an ordinary table runs out of memory. Null and quoted batch values, an empty model and a
rebuild over the previous table keep every row and leave no working table behind."""

import shutil
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from orchestration.settings import Settings, write_dbt_profile

MATERIALIZATIONS = Path(__file__).parents[2] / "dbt_project" / "macros" / "materializations"
MACRO = MATERIALIZATIONS / "table_by_year.sql"

# 1,200,000 marks of 100,000 students, 3 a year over 4 years: 400,000 lists of 3 strings. Under a
# 100MB ceiling the whole aggregate runs out of memory; one year's (a quarter) fits.
LISTED = """
select
    student_id,
    school_year,
    count(*) as marks,
    array_to_string(list_sort(list('mark ' || mark || ' of ' || student_id)), '; ') as line
from (
    select
        'student-' || cast(i // 12 as varchar) as student_id,
        2023 + cast(i % 4 as integer) as school_year,
        cast(i as varchar) as mark
    from range(1200000) as t(i)
)
group by student_id, school_year
"""

MODELS = {
    "listed_by_year": "{{ config(materialized='table_by_year') }}" + LISTED,
    "listed_whole": "{{ config(materialized='table') }}" + LISTED,
    "null_years": "{{ config(materialized='table_by_year') }}\n"
    "select * from (values (2024, 'a'), (null, 'b'), (2025, 'c'), (2024, 'd'))"
    " as t(school_year, v)",
    "quoted_batches": "{{ config(materialized='table_by_year', batch_column='school_id') }}\n"
    "select * from (values ('O''Brien Elementary', 1), ('Lincoln', 2)) as t(school_id, n)",
    "no_rows": "{{ config(materialized='table_by_year') }}\n"
    "select 2024 as school_year, 'x' as v where false",
    # a line comment closes the model's query, and nothing follows it, not even a newline
    "ends_in_a_comment": "{{ config(materialized='table_by_year') }}\n"
    "select * from (values (2024, 1), (2025, 2)) as t(school_year, n) -- two years",
}


@pytest.fixture
def build(tmp_path, monkeypatch):
    settings = Settings.load(
        env={
            "K12_WAREHOUSE": str(tmp_path / "w.duckdb"),
            "K12_WORK_DIR": str(tmp_path / "work"),
            "K12_DUCKDB_MEMORY_LIMIT": "100MB",
        }
    )
    (settings.scratch_dir / "duckdb").mkdir(parents=True)
    profiles_dir = write_dbt_profile(settings)
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "macros").mkdir()
    shutil.copy(MACRO, project / "macros" / MACRO.name)
    (project / "dbt_project.yml").write_text(
        "name: by_year_check\nversion: '1.0.0'\nprofile: k12_warehouse\n"
    )
    for name, sql in MODELS.items():
        (project / "models" / f"{name}.sql").write_text(sql)
    monkeypatch.setenv("DO_NOT_TRACK", "1")

    def run(*select: str) -> dict[str, str]:
        # one model at a time: models built side by side would share the ceiling
        result = dbtRunner().invoke(
            ["run", "--threads", "1", "--select", *select, "--project-dir", str(project),
             "--profiles-dir", str(profiles_dir), "--target-path", str(tmp_path / "target"),
             "--log-path", str(tmp_path / "logs")]
        )  # fmt: skip
        # dbt-duckdb keeps its database open in this process after the invocation
        DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager.close_all_connections()
        return {r.node.name: (str(r.status), r.message or "") for r in result.result.results}

    return run, tmp_path / "w.duckdb"


def test_built_a_year_at_a_time_within_the_ceiling(build):
    run, warehouse = build

    statuses = run("listed_by_year", "listed_whole")

    assert statuses["listed_by_year"][0] == "success"
    # the counter-case: the same query in one piece does not fit
    assert statuses["listed_whole"][0] == "error"
    assert "Out of Memory" in statuses["listed_whole"][1]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select count(*), sum(marks), count(distinct student_id) from main.listed_by_year"
        ).fetchone() == (400000, 1200000, 100000)
        assert con.execute(
            "select school_year, count(*) from main.listed_by_year group by 1 order by 1"
        ).fetchall() == [(2023, 100000), (2024, 100000), (2025, 100000), (2026, 100000)]
        # student-0's marks are i = 0..11: i % 4 = 0 (2023) for 0, 4, 8; 2026 for 3, 7, 11
        assert con.execute(
            "select line from main.listed_by_year where student_id = 'student-0'"
            " order by school_year"
        ).fetchall() == [
            ("mark 0 of student-0; mark 4 of student-0; mark 8 of student-0",),
            ("mark 1 of student-0; mark 5 of student-0; mark 9 of student-0",),
            ("mark 10 of student-0; mark 2 of student-0; mark 6 of student-0",),
            ("mark 11 of student-0; mark 3 of student-0; mark 7 of student-0",),
        ]


def test_null_and_quoted_batches_empty_models_and_rebuilds_keep_every_row(build):
    run, warehouse = build

    built = ("listed_by_year", "null_years", "quoted_batches", "no_rows", "ends_in_a_comment")
    first = run(*built)
    second = run(*built)  # over the tables the first run built

    for statuses in (first, second):
        for name in built:
            assert statuses[name][0] == "success", (name, statuses[name])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select school_year, v from main.null_years order by v").fetchall() == [
            (2024, "a"),
            (None, "b"),
            (2025, "c"),
            (2024, "d"),
        ]
        quoted = con.execute("select school_id, n from main.quoted_batches order by n").fetchall()
        assert quoted == [("O'Brien Elementary", 1), ("Lincoln", 2)]
        assert con.execute("select count(*) from main.no_rows").fetchone() == (0,)
        assert [c[0] for c in con.execute("describe main.no_rows").fetchall()] == [
            "school_year",
            "v",
        ]
        assert con.execute("select count(*) from main.listed_by_year").fetchone() == (400000,)
        assert con.execute("select sum(n) from main.ends_in_a_comment").fetchone() == (3,)
        assert (
            con.execute(
                "select table_name from information_schema.tables where table_name like '%__dbt_%'"
            ).fetchall()
            == []
        )
