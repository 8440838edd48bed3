"""Publishing a release all at once: readers see the whole release or none of it.

    with write_release(release_dir, "2026-11-22", staging_dir) as folder:
        ...write files into folder...
    # now release_dir/2026-11-22/ holds them, and release_dir/latest points at it

How it stays all-or-nothing:
- The release is written into a private folder of the run's scratch space (`staging_dir`, under
  K12_WORK_DIR), never inside `release_dir`: a half-written release holds named student rosters,
  and nobody who reads the release folder may see it. The scratch space must be on the same
  filesystem as `release_dir` (checked before anything is written), so the final move is one
  `os.rename`, which POSIX makes atomic: a reader listing `release_dir` sees either no
  `<release_id>` or the finished one, never a half-written one.
- Before the rename every file and folder is fsynced, so a crash after the rename cannot leave a
  published release with empty files; after it the parent folder is fsynced.
- If the body raises (or the rename fails) the temporary folder is removed and the exception goes
  on; `latest` and earlier releases are untouched. A process killed outright leaves its folder in
  the scratch space, which the next run empties before it starts (orchestration.scratch).
- An existing `<release_id>` is never overwritten: `ReleaseExistsError` before anything is
  written. If one appears while the release is being written, rename(2) refuses a non-empty
  target (`ReleaseExistsError` again); an *empty* folder of that name would be replaced, which
  loses nothing.
- `latest` moves only after the rename (if moving it fails, the new release stays published under
  its id, `latest` still names the previous one, and the error is raised). It is a symbolic link,
  replaced atomically: a new link with a hidden temporary name is made next to it and
  `os.replace`d over it. A link (rather than a small file naming the release) lets people and
  tools open `latest/<school_id>/packet.html` directly, and the swap is the same single rename.
  Its target is relative (`<release_id>`), so the release folder can be moved or mounted
  elsewhere. (A filesystem without symbolic links, such as some SMB shares, would need the file.)
  A reader that must see one release throughout resolves the link once (`latest_release`) and
  reads that folder.
- Earlier releases are kept; nothing here deletes one.
"""

from __future__ import annotations

import csv
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingestion.archive import sha256_of

LATEST = "latest"
_HIDDEN_PREFIX = ".tmp-"


class ReleaseExistsError(FileExistsError):
    """A release with this id is already published; releases are never overwritten."""


@contextmanager
def write_release(release_dir: Path, release_id: str, staging_dir: Path) -> Iterator[Path]:
    """Yield an empty folder in `staging_dir` to write the release into; publish it into
    `release_dir` when the block ends."""
    _check_release_id(release_id)
    release_dir, staging_dir = Path(release_dir), Path(staging_dir)
    release_dir.mkdir(parents=True, exist_ok=True)
    staging_dir.mkdir(parents=True, exist_ok=True)
    if os.stat(staging_dir).st_dev != os.stat(release_dir).st_dev:
        raise OSError(
            f"the scratch folder {staging_dir} (K12_WORK_DIR) and the release folder "
            f"{release_dir} (K12_RELEASE_DIR) must be on one filesystem, so that a release "
            "appears in one atomic rename"
        )
    final = release_dir / release_id
    if os.path.lexists(final):
        raise ReleaseExistsError(f"release {release_id!r} already exists in {release_dir}")
    # os.mkdir honours the umask (mkdtemp would make it 0700, unreadable to the packet's readers)
    work = staging_dir / f"{release_id}-{uuid.uuid4().hex}"
    os.mkdir(work)
    try:
        yield work
        fsync_tree(work)
        try:
            os.rename(work, final)
        except OSError as error:
            if os.path.lexists(final):
                raise ReleaseExistsError(f"release {release_id!r} appeared meanwhile") from error
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    fsync_path(release_dir)
    _point_latest(release_dir, release_id)


def latest_release(release_dir: Path) -> str | None:
    """The id of the release `latest` points at, or None before the first release."""
    link = Path(release_dir) / LATEST
    return os.readlink(link) if link.is_symlink() else None


def manifest(folder: Path) -> list[dict]:
    """Every file under `folder`, sorted by path: its path relative to `folder` (with "/"), its
    size in bytes, its SHA-256, and for a `.csv` its rows (records after the header; blank lines
    are not records; quoted line breaks stay inside their record), else None."""
    folder = Path(folder)
    entries = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        entries.append(
            {
                "path": path.relative_to(folder).as_posix(),
                "bytes": path.stat().st_size,
                "sha256": sha256_of(path),
                "rows": _csv_rows(path) if path.suffix.lower() == ".csv" else None,
            }
        )
    return entries


def _csv_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        records = sum(1 for record in csv.reader(handle) if record)
    return max(records - 1, 0)


def _point_latest(release_dir: Path, release_id: str) -> None:
    link = release_dir / LATEST
    if os.path.lexists(link) and not link.is_symlink():
        raise FileExistsError(f"{link} exists and is not a symbolic link; not replacing it")
    point_link(link, release_id, f"{_HIDDEN_PREFIX}{LATEST}-")


def point_link(link: Path, target: str, hidden_prefix: str) -> None:
    """Make `link` a symbolic link to `target` in one atomic step: a new link under a hidden
    temporary name (`hidden_prefix` + random) is renamed over the old one."""
    temporary = link.parent / f"{hidden_prefix}{uuid.uuid4().hex}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(link.parent)


def _check_release_id(release_id: str) -> None:
    if (
        not release_id
        or release_id == LATEST
        or release_id.startswith(".")
        or any(sep in release_id for sep in ("/", "\\", "\0"))
    ):
        raise ValueError(
            f"not a release id: {release_id!r} (a plain name, not hidden, not 'latest')"
        )


def fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                os.fsync(handle.fileno())
        fsync_path(Path(folder))


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
