"""GIVEN the packet warehouse and a published release that withheld school B
WHEN Dagster materializes analyst_database and parquet_exports
THEN the analyst database holds the marts, the exports name the release and leave B out of the
release year, the student-level marts go only to the internal folder, and the metadata carries
counts, never a student's value."""

from __future__ import annotations

import json

import duckdb
from dagster import AssetKey, AssetSpec, materialize, multi_asset
from packet_warehouse import OPTIONAL, build_packet_warehouse

from orchestration.assets.published_copies import build_published_copies
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings
from release.publish import write_release

RELEASE_ID = "2026-03-15_20260316T060000Z"


def _dbt_models(marts: list[str]):
    """A stand-in for the dbt assets (building the real ones parses the dbt project): the marts
    in the group "marts", as orchestration.assets.dbt_models groups them, and a staging model."""
    specs = [AssetSpec(["marts", mart], group_name="marts") for mart in marts]
    specs.append(AssetSpec(["staging", "stg_sis__schools"], group_name="staging"))

    @multi_asset(specs=specs)
    def dbt_models():
        raise AssertionError("not materialized in this test")

    return dbt_models


def test_both_assets_publish_from_the_latest_release(isolated_paths, monkeypatch):
    monkeypatch.setenv("K12_INTERNAL_EXPORT_DIR", str(isolated_paths / "internal"))
    settings = Settings.load()
    build_packet_warehouse(settings.warehouse, {f"marts.{mart}" for mart in OPTIONAL})
    manifest = {
        "release_id": RELEASE_ID,
        "school_year": 2026,
        "as_of_date": "2026-03-15",
        "schools_withheld": [{"school_id": "B", "failed": []}],
    }
    with write_release(settings.release_dir, RELEASE_ID, settings.scratch_dir / "r") as folder:
        (folder / "manifest.json").write_text(json.dumps(manifest))
    copies = build_published_copies(_dbt_models(["dim_school", "fct_school_budget_lines"]))
    assert AssetKey("principal_packets") in copies[0].dependency_keys
    assert AssetKey(["marts", "fct_school_budget_lines"]) in copies[1].dependency_keys
    assert AssetKey(["staging", "stg_sis__schools"]) not in copies[1].dependency_keys

    result = materialize(copies, resources=pipeline_resources(settings))

    assert result.success
    with duckdb.connect(str(settings.analyst_db), read_only=True) as con:
        (schools,) = con.execute("select count(*) from marts.dim_school").fetchone()
    assert schools == 4
    catalog = json.loads((settings.export_dir / "catalog.json").read_text())
    assert (catalog["release_id"], catalog["run_id"]) == (RELEASE_ID, result.run_id)
    with duckdb.connect() as con:
        schools = con.execute(
            "select distinct school_id from read_parquet(?) where school_id is not null",
            [str(settings.export_dir / "fct_on_track_summary" / "*" / "*.parquet")],
        ).fetchall()
    assert schools == [("A",)]
    internal = json.loads((isolated_paths / "internal" / "catalog.json").read_text())
    assert "dim_student" in internal["marts"] and "dim_student" not in catalog["marts"]
    metadata = json.dumps(
        [str(m.metadata) for m in result.asset_materializations_for_node("parquet_exports")]
        + [str(m.metadata) for m in result.asset_materializations_for_node("analyst_database")]
    )
    assert "STU-" not in metadata and "Quill" not in metadata
