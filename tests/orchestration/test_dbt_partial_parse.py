"""GIVEN the dbt project parsed for a run (the code location parses it when a file changed)
WHEN the next dbt invocation runs with the same settings, in the target folder every invocation
of the pipeline uses
THEN dbt reuses its partial_parse.msgpack ("Unable to do partial parsing" is not in its output),
the profile written again from equal settings is not touched, and, as a control, an invocation in
a new target folder (what dagster-dbt does unless told) parses everything again."""

import pytest
from dagster_dbt import DbtCliInvocation, DbtCliResource

from orchestration.assets.dbt_models import dbt_project_for, target_path_of
from orchestration.settings import Settings, write_dbt_profile

pytestmark = pytest.mark.slow

FULL_PARSE = "Unable to do partial parsing"


def _messages(invocation: DbtCliInvocation) -> list[str]:
    return [event.raw_event["info"]["msg"] for event in invocation.stream_raw_events()]


def test_the_next_invocation_parses_only_what_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("K12_DBT_TARGET_DIR", str(tmp_path / "target"))
    settings = Settings.load()
    profiles_dir = write_dbt_profile(settings)
    project = dbt_project_for(
        settings.dbt_project_dir, profiles_dir, settings.dbt_executable, settings.dbt_target_dir
    )
    assert target_path_of(project) == tmp_path / "target"
    assert (tmp_path / "target" / "partial_parse.msgpack").is_file()
    profile = profiles_dir / "profiles.yml"
    written = profile.stat().st_mtime_ns

    # The next run loads its settings and writes the profile again: nothing changes.
    assert write_dbt_profile(Settings.load()) == profiles_dir
    assert profile.stat().st_mtime_ns == written
    dbt = DbtCliResource(
        project_dir=project,
        profiles_dir=str(profiles_dir),
        dbt_executable=str(settings.dbt_executable),
    )
    reused = _messages(dbt.cli(["parse"], target_path=target_path_of(project)))
    assert reused and not any(FULL_PARSE in message for message in reused)

    fresh = _messages(dbt.cli(["parse"], target_path=tmp_path / "a new folder"))
    assert any(FULL_PARSE in message for message in fresh)
