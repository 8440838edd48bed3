"""GIVEN the environment, the command line's options and dbt_project.yml
WHEN the settings are read
THEN each setting comes in through Settings.load, an option beats the environment, the
environment beats the default, and dbt's profile and dbt itself are found without PATH."""

import re
import sys
from pathlib import Path

import pytest
import yaml

from orchestration.settings import (
    DEFAULT_DATA_DIR,
    REPO_ROOT,
    Settings,
    declared_dbt_var,
    declared_whole_number_var,
    find_dbt,
    write_dbt_profile,
)


def test_option_beats_environment_beats_default(tmp_path):
    env = {"K12_WAREHOUSE": str(tmp_path / "from_env.duckdb"), "K12_DUCKDB_MEMORY_LIMIT": "1GB"}
    settings = Settings.load(env=env, archive_dir=tmp_path / "from_option", release_dir=None)
    assert settings.warehouse == tmp_path / "from_env.duckdb"
    assert settings.archive_dir == tmp_path / "from_option"
    assert settings.landing_dir == DEFAULT_DATA_DIR / "landing"
    assert settings.release_dir == DEFAULT_DATA_DIR / "releases"  # None: not given
    assert settings.scratch_dir == DEFAULT_DATA_DIR / "work" / "tmp"
    assert settings.duckdb_memory_limit == "1GB"
    assert Settings.load(env={}).duckdb_memory_limit == "4GB"


def test_the_gate_and_release_settings_come_from_the_environment_and_dbt_project_yml(tmp_path):
    (tmp_path / "dbt_project.yml").write_text(
        "vars:\n  k12_early_warning_lowest_grade: 9\n  k12_minimum_reporting_n: 5\n"
    )
    env = {"K12_RELEASE_FRESHNESS_DAYS": "30", "K12_RELEASE_MAX_RATE_CHANGE": "0.2"}
    settings = Settings.load(env=env, dbt_project_dir=tmp_path)
    assert settings.gate.early_warning_lowest_grade == 9
    assert settings.gate.freshness_days == 30 and settings.gate.max_rate_change == 0.2
    assert settings.minimum_reporting_n == 5
    shipped = Settings.load(env={})
    assert shipped.gate.early_warning_lowest_grade == 6 and shipped.minimum_reporting_n == 10


def test_dbt_is_found_beside_the_interpreter_whatever_path_says():
    # cron and systemd run `k12` by its absolute path with PATH=/usr/bin:/bin
    assert find_dbt({"PATH": "/usr/bin:/bin"}) == Path(sys.executable).with_name("dbt")
    assert find_dbt({"K12_DBT_EXECUTABLE": "/opt/dbt/bin/dbt"}) == Path("/opt/dbt/bin/dbt")


def test_the_dbt_profile_is_written_from_the_settings_and_only_when_they_change(tmp_path):
    env = {"K12_WAREHOUSE": str(tmp_path / "w.duckdb"), "K12_WORK_DIR": str(tmp_path / "work")}
    settings = Settings.load(env=env)
    profiles_dir = write_dbt_profile(settings)
    profile = profiles_dir / "profiles.yml"
    output = yaml.safe_load(profile.read_text())["k12_warehouse"]["outputs"]["warehouse"]
    assert output["path"] == str(tmp_path / "w.duckdb")
    assert output["config_options"]["memory_limit"] == "4GB"
    assert output["config_options"]["temp_directory"] == str(tmp_path / "work" / "tmp" / "duckdb")
    written = profile.stat().st_mtime_ns
    write_dbt_profile(settings)
    assert profile.stat().st_mtime_ns == written  # unchanged: dbt's partial parse survives


def test_dagster_reads_its_home_and_storage_from_the_settings(tmp_path):
    settings = Settings.load(env={"K12_DAGSTER_STORAGE": str(tmp_path / "d")})
    assert settings.dagster_env() == {
        "DAGSTER_HOME": str(REPO_ROOT),
        "K12_DAGSTER_STORAGE": str(tmp_path / "d"),
        "K12_DAGSTER_COMPUTE_LOGS": str(DEFAULT_DATA_DIR / "dagster" / "logs"),
    }


def test_a_declared_dbt_var_is_read_from_dbt_project_yml(tmp_path):
    assert declared_dbt_var("k12_early_warning_lowest_grade") == 6  # the shipped project
    (tmp_path / "dbt_project.yml").write_text("name: x\nvars:\n  k12_some_var: 9\n")
    assert declared_dbt_var("k12_some_var", tmp_path) == 9


def test_an_undeclared_dbt_var_names_the_file_and_the_var(tmp_path):
    (tmp_path / "dbt_project.yml").write_text("name: x\nvars:\n  k12_other_var: 1\n")
    with pytest.raises(KeyError, match=r"dbt_project\.yml declares no var 'k12_some_var'"):
        declared_dbt_var("k12_some_var", tmp_path)
    (tmp_path / "dbt_project.yml").write_text("name: x\n")  # no vars at all
    with pytest.raises(KeyError, match=re.escape(str(tmp_path))):
        declared_dbt_var("k12_some_var", tmp_path)


def test_a_whole_number_var_that_is_not_one_names_the_file_and_the_var(tmp_path):
    (tmp_path / "dbt_project.yml").write_text("name: x\nvars:\n  k12_n: 10\n  k12_m: '10'\n")
    assert declared_whole_number_var("k12_n", tmp_path) == 10
    with pytest.raises(ValueError, match=r"dbt_project\.yml: var 'k12_m' must be a whole number"):
        declared_whole_number_var("k12_m", tmp_path)


def test_paths_name_links_not_what_they_point_at(tmp_path):
    # The published exports folder is a link swapped on every run: the setting must stay the link.
    (tmp_path / ".versions" / "r1").mkdir(parents=True)
    (tmp_path / "exports").symlink_to(".versions/r1")
    settings = Settings.load(env={"K12_EXPORT_DIR": str(tmp_path / "exports")})
    assert settings.export_dir == tmp_path / "exports"


def test_the_gate_judges_freshness_on_the_day_of_the_run(tmp_path):
    from datetime import date

    assert Settings.load(env={}).gate_for_this_run.today == date.today()
    fixed = Settings.load(env={}, today=date(2026, 3, 1))
    assert fixed.gate_for_this_run.today == date(2026, 3, 1)
