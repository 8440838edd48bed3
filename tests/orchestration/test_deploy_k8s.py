"""GIVEN the Helm values in deploy/k8s (helm itself is not in Debian, so nothing renders them here)
WHEN their K12_* environment is read by the settings
THEN every variable is one the settings read, with the value it was given, and the run pods get
the code location's environment, secrets and volume."""

import dataclasses
from pathlib import Path

import yaml

from orchestration.settings import REPO_ROOT, Settings

VALUES = yaml.safe_load((REPO_ROOT / "deploy" / "k8s" / "values.yaml").read_text())


def test_every_k12_variable_is_read_by_the_settings_with_its_value():
    deployment = VALUES["dagster-user-deployments"]["deployments"][0]
    env = {item["name"]: item["value"] for item in deployment["env"]}
    settings = Settings.load(env=env)
    read = {str(value) for value in dataclasses.asdict(settings).values()}
    not_read = {name: value for name, value in env.items() if value not in read}
    assert not_read == {}
    assert settings.warehouse == Path("/data/warehouse.duckdb")
    assert settings.duckdb_memory_limit == "4GB"


def test_runs_get_the_code_locations_environment_and_volume_and_run_one_at_a_time():
    deployment = VALUES["dagster-user-deployments"]["deployments"][0]
    launcher = VALUES["runLauncher"]["config"]["k8sRunLauncher"]
    assert VALUES["runLauncher"]["type"] == "K8sRunLauncher"
    assert launcher["volumes"] == deployment["volumes"]
    assert launcher["volumeMounts"] == deployment["volumeMounts"]
    assert launcher["envSecrets"] == deployment["envSecrets"]
    assert deployment["dagsterApiGrpcArgs"] == ["-m", "orchestration.definitions"]
    coordinator = VALUES["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"]
    assert coordinator["maxConcurrentRuns"] == 1
