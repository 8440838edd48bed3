"""GIVEN a successful run's record
WHEN the next run is planned
THEN it is "nothing new" when nothing changed, names just the extracts whose files changed, and
runs everything when the dbt project, a setting or the warehouse changed, or no run succeeded;
AND the leftovers of a killed run are cleaned while releases and archived files stay."""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.run_plan import plan_run, record_success
from orchestration.scratch import clean_leftovers
from orchestration.settings import DBT_PROJECT_DIR, Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    project = tmp_path / "dbt_project"
    project.mkdir()
    shutil.copy(DBT_PROJECT_DIR / "dbt_project.yml", project / "dbt_project.yml")
    (project / "models").mkdir()
    (project / "models" / "stg_a.sql").write_text("select 1 as a\n")
    for extract in ("sis/students", "sis/enrollments", "hr/staff"):
        (tmp_path / "landing" / extract).mkdir(parents=True)
        (tmp_path / "landing" / extract / "2026.csv").write_text("id\n1\n")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_school as select 'A' as school_id")
    return Settings.load(
        env={},
        dbt_project_dir=project,
        landing_dir=tmp_path / "landing",
        warehouse=tmp_path / "warehouse.duckdb",
        work_dir=tmp_path / "work",
        release_dir=tmp_path / "releases",
        archive_dir=tmp_path / "archive",
        analyst_db=tmp_path / "analytics.duckdb",
        export_dir=tmp_path / "exports",
    )


WAREHOUSE_CHANGED = (
    "the warehouse (replaced, deleted or missing a mart) changed since the last successful run"
)


def succeed(settings: Settings) -> None:
    record_success(settings, plan_run(settings))


def test_the_first_run_runs_everything_and_a_repeat_is_nothing_new(settings):
    first = plan_run(settings)
    assert first.everything and first.reason == "no earlier successful run"
    record_success(settings, first)

    again = plan_run(settings)
    assert again.nothing_new and again.reason == "nothing new"


def test_a_failed_run_records_nothing_so_the_next_run_does_the_same_work(settings):
    plan_run(settings)  # planned, ran, failed: no record_success
    assert plan_run(settings).everything


def test_a_killed_run_that_wrote_into_the_warehouse_replans_only_its_extracts(settings):
    succeed(settings)
    (settings.landing_dir / "sis" / "students" / "2026.csv").write_text("id\n1\n2\n")
    with duckdb.connect(str(settings.warehouse)) as con:  # the killed run loaded the file
        con.execute("create table marts.half_built as select 1 as a")
        con.execute("drop table marts.half_built")
    assert plan_run(settings).changed_extracts == [("sis", "students")]


def test_a_changed_file_plans_only_its_extract(settings):
    succeed(settings)
    (settings.landing_dir / "sis" / "students" / "2026.csv").write_text("id\n1\n2\n")
    (settings.landing_dir / "hr" / "staff" / "2025.csv").write_text("id\n1\n")  # a new year

    plan = plan_run(settings)

    assert not plan.everything
    assert plan.changed_extracts == [("hr", "staff"), ("sis", "students")]


def test_a_removed_file_plans_its_extract(settings):
    succeed(settings)
    (settings.landing_dir / "sis" / "enrollments" / "2026.csv").unlink()
    assert plan_run(settings).changed_extracts == [("sis", "enrollments")]


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda s: (s.dbt_project_dir / "models" / "stg_a.sql").write_text("select 2 as a\n"),
         "the dbt project (a model, seed, macro or var) changed since the last successful run"),
        (lambda s: (s.dbt_project_dir / "dbt_project.yml").write_text(
            (s.dbt_project_dir / "dbt_project.yml").read_text().replace(
                "k12_minimum_reporting_n: 10", "k12_minimum_reporting_n: 11")),
         "the dbt project (a model, seed, macro or var) changed since the last successful run"),
        (lambda s: s.warehouse.unlink(),
         WAREHOUSE_CHANGED),
        (lambda s: duckdb.connect(str(s.warehouse)).execute("drop table marts.dim_school"),
         WAREHOUSE_CHANGED),
    ],
)  # fmt: skip
def test_a_change_to_the_project_or_the_warehouse_plans_everything(settings, change, reason):
    succeed(settings)
    change(settings)
    plan = plan_run(settings)
    assert plan.everything and plan.reason == reason


def test_a_release_gone_plans_everything_and_a_newer_one_does_not(settings):
    release = settings.release_dir / "r1"
    release.mkdir(parents=True)
    (release / "manifest.json").write_text("{}")
    os.symlink("r1", settings.release_dir / "latest")
    succeed(settings)
    # A run killed after its release went out: a newer latest, its extract planned again.
    (settings.release_dir / "r2").mkdir()
    (settings.release_dir / "r2" / "manifest.json").write_text("{}")
    os.replace(settings.release_dir / "latest", settings.release_dir / "old")
    os.symlink("r2", settings.release_dir / "latest")
    assert plan_run(settings).nothing_new
    # Someone deleted the releases: everything runs, and the release is published again.
    shutil.rmtree(settings.release_dir)
    plan = plan_run(settings)
    assert plan.everything and plan.reason.startswith("a published output")


def test_a_changed_setting_plans_everything(settings):
    succeed(settings)
    changed = Settings.load(
        env={"K12_DUCKDB_MEMORY_LIMIT": "2GB"},
        **{name: getattr(settings, name) for name in (
            "dbt_project_dir", "landing_dir", "warehouse", "work_dir", "release_dir",
            "archive_dir", "analyst_db", "export_dir")},
    )  # fmt: skip
    assert plan_run(changed).reason == "a setting changed since the last successful run"
    assert plan_run(settings, force=True).everything  # --full


def test_a_killed_runs_leftovers_are_removed_and_nothing_else(settings):
    scratch = settings.scratch_dir
    (scratch / "releases" / "2026-06-30_x" / "A").mkdir(parents=True)
    (scratch / "releases" / "2026-06-30_x" / "A" / "roster.csv").write_text("name\nAda\n")
    (scratch / "ingest-cp1252-1.csv").write_text("id\n1\n")
    archived = settings.archive_dir / "ab" / "ab12.csv"
    archived.parent.mkdir(parents=True)
    archived.write_text("id\n1\n")
    (archived.parent / ".ab34.csv.4242.partial").write_text("id\n")
    release = settings.release_dir / "2026-06-01_y"
    release.mkdir(parents=True)
    os.symlink(release.name, settings.release_dir / "latest")
    (settings.release_dir / ".tmp-2026-06-30_z-abc" / "B").mkdir(parents=True)
    settings.analyst_db.write_bytes(b"published")
    (settings.analyst_db.parent / f".{settings.analyst_db.name}.tmp-123").write_bytes(b"half")

    removed = clean_leftovers(
        scratch, settings.archive_dir, settings.release_dir, settings.analyst_db
    )

    assert os.listdir(scratch) == []
    assert [p.name for p in archived.parent.iterdir()] == ["ab12.csv"]
    assert sorted(os.listdir(settings.release_dir)) == ["2026-06-01_y", "latest"]
    assert settings.analyst_db.read_bytes() == b"published"
    assert not list(settings.analyst_db.parent.glob(".*.tmp-*"))
    assert len(removed) == 5
    assert all(isinstance(path, Path) for path in removed)
