from pathlib import Path

from orchestration.settings import DEFAULT_DATA_DIR, resolve_paths


def test_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("K12_WAREHOUSE", str(tmp_path / "from_env.duckdb"))
    monkeypatch.delenv("K12_LANDING_DIR")
    paths = resolve_paths(archive_dir=tmp_path / "from_option")
    assert paths.warehouse == tmp_path / "from_env.duckdb"
    assert paths.archive_dir == tmp_path / "from_option"
    assert paths.landing_dir == DEFAULT_DATA_DIR / "landing"
    assert isinstance(paths.release_dir, Path)
