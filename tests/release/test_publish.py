"""Publishing a release all at once: a reader sees all of it or none of it."""

import hashlib
import os
import threading
import time

import pytest

from release.publish import ReleaseExistsError, latest_release, manifest, write_release


def visible(release_dir) -> list[str]:
    """What a reader takes for releases: every entry not hidden."""
    return sorted(name for name in os.listdir(release_dir) if not name.startswith("."))


def staging(release_dir):
    """The run's scratch space, beside the release folder as K12_WORK_DIR is by default."""
    return release_dir.parent / "work" / "tmp" / "releases"


def publish(release_dir, release_id, files: dict[str, str]) -> None:
    with write_release(release_dir, release_id, staging(release_dir)) as folder:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)


def test_a_release_is_moved_into_place_and_latest_points_at_it(tmp_path):
    releases = tmp_path / "releases"
    publish(releases, "r1", {"S1/packet.html": "<p>one</p>"})

    assert sorted(os.listdir(releases)) == ["latest", "r1"]
    assert (releases / "r1" / "S1" / "packet.html").read_text() == "<p>one</p>"
    assert latest_release(releases) == "r1"
    assert os.readlink(releases / "latest") == "r1"  # relative: the folder can move
    assert (releases / "latest" / "S1" / "packet.html").read_text() == "<p>one</p>"


def test_a_failure_mid_write_leaves_no_partial_release_and_latest_unchanged(tmp_path):
    releases = tmp_path / "releases"
    publish(releases, "r1", {"a.csv": "id\n1\n"})

    with (
        pytest.raises(RuntimeError, match="disk full"),
        write_release(releases, "r2", staging(releases)) as folder,
    ):
        (folder / "a.csv").write_text("id\n2\n")
        raise RuntimeError("disk full")

    assert sorted(os.listdir(releases)) == ["latest", "r1"]  # no r2, no hidden leftovers
    assert os.listdir(staging(releases)) == []
    assert latest_release(releases) == "r1"
    assert (releases / "r1" / "a.csv").read_text() == "id\n1\n"


def test_a_failed_rename_leaves_nothing_and_latest_unchanged(tmp_path, monkeypatch):
    releases = tmp_path / "releases"
    publish(releases, "r1", {"a.csv": "id\n1\n"})

    def refuse(source, target):
        raise OSError("EXDEV")

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(OSError, match="EXDEV"):
        publish(releases, "r2", {"a.csv": "id\n2\n"})

    assert sorted(os.listdir(releases)) == ["latest", "r1"]
    assert latest_release(releases) == "r1"


def test_a_reader_never_sees_a_half_written_release(tmp_path):
    # GIVEN a reader listing the release folder over and over while 30 files are written slowly
    releases = tmp_path / "releases"
    publish(releases, "r1", {"only.csv": "id\n"})
    files = 30
    seen_names: set[str] = set()
    seen_sizes: list[int] = []
    writing_done = threading.Event()

    def reader():
        while not writing_done.is_set():
            for name in os.listdir(releases):
                seen_names.add(name)
                if name == "r2":
                    seen_sizes.append(len(os.listdir(releases / "r2")))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with write_release(releases, "r2", staging(releases)) as folder:
            # Written outside the folder readers list, on the same filesystem.
            assert folder.parent == staging(releases)
            assert os.stat(folder).st_dev == os.stat(releases).st_dev
            for index in range(files):
                (folder / f"{index}.csv").write_text("id\n")
                time.sleep(0.002)
            assert sorted(os.listdir(releases)) == ["latest", "r1"]
    finally:
        writing_done.set()
        thread.join()

    # THEN r2 was either absent or complete, and the reader saw no name but releases and latest
    # (and, for an instant, the hidden name `latest` is swapped in under)
    assert set(seen_sizes) <= {files}
    assert {name for name in seen_names if not name.startswith(".")} <= {"latest", "r1", "r2"}
    assert {name for name in seen_names if name.startswith(".")} <= {
        name for name in seen_names if name.startswith(".tmp-latest-")
    }
    assert len(os.listdir(releases / "r2")) == files


def test_latest_moves_only_after_the_release_is_in_place(tmp_path, monkeypatch):
    releases = tmp_path / "releases"
    real_replace = os.replace
    order = []

    def watched_replace(source, target):
        order.append(("replace", os.path.isdir(releases / "r1")))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watched_replace)
    publish(releases, "r1", {"a.csv": "id\n"})

    assert order == [("replace", True)]


