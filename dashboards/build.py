"""`python -m dashboards.build [--exports DIR] [--out DIR]`: the dashboard as static HTML.

Reads only the public Parquet exports (default: the settings' K12_EXPORT_DIR) and writes
`index.html` (the district equity page) and `schools/<school_id>.html` (one page per school) to
`--out` (default: `dashboard/` beside the exports). The pages are built in a new folder beside
`--out` and swapped in with renames, so a reader never sees a half-built dashboard.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from dashboards.district_page import district_page
from dashboards.exports import ExportsError, ExportVersion
from dashboards.layout import write_page
from dashboards.school_page import school_file, school_page, schools

INDEX = "index.html"


def build_dashboard(export_dir: Path, out: Path) -> list[Path]:
    """Every page, written to `out`; returns their paths."""
    version = ExportVersion.open(export_dir)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the dashboard is for others to read
    try:
        write_page(staging, INDEX, "District equity", district_page(version))
        for row in schools(version).itertuples():
            page = school_page(version, row.school_id)
            write_page(staging, school_file(row.school_id), str(row.school_name), page)
        retired = out.with_name(f".{out.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        if out.exists():
            out.rename(retired)
        staging.rename(out)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(out.rglob("*.html"))


def _link_of(export_dir: Path) -> Path:
    """The export link readers are pointed at, also when given the version it points to,
    `<parent>/.<name>-versions/<release_id>` (`--exports "$(readlink -f data/exports)"`): the
    dashboard belongs beside the link, never inside a version the next run removes."""
    versions = export_dir.parent.name
    if versions.startswith(".") and versions.endswith("-versions"):
        return export_dir.parent.parent / versions[1 : -len("-versions")]
    return export_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboards.build", description=__doc__)
    parser.add_argument("--exports", type=Path, help="export folder (default: K12_EXPORT_DIR)")
    parser.add_argument("--out", type=Path, help="dashboard folder (default: beside the exports)")
    options = parser.parse_args(argv)
    export_dir = options.exports
    if export_dir is None:
        # The settings object is the one home of K12_EXPORT_DIR's default.
        from orchestration.settings import Settings

        export_dir = Settings.load().export_dir
    out = options.out or _link_of(Path(export_dir).absolute()).parent / "dashboard"
    try:
        pages = build_dashboard(export_dir, out)
    except ExportsError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return 1
    print(f"dashboard: {len(pages)} pages in {out}; open {out / INDEX}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
