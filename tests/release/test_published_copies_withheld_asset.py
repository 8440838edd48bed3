"""GIVEN copies published by a run whose gate withheld nothing, and a second run whose release
gate result (saved in the run's scratch folder, as the release_gate check saves it) withholds
fct_school_spending
WHEN Dagster materializes analyst_database and parquet_exports in the second run
THEN both keep the first run's spending rows and say why, and the metadata names the mart and the
release its rows are of, never a value."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
from dagster import AssetSpec, materialize, multi_asset
from packet_warehouse import build_packet_warehouse

from expectations.runner import GateResult, MartVerdict
from expectations.spec import GateSettings
from orchestration.assets.published_copies import build_published_copies
from orchestration.release_gate import save_gate_result
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings
from release.publish import write_release

REASON = "withheld: checks failed; its dbt tests failed: fund_sources_fct_school_spending (1 row)"


@multi_asset(
    specs=[
        AssetSpec(["marts", m], group_name="marts") for m in ("dim_school", "fct_school_spending")
    ]
)
def marts():
    """Stands in for the dbt marts: the tables are already in the warehouse."""
    raise AssertionError("not materialized in this test")


def _release(settings: Settings, release_id: str) -> None:
    manifest = {"release_id": release_id, "school_year": 2026, "as_of_date": "2026-03-15"}
    with write_release(settings.release_dir, release_id, settings.scratch_dir / "r") as folder:
        (folder / "manifest.json").write_text(json.dumps(manifest))


def test_the_assets_hand_the_gates_withheld_marts_to_both_copies(isolated_paths, monkeypatch):
    settings = Settings.load()
    build_packet_warehouse(settings.warehouse)
    planted = isolated_paths / "planted_gate"
    monkeypatch.setattr(
        "orchestration.release_gate.gate_result_folder", lambda settings, run_id: planted
    )
    copies = build_published_copies(marts)
    _release(settings, "r1")
    assert materialize(copies, resources=pipeline_resources(settings)).success  # no gate: none

    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("update marts.fct_school_spending set per_pupil_expenditure = 99999.99")
    settings_of_gate = GateSettings(today=date(2026, 3, 16), early_warning_lowest_grade=6)
    gate = GateResult(2026, "2026-03-15", settings_of_gate, results=())
    verdicts = {
        "fct_school_spending": MartVerdict(False, REASON),
        "dim_school": MartVerdict(True, ""),
    }
    save_gate_result(planted, replace(gate, marts=verdicts), pd.DataFrame())
    _release(settings, "r2")
    result = materialize(copies, resources=pipeline_resources(settings))

    assert result.success
    note = "withheld in release r2: checks failed; its dbt tests failed: fund_sources_"
    with duckdb.connect(str(settings.analyst_db), read_only=True) as con:
        spending = con.execute("select per_pupil_expenditure from marts.fct_school_spending")
        assert spending.fetchall() == [(12345.67,)]
        status = con.execute("select * from published_status where mart = 'fct_school_spending'")
        (row,) = status.fetchall()
    assert row[:4] == ("fct_school_spending", "withheld", True, "r1") and row[4].startswith(note)
    catalog = json.loads((settings.export_dir / "catalog.json").read_text())
    assert catalog["release_id"] == "r2" and list(catalog["withheld"]) == ["fct_school_spending"]
    assert catalog["marts"]["fct_school_spending"]["release_id"] == "r1"
    with duckdb.connect() as con:
        exported = con.execute(
            "select per_pupil_expenditure from read_parquet(?)",
            [str(settings.export_dir / "fct_school_spending" / "*" / "*.parquet")],
        ).fetchall()
    assert exported == [(12345.67,)]
    for node in ("analyst_database", "parquet_exports"):
        (metadata,) = [m.metadata for m in result.asset_materializations_for_node(node)]
        assert metadata["withheld"].value == {"fct_school_spending": "r1"}
