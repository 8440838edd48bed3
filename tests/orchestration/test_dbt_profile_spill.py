"""GIVEN the dbt profile k12 writes from its settings, with a memory limit small enough that
DuckDB spills a model's sort to its temporary directory
WHEN dbt builds that model and then the models after it
THEN every model builds: the memory limit and the temporary directory are given once, when dbt
opens the database. (Set again on each new cursor, as dbt-duckdb does with a profile's
`settings`, the temporary directory fails once DuckDB has spilled: "Cannot switch temporary
directory after the current one has been used", which stopped a 1M-student build.)"""

import duckdb
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from orchestration.settings import Settings, write_dbt_profile

MODELS = {
    # 3 million random doubles sorted under a 30 MB limit: the sort must spill
    "sorted_rows": "select random() as r, i from range(3000000) as t(i) order by r",
    "counted": "select count(*) as n from {{ ref('sorted_rows') }}",
    "counted_again": "select n from {{ ref('counted') }}",
    "counted_beside": "select max(i) as top from {{ ref('sorted_rows') }}",
}


def _project(folder):
    (folder / "models").mkdir(parents=True)
    (folder / "dbt_project.yml").write_text(
        "name: spill_check\nversion: '1.0.0'\nprofile: k12_warehouse\n"
        "models:\n  spill_check:\n    +materialized: table\n"
    )
    for name, sql in MODELS.items():
        (folder / "models" / f"{name}.sql").write_text(sql + "\n")
    return folder


def test_models_after_a_spill_still_build(tmp_path, monkeypatch):
    env = {
        "K12_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "K12_WORK_DIR": str(tmp_path / "work"),
        "K12_DUCKDB_MEMORY_LIMIT": "30MB",
    }
    settings = Settings.load(env=env)
    (settings.scratch_dir / "duckdb").mkdir(parents=True)
    profiles_dir = write_dbt_profile(settings)
    project = _project(tmp_path / "project")
    monkeypatch.setenv("DO_NOT_TRACK", "1")

    result = dbtRunner().invoke(
        ["run", "--project-dir", str(project), "--profiles-dir", str(profiles_dir),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    )  # fmt: skip

    # dbt-duckdb keeps its database open in this process after the invocation
    DuckDBConnectionManager._ENV.close()
    DuckDBConnectionManager.close_all_connections()
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    assert statuses == dict.fromkeys(MODELS, "success")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("select n from main.counted_again").fetchone() == (3000000,)
        assert con.execute("select top from main.counted_beside").fetchone() == (2999999,)
