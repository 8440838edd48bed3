"""The optional Dagster asset: an import into the landing folder, counts in its metadata."""

from __future__ import annotations

import pytest
from dagster import materialize

from orchestration.assets.imports import build_import_asset
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings
from tests.importers.conftest import FIXTURES, contract_rows


def _materialize(source, kind):
    warehouse = pipeline_resources(Settings.load())["warehouse"]
    return materialize(
        [build_import_asset(source, kind, 2025)],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )


def test_the_asset_writes_into_the_landing_folder_with_counts_only(isolated_paths):
    result = _materialize(FIXTURES / "edfi_xml", "edfi")
    assert result.success
    [materialization] = result.get_asset_materialization_events()
    metadata = {k: v.value for k, v in materialization.materialization.metadata.items()}
    # Written: schools 2, students 3, enrollments 2, calendar 2, attendance 3, courses 2, marks 2,
    # assessments 1, discipline 1, staff 2, assignments 1, certifications 1 = 22. Quarantined:
    # students 1, enrollments 1, attendance 2, courses 1, marks 1, assignments 1 = 7.
    counts = (metadata["rows_written"], metadata["rows_quarantined"], metadata["unmapped_codes"])
    assert counts == (22, 7, 4)
    assert "Ortiz" not in str(metadata)
    assert len(contract_rows(isolated_paths / "landing", "sis/students")) == 3


def test_an_unreadable_source_fails_the_asset_naming_the_file(isolated_paths, tmp_path):
    (tmp_path / "users.csv").write_text("sourcedId,role\nX1,student,extra\n")
    result = _materialize(tmp_path, "oneroster")
    assert not result.success
    [failure] = result.get_step_failure_events()
    assert "users.csv, line 2" in failure.event_specific_data.error.message


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        build_import_asset(FIXTURES, "csv", 2025)
