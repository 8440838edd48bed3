"""Parquet exports of every mart for BI tools, with a catalog, swapped in all at once.

    published = publish_exports(warehouse, settings.export_dir, settings.scratch_dir / "exports",
                                release=release, minimum_n=..., docs=mart_docs(dbt_dir))

What goes where:
- `export_dir` (a BI server others read): the aggregate marts only, each through the release's
  suppression (release.export_build). A student-level mart (`fct_student_*`,
  `fct_early_warning`, `dim_student`, anything with a `student_id`) never goes there.
- `internal_export_dir` (the district's own staff; not exported when None): the student-level
  marts, whole.

Layout of a version: `<mart>/school_year=<YYYY>/part-0.parquet` for a fact with a year column
(`school_year`, `fiscal_year`, `projection_year` or `cohort_graduation_year`: the key is always
`school_year`, the file keeps the mart's column), `<mart>/part-0.parquet` otherwise, and
`catalog.json`, written last.

All at once: a version is written complete into the run's scratch space (on the same filesystem,
checked), fsynced, and renamed to `<parent>/.<name>-versions/<release_id>`; then `<name>` itself, a
relative symbolic link, is swapped to it with one `os.replace`. A BI tool points at `<name>/`
(`data/exports/`): it sees the previous version or the new one, never a mix of a half-written one.
The previous version is kept (a reader in the middle of it can finish); older ones are removed.
If anything fails before the swap, nothing in `<parent>` changes.

A mart the gate withheld (`ReleaseInfo.withheld_marts`: mart -> the gate's reason, plain data
from the asset) gets no new files: the new version carries the previous version's files of it,
copied, with its catalog entry as of the release that wrote them and `withheld` saying why; with
no previous files it has no entry in `marts`. Either way the catalog's `withheld` lists it.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from release.analyst_database import mart_tables, withheld_note
from release.export_build import ExportContext, ExportTable, build_export, columns_of
from release.export_carry import CATALOG, carry_previous_files
from release.export_cells import LOWER, SUPPRESSION, UPPER
from release.export_rules import NOT_EXPORTED, YEAR_KEY, is_student_level
from release.mart_docs import MartDoc
from release.previous_release import published_cells
from release.publish import LATEST, fsync_path, fsync_tree, point_link
from release.release_run import SUPPRESSED_AGAINST

PART = "part-0.parquet"
ELSEWHERE = {  # is the mart student-level: where it is instead
    True: "student-level: in the analyst database and the internal exports only",
    False: "aggregate: in the Parquet exports for BI tools",
}


@dataclass(frozen=True)
class ReleaseInfo:
    """What the catalog says of the run and release the exports come from."""

    release_id: str
    run_id: str
    as_of_date: str
    school_year: int
    withheld_schools: tuple[str, ...] = ()
    # per measure, the cells of the year the release's own suppression took as known (the
    # previous release's, release.previous_release): the exports suppress the year alike
    previous_cells: dict | None = field(default=None, compare=False)
    # mart -> why the gate withheld it (its or an upstream dbt test failed): no new files
    withheld_marts: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PublishedExports:
    path: Path  # the version the link points at
    marts: dict[str, int]  # mart -> rows exported
    # withheld mart -> the release whose files it carries (None: no previous files, no entry)
    withheld: dict[str, str | None] = field(default_factory=dict)


def latest_release_info(
    release_dir: Path, run_id: str, withheld_marts: dict[str, str]
) -> ReleaseInfo:
    """The release `latest` points at (the one this run just published), from its manifest, and
    the marts the gate withheld in this run."""
    manifest = latest_manifest(release_dir)
    return ReleaseInfo(
        release_id=manifest["release_id"],
        run_id=run_id,
        as_of_date=str(manifest["as_of_date"]),
        school_year=int(manifest["school_year"]),
        withheld_schools=tuple(s["school_id"] for s in manifest.get("schools_withheld", [])),
        previous_cells=_previous_cells(release_dir, manifest),
        withheld_marts=dict(withheld_marts),
    )


def latest_manifest(release_dir: Path) -> dict:
    """The root manifest of the release `latest` points at."""
    path = Path(release_dir) / LATEST / "manifest.json"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: exports are published after a release, and none is published"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _previous_cells(release_dir: Path, manifest: dict) -> dict | None:
    previous_id = manifest.get(SUPPRESSED_AGAINST)
    if previous_id is None:
        return None
    cells = published_cells(Path(release_dir) / previous_id, int(manifest["school_year"]))
    if cells is None:
        raise FileNotFoundError(
            f"release {manifest['release_id']!r} was suppressed against release {previous_id!r}, "
            f"whose cells of {manifest['school_year']} are not in {release_dir}: the exports "
            "cannot suppress the year as the release did"
        )
    return cells


def publish_exports(
    warehouse: Path,
    export_dir: Path,
    staging_dir: Path,
    *,
    release: ReleaseInfo,
    minimum_n: int,
    docs: dict[str, MartDoc],
    internal: bool = False,
) -> PublishedExports:
    """Write the aggregate marts (or, `internal`, the student-level ones) and swap them in."""
    export_dir, staging_dir = Path(export_dir), Path(staging_dir)
    versions = export_dir.parent / f".{export_dir.name}-versions"
    _check_link(export_dir)
    versions.mkdir(parents=True, exist_ok=True)
    for leftover in export_dir.parent.glob(f".{export_dir.name}.tmp-*"):  # a killed swap's link
        leftover.unlink(missing_ok=True)
    staging_dir.mkdir(parents=True, exist_ok=True)
    if os.stat(staging_dir).st_dev != os.stat(versions).st_dev:
        raise OSError(
            f"the scratch folder {staging_dir} (K12_WORK_DIR) and {versions} must be on one "
            "filesystem, so that an export appears in one atomic rename"
        )
    final = versions / release.release_id
    if os.path.lexists(final):
        raise FileExistsError(f"exports of release {release.release_id!r} exist in {versions}")
    work = staging_dir / f"{release.release_id}-{uuid.uuid4().hex}"
    os.mkdir(work)
    current = export_dir.resolve() if export_dir.is_symlink() else None
    try:
        marts, withheld = _write_version(
            warehouse, work, release, minimum_n, docs, internal, current
        )
        fsync_tree(work)
        os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    fsync_path(versions)
    previous = os.readlink(export_dir) if export_dir.is_symlink() else None
    _point(export_dir, os.path.relpath(final, export_dir.parent))
    for old in versions.iterdir():  # keep this version and the one readers may still be in
        if old.name != final.name and (previous is None or old.name != Path(previous).name):
            shutil.rmtree(old, ignore_errors=True)
    return PublishedExports(final, marts, withheld)


def _write_version(warehouse, folder: Path, release, minimum_n, docs, internal, previous) -> tuple:
    context = ExportContext(
        minimum_n,
        release.school_year,
        tuple(release.withheld_schools),
        previous_cells=release.previous_cells,
    )
    entries, rows, elsewhere, withheld, carried = {}, {}, {}, {}, {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        catalog = con.execute("select current_database()").fetchone()[0]
        for mart in mart_tables(con, catalog):
            student_level = is_student_level(mart, list(columns_of(con, f'marts."{mart}"')))
            if student_level != internal or mart in NOT_EXPORTED:
                elsewhere[mart] = NOT_EXPORTED.get(mart, ELSEWHERE[student_level])
                continue
            if mart in release.withheld_marts:
                withheld[mart] = withheld_note(release.release_id, release.withheld_marts[mart])
                entry = carry_previous_files(previous, mart, folder / mart)
                if entry is not None:
                    entries[mart] = {**entry, "withheld": withheld[mart]}
                carried[mart] = None if entry is None else entry["release_id"]
                continue
            table = build_export(con, mart, context)
            per_year = _write_mart(con, table, folder / mart)
            rows[mart] = sum(per_year.values())
            entries[mart] = {
                "release_id": release.release_id,  # the release whose run wrote the files
                "as_of_date": release.as_of_date,
                **_catalog_entry(con, table, docs.get(mart), per_year),
            }
    _write_json(
        folder / CATALOG,  # last: a version with a catalog is complete
        {
            "release_id": release.release_id,
            "run_id": release.run_id,
            "as_of_date": release.as_of_date,
            "school_year": release.school_year,
            "minimum_n": minimum_n,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "audience": "internal: student-level marts" if internal else "aggregates, suppressed",
            "partition_key": YEAR_KEY,
            "marts": entries,
            "not_exported": elsewhere,  # the warehouse's other marts, and where they are
            "withheld": withheld,  # the gate's, with or without the previous version's files
        },
    )
    return rows, carried


def _write_mart(con, table: ExportTable, folder: Path) -> dict[str, int]:
    """The Parquet files of one mart; returns rows per year ("all" for an unpartitioned mart)."""
    folder.mkdir(parents=True)
    if table.year is None:
        return {"all": _copy(con, f"select * from {table.table}", folder / PART)}
    years = [
        y for (y,) in con.execute(f"select distinct {table.year} from {table.table}").fetchall()
    ]
    if None in years:
        raise ValueError(f"marts.{table.mart} has rows with no {table.year}; fix the mart")
    return {
        str(year): _copy(
            con,
            f"select * from {table.table} where {table.year} = {int(year)}",
            folder / f"{YEAR_KEY}={int(year)}" / PART,
        )
        for year in sorted(years)
    }


def _copy(con, select: str, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({select}) to '{path.as_posix()}' (format parquet)")
    (rows,) = con.execute(f"select count(*) from read_parquet('{path.as_posix()}')").fetchone()
    return rows


def _catalog_entry(con, table: ExportTable, doc: MartDoc | None, per_year: dict) -> dict:
    doc = doc or MartDoc("", [])
    columns = columns_of(con, table.table)
    return {
        "description": doc.description,
        "grain": _grain(table, doc, columns),
        "path": f"{table.mart}/" + (f"{YEAR_KEY}=<YYYY>/{PART}" if table.year else PART),
        "year_column": table.year,
        "rows": per_year,
        "columns": [
            {"name": name, "type": kind, "description": _describe(name, doc)}
            for name, kind in columns.items()
        ],
        "not_exported": table.not_exported,
    }


def _grain(table: ExportTable, doc: MartDoc, columns: dict) -> list[str]:
    """The mart's key; rows built from the release's cells are keyed by level too."""
    if "reporting_level" in columns and "reporting_level" not in doc.grain:
        keys = ("subgroup_category", "subgroup", "grade_level")
        base = [c for c in doc.grain if c in columns and c not in keys]
        return [*base, "reporting_level", *[c for c in doc.grain if c in keys]]
    return [c for c in doc.grain if c in columns]


def _describe(column: str, doc: MartDoc) -> str:
    if column in doc.columns:
        return doc.columns[column]
    generated = {
        "school_name": "School's name (dim_school); null on district rows.",
        "school_level": "elementary, middle, high, combined or alternative (dim_school).",
        "reporting_level": "school or district.",
    }
    if column in generated:
        return generated[column]
    for suffix, text in (
        (
            SUPPRESSION,
            "why {} is withheld or coded: primary, complementary, top_coded, "
            "bottom_coded, or empty (shown as it is)",
        ),
        (LOWER, "lowest value {} can have: its band when top- or bottom-coded, else the value"),
        (UPPER, "highest value {} can have: its band when top- or bottom-coded, else the value"),
    ):
        if column.endswith(suffix):
            return text.format(column.removesuffix(suffix)).capitalize() + "."
    return ""


def _check_link(export_dir: Path) -> None:
    """The export folder is a link this module made; an empty folder is replaced, anything else
    is refused rather than overwritten."""
    if export_dir.is_symlink() or not os.path.lexists(export_dir):
        return
    if export_dir.is_dir() and not any(export_dir.iterdir()):
        export_dir.rmdir()
        return
    raise FileExistsError(
        f"{export_dir} exists and is not the link the exports are published through; move it "
        "away (the exports are written under a hidden versions folder beside it)"
    )


def _point(link: Path, target: str) -> None:
    point_link(link, target, f".{link.name}.tmp-")


def _write_json(path: Path, content: dict) -> None:
    path.write_text(json.dumps(content, indent=2, default=str) + "\n", encoding="utf-8")
