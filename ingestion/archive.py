"""Content-addressed archive of every received file: `<archive>/<sha[:2]>/<sha>.csv`."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

_BLOCK = 8 * 1024 * 1024


def sha256_of(path: Path) -> str:
    # hashlib releases the GIL on large blocks, so this overlaps with a DuckDB read.
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        buffer = bytearray(_BLOCK)
        view = memoryview(buffer)
        while size := handle.readinto(buffer):
            digest.update(view[:size])
    return digest.hexdigest()


def archive_path(archive_dir: Path, sha256: str) -> Path:
    return Path(archive_dir) / sha256[:2] / f"{sha256}.csv"


def archive_copy(path: Path, archive_dir: Path, sha256: str) -> Path:
    """Copy the file unchanged under its hash, unless the archive already holds it."""
    target = archive_path(archive_dir, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copy to a private name first so a crash never leaves a truncated file under the hash.
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    shutil.copyfile(path, partial)
    os.replace(partial, target)
    return target


def hash_and_archive(path: Path, archive_dir: Path) -> tuple[str, Path]:
    sha256 = sha256_of(path)
    return sha256, archive_copy(path, archive_dir, sha256)
