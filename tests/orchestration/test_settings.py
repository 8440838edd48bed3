import re
from pathlib import Path

import pytest

from orchestration.release_gate import release_gate_settings
from orchestration.settings import (
    DEFAULT_DATA_DIR,
    declared_dbt_var,
    declared_whole_number_var,
    resolve_paths,
)


def test_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("K12_WAREHOUSE", str(tmp_path / "from_env.duckdb"))
    monkeypatch.delenv("K12_LANDING_DIR")
    paths = resolve_paths(archive_dir=tmp_path / "from_option")
    assert paths.warehouse == tmp_path / "from_env.duckdb"
    assert paths.archive_dir == tmp_path / "from_option"
    assert paths.landing_dir == DEFAULT_DATA_DIR / "landing"
    assert isinstance(paths.release_dir, Path)


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


def test_the_release_gate_expects_the_declared_lowest_early_warning_grade(tmp_path):
    (tmp_path / "dbt_project.yml").write_text("vars:\n  k12_early_warning_lowest_grade: 9\n")
    assert release_gate_settings(tmp_path).early_warning_lowest_grade == 9
    assert release_gate_settings().early_warning_lowest_grade == 6
