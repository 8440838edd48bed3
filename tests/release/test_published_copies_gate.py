"""GIVEN an analyst database and exports published by an earlier run, and a release to copy
WHEN Dagster runs the marts, the gate, the release and the published copies
THEN a critical failure of the gate blocks them all, leaving the earlier run's copies exactly as
they were; with the same marts made good, the same run replaces them."""

import json
import os
from dataclasses import replace

from dagster import AssetKey, AssetSpec, MaterializeResult, asset, materialize, multi_asset

from orchestration.assets.published_copies import build_published_copies
from orchestration.release_gate import build_release_gate_checks
from release.publish import write_release
from tests.expectations.conftest import build_good_tables
from tests.expectations.test_gate_asset_checks import MART_KEYS, _resources


@multi_asset(specs=[AssetSpec(key, group_name="marts") for key in MART_KEYS.values()])
def marts():
    """Stands in for the dbt marts: the tables are already in the warehouse."""
    for key in MART_KEYS.values():
        yield MaterializeResult(asset_key=key)


@asset(deps=list(MART_KEYS.values()))
def principal_packets() -> None:
    """Stands in for the release."""


def _run(isolated_paths, tables):
    resources = _resources(isolated_paths / "warehouse.duckdb", tables)
    settings = resources["settings"]
    settings.analyst_db.write_bytes(b"the earlier run's marts")
    earlier = isolated_paths / ".exports-versions" / "earlier"
    earlier.mkdir(parents=True)
    (earlier / "catalog.json").write_text('{"release_id": "earlier"}')
    os.symlink(os.path.relpath(earlier, settings.export_dir.parent), settings.export_dir)
    manifest = {"release_id": "r1", "school_year": 2026, "as_of_date": "2026-03-15",
                "schools_withheld": []}  # fmt: skip
    with write_release(settings.release_dir, "r1", settings.scratch_dir / "r") as folder:
        (folder / "manifest.json").write_text(json.dumps(manifest))

    result = materialize(
        [marts, principal_packets, *build_published_copies(marts),
         build_release_gate_checks(MART_KEYS)],
        resources=resources,
        raise_on_error=False,
    )  # fmt: skip
    return settings, earlier, result


def test_a_blocking_gate_failure_leaves_the_published_copies_as_they_were(
    isolated_paths, monkeypatch
):
    monkeypatch.setenv("K12_RELEASE_FRESHNESS_DAYS", "100000")  # the fixture's date is fixed
    tables = build_good_tables()
    attendance = tables.fct_student_attendance
    tables = replace(
        tables, fct_student_attendance=attendance[attendance["reporting_level"] == "school"]
    )

    settings, earlier, result = _run(isolated_paths, tables)

    published = {event.asset_key for event in result.get_asset_materialization_events()}
    assert AssetKey("principal_packets") not in published
    assert not published & {AssetKey("analyst_database"), AssetKey("parquet_exports")}
    assert settings.analyst_db.read_bytes() == b"the earlier run's marts"
    assert os.readlink(settings.export_dir) == os.path.relpath(earlier, isolated_paths)
    assert (settings.export_dir / "catalog.json").read_text() == '{"release_id": "earlier"}'
    assert sorted(os.listdir(earlier.parent)) == ["earlier"]


def test_a_gate_that_passes_lets_the_same_run_replace_them(isolated_paths, monkeypatch):
    monkeypatch.setenv("K12_RELEASE_FRESHNESS_DAYS", "100000")

    settings, earlier, result = _run(isolated_paths, build_good_tables())

    # The analyst database goes out (the gate's tables are too thin for the exports, which need
    # every mart: tests/release/test_exports_asset.py publishes those from a full warehouse).
    published = {event.asset_key for event in result.get_asset_materialization_events()}
    assert AssetKey("analyst_database") in published
    assert settings.analyst_db.read_bytes() != b"the earlier run's marts"
