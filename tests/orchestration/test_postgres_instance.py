"""GIVEN a throwaway PostgreSQL 15 cluster on 127.0.0.1 (Debian's tools; `.ci/run` installs them)
WHEN Dagster's instance is read from deploy/postgres/dagster.yaml and one job runs against it
THEN the run, its events and its materialization are stored in PostgreSQL, not in SQLite files,
and the variant differs from the default dagster.yaml only in its storage."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg2
import pytest
import yaml
from dagster import DagsterInstance, DagsterRunStatus, materialize

from orchestration.assets.raw_extracts import build_raw_extract_asset
from orchestration.resources import pipeline_resources
from orchestration.settings import REPO_ROOT, Settings

POSTGRES_HOME = REPO_ROOT / "deploy" / "postgres"


def _postgres_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    assert found, f"{name} not found: install Debian's postgresql (.ci/run does)"
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    # initdb refuses to run as root; Debian's package creates the `postgres` user for that.
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="k12-postgres-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if as_root:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    run = lambda *command: subprocess.run([*prefix, *command], check=True, capture_output=True)  # noqa: E731
    try:
        run(_postgres_tool("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust")
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets}"
        # the server's output goes to a log file: on an inherited pipe, run() would wait forever
        log = folder / "server.log"
        run(_postgres_tool("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        try:
            run(
                _postgres_tool("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "dagster",
            )
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/dagster"
        finally:
            run(_postgres_tool("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_postgres_variant_differs_from_the_default_only_in_storage():
    default = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    variant = yaml.safe_load((POSTGRES_HOME / "dagster.yaml").read_text())
    assert variant["storage"] == {"postgres": {"postgres_url": {"env": "K12_DAGSTER_POSTGRES_URL"}}}
    assert {k: v for k, v in variant.items() if k != "storage"} == {
        k: v for k, v in default.items() if k != "storage"
    }


def test_a_job_runs_with_its_run_and_events_stored_in_postgres(
    postgres_url, isolated_paths, monkeypatch
):
    landing = isolated_paths / "landing" / "sis" / "students"
    landing.mkdir(parents=True)
    (landing / "2025.csv").write_text(
        "student_id,state_student_id,first_name,last_name,birth_date,sex,race_ethnicity,"
        "economically_disadvantaged,english_learner,students_with_disabilities,homeless,"
        "foster_care\nS1,T1,Ana,Diaz,2010-04-01,F,hispanic,Y,N,N,N,N\n",
        encoding="utf-8",
    )
    settings = Settings.load(env={**os.environ, "DAGSTER_HOME": str(POSTGRES_HOME)})
    assert settings.dagster_home == POSTGRES_HOME
    for variable, value in settings.dagster_env().items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("K12_DAGSTER_POSTGRES_URL", postgres_url)

    with DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        result = materialize(
            [build_raw_extract_asset("sis", "students", "Students.")],
            resources=pipeline_resources(settings),
            instance=instance,
        )
        assert result.success
        stored = instance.get_run_by_id(result.run_id)
        assert stored.status == DagsterRunStatus.SUCCESS

    with (
        psycopg2.connect(postgres_url.replace("+psycopg2", "")) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("select status from runs where run_id = %s", (result.run_id,))
        assert cursor.fetchall() == [("SUCCESS",)]
        cursor.execute(
            "select count(*) from event_logs where run_id = %s "
            "and dagster_event_type = 'ASSET_MATERIALIZATION'",
            (result.run_id,),
        )
        assert cursor.fetchone()[0] == 1
    # nothing went to the SQLite storage of the default instance
    assert not list(Path(settings.dagster_storage).rglob("*.db"))
