"""What a killed run can leave behind, removed by the next run before it starts.

Every run writes its temporary files (Windows-1252 copies of exports, DuckDB's spill files, a
release being written) into the scratch folder `<K12_WORK_DIR>/tmp`. They hold student data, so a
run that was killed must not leave them for long: the next run, once it holds the run lock (so no
other run is using them), empties the folder. It also removes the partial copies an interrupted
archive copy leaves (`.<sha>.csv.<pid>.partial`), the hidden analyst database an interrupted
publish was building beside the published one (`.<name>.tmp-*`), and the hidden `.tmp-*` folders
that releases of earlier versions were written into inside the release folder.
"""

import shutil
from pathlib import Path


def clean_leftovers(
    scratch_dir: Path, archive_dir: Path, release_dir: Path, analyst_db: Path
) -> list[Path]:
    """Empty the scratch folder and remove what interrupted runs left; returns what it removed.
    Call it only while holding the run lock."""
    scratch_dir, archive_dir, release_dir = Path(scratch_dir), Path(archive_dir), Path(release_dir)
    analyst_db = Path(analyst_db)
    removed: list[Path] = []
    if scratch_dir.exists():
        removed.extend(sorted(scratch_dir.iterdir()))
        shutil.rmtree(scratch_dir)
    scratch_dir.mkdir(parents=True, exist_ok=True)
    if archive_dir.is_dir():
        for partial in archive_dir.glob("*/.*.partial"):
            partial.unlink(missing_ok=True)
            removed.append(partial)
    for partial in analyst_db.parent.glob(f".{analyst_db.name}.tmp-*"):
        partial.unlink(missing_ok=True)
        removed.append(partial)
    if release_dir.is_dir():
        for hidden in release_dir.glob(".tmp-*"):
            if hidden.is_dir() and not hidden.is_symlink():
                shutil.rmtree(hidden, ignore_errors=True)
            else:
                hidden.unlink(missing_ok=True)
            removed.append(hidden)
    return removed
