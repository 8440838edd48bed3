"""GIVEN a Windows-1252 export, which ingestion copies to UTF-8 before DuckDB reads it
WHEN it is loaded with the run's scratch folder
THEN every temporary copy is made in that folder (which the next run empties if this one is
killed), never in the system's temp folder, and none is left when the load ends."""

import tempfile


def test_temporary_copies_of_an_export_go_to_the_scratch_folder(ws, monkeypatch):
    ws.use("cp1252")
    scratch = ws.root / "scratch"
    scratch.mkdir()
    folders = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        folders.append(kwargs.get("dir"))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)

    result = ws.load("sis", "schools", scratch_dir=scratch)

    assert result.files[0].encoding == "cp1252"
    assert len(folders) >= 2  # the header probe and the UTF-8 copy at least
    assert set(folders) == {scratch}
    assert list(scratch.iterdir()) == []


def test_without_a_scratch_folder_the_system_temp_folder_is_used(ws, monkeypatch):
    ws.use("cp1252")
    folders = []
    real_mkstemp = tempfile.mkstemp
    monkeypatch.setattr(
        tempfile, "mkstemp", lambda *a, **k: folders.append(k.get("dir")) or real_mkstemp(*a, **k)
    )
    ws.load("sis", "schools")
    assert folders and set(folders) == {None}
