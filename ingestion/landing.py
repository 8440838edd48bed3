"""Find export files in the landing folder: `<landing>/<system>/<extract>/<school_year>.csv`."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ingestion.contract import Contract, load_contract
from ingestion.source_profile import DEFAULT_PROFILE_NAME

_YEAR_FILE = re.compile(r"(\d{4})\.csv")
# An empty file beside a year file that lets its next shrink load (see ingestion/guards.py).
SHRINK_MARKER_SUFFIX = ".accept-shrink"
_SHRINK_MARKER = re.compile(r"(\d{4})" + re.escape(SHRINK_MARKER_SUFFIX))


class LandingFile(NamedTuple):
    school_year: int
    path: Path


@dataclass
class LandingScan:
    files: dict[tuple[str, str], list[LandingFile]] = field(default_factory=dict)
    # (system, extract) -> school year -> its `<year>.accept-shrink` marker.
    shrink_markers: dict[tuple[str, str], dict[int, Path]] = field(default_factory=dict)
    # Every other entry, relative to the landing folder, POSIX style; folders end with "/" and
    # are followed by everything inside them. Hidden names (partial uploads) are listed too.
    unrecognized: list[str] = field(default_factory=list)

    def unrecognized_under(self, system: str, extract: str) -> list[str]:
        prefix = f"{system}/{extract}/"
        return [entry for entry in self.unrecognized if entry.startswith(prefix)]


def discover(landing_dir: Path, contract: Contract | None = None) -> LandingScan:
    """Map (system, extract) to its year files, sorted by year; report everything else."""
    contract = contract or load_contract()
    landing_dir = Path(landing_dir)
    scan = LandingScan()
    if not landing_dir.is_dir():
        return scan

    def unrecognized(entry: Path) -> None:
        scan.unrecognized.append(_relative(landing_dir, entry))
        if entry.is_dir() and not entry.is_symlink():
            for inner in _entries(entry):
                unrecognized(inner)

    for system_entry in _entries(landing_dir):
        system = system_entry.name
        if system == DEFAULT_PROFILE_NAME and system_entry.is_file():
            continue  # the district's source profile, read by the settings' choice
        if not system_entry.is_dir() or system not in contract.systems:
            unrecognized(system_entry)
            continue
        for extract_entry in _entries(system_entry):
            key = (system, extract_entry.name)
            if not extract_entry.is_dir() or key not in contract.extracts:
                unrecognized(extract_entry)
                continue
            for entry in _entries(extract_entry):
                year_file = _YEAR_FILE.fullmatch(entry.name)
                marker = _SHRINK_MARKER.fullmatch(entry.name)
                if year_file and entry.is_file():
                    scan.files.setdefault(key, []).append(LandingFile(int(year_file[1]), entry))
                elif marker and entry.is_file():
                    scan.shrink_markers.setdefault(key, {})[int(marker[1])] = entry
                else:
                    unrecognized(entry)
    for year_files in scan.files.values():
        year_files.sort()
    return scan


def landing_fingerprint(landing_dir: Path) -> str:
    """A cheap change detector for a sensor cursor: paths, sizes and mtimes, hashed."""
    digest = hashlib.sha256()
    landing_dir = Path(landing_dir)
    if not landing_dir.is_dir():
        return digest.hexdigest()
    for folder, subfolders, files in os.walk(landing_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            stat = path.stat()
            relative = path.relative_to(landing_dir).as_posix()
            digest.update(f"{relative}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def _relative(landing_dir: Path, entry: Path) -> str:
    relative = entry.relative_to(landing_dir).as_posix()
    return relative + "/" if entry.is_dir() else relative