def test_previous_releases_are_kept_and_latest_moves(tmp_path):
    releases = tmp_path / "releases"
    publish(releases, "2026-11-01", {"a.csv": "id\n1\n"})
    publish(releases, "2026-11-22", {"a.csv": "id\n2\n"})

    assert visible(releases) == ["2026-11-01", "2026-11-22", "latest"]
    assert (releases / "2026-11-01" / "a.csv").read_text() == "id\n1\n"
    assert latest_release(releases) == "2026-11-22"
    assert (releases / "latest" / "a.csv").read_text() == "id\n2\n"
    assert [name for name in os.listdir(releases) if name.startswith(".")] == []


def test_an_existing_release_is_never_overwritten(tmp_path):
    releases = tmp_path / "releases"
    publish(releases, "r1", {"a.csv": "id\n1\n"})
    publish(releases, "r2", {"a.csv": "id\n2\n"})
    ran = []

    with (
        pytest.raises(ReleaseExistsError, match="'r1' already exists"),
        write_release(releases, "r1", staging(releases)),
    ):
        ran.append(True)

    assert ran == []
    assert (releases / "r1" / "a.csv").read_text() == "id\n1\n"
    assert latest_release(releases) == "r2"
    assert sorted(os.listdir(releases)) == ["latest", "r1", "r2"]


def test_a_release_that_appears_while_writing_is_not_overwritten(tmp_path):
    releases = tmp_path / "releases"
    refused = pytest.raises(ReleaseExistsError, match="appeared meanwhile")
    with refused, write_release(releases, "r1", staging(releases)) as folder:
        (folder / "a.csv").write_text("id\nmine\n")
        (releases / "r1").mkdir()
        (releases / "r1" / "a.csv").write_text("id\ntheirs\n")

    assert (releases / "r1" / "a.csv").read_text() == "id\ntheirs\n"
    assert sorted(os.listdir(releases)) == ["r1"]  # no temp left, latest never made


@pytest.mark.parametrize("release_id", ["", "latest", ".hidden", "../r1", "a/b", "a\\b"])
def test_release_ids_that_are_not_plain_names_are_refused(tmp_path, release_id):
    with (
        pytest.raises(ValueError, match="not a release id"),
        write_release(tmp_path, release_id, staging(tmp_path)),
    ):
        pass
    assert os.listdir(tmp_path) == []


def test_a_latest_that_is_not_a_link_is_not_replaced(tmp_path):
    (tmp_path / "latest").mkdir()
    with pytest.raises(FileExistsError, match="not a symbolic link"):
        publish(tmp_path, "r1", {"a.csv": "id\n"})
    assert (tmp_path / "latest").is_dir() and not (tmp_path / "latest").is_symlink()
    assert (tmp_path / "r1" / "a.csv").exists()  # published under its id; latest left alone
    assert [name for name in os.listdir(tmp_path) if name.startswith(".")] == []


def test_manifest_lists_files_with_rows_and_hashes(tmp_path):
    contents = {
        "abc.txt": b"abc",
        "students.csv": b"student_id,name\n1,Ana\n2,Ben\n",
        "notes.csv": b'id,note\n1,"two\nlines"\n\n',  # a quoted line break, a blank line
        "empty.csv": b"student_id\n",
        "sub/deep.csv": b"\xef\xbb\xbfid\n7\n",  # with a byte-order mark
    }
    for name, data in contents.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)

    entries = manifest(tmp_path)

    assert [entry["path"] for entry in entries] == [
        "abc.txt",
        "empty.csv",
        "notes.csv",
        "students.csv",
        "sub/deep.csv",
    ]
    by_path = {entry["path"]: entry for entry in entries}
    assert {path: entry["rows"] for path, entry in by_path.items()} == {
        "abc.txt": None,
        "empty.csv": 0,
        "notes.csv": 1,
        "students.csv": 2,
        "sub/deep.csv": 1,
    }
    # SHA-256 of "abc", the FIPS 180-2 test vector
    assert by_path["abc.txt"]["sha256"] == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    for path, data in contents.items():
        assert by_path[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert by_path[path]["bytes"] == len(data)
