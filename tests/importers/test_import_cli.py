"""`k12 import edfi|oneroster`: the report on stdout, a clear error for an unreadable source."""

from __future__ import annotations

from click.testing import CliRunner

from orchestration.import_cli import import_group
from tests.importers.conftest import FIXTURES, contract_rows


def test_import_oneroster_writes_files_and_prints_the_report(tmp_path):
    source = str(FIXTURES / "oneroster_v1p1")
    args = ["oneroster", source, "--out", str(tmp_path), "--school-year", "2025"]
    result = CliRunner().invoke(import_group, args)
    assert result.exit_code == 0, result.output
    assert "wrote sis/students: 3 rows, 0 quarantined" in result.output
    assert "not written sis/attendance: OneRoster has no attendance" in result.output
    assert len(contract_rows(tmp_path, "sis/students")) == 3


def test_import_edfi_points_at_the_quarantine(tmp_path):
    args = ["edfi", str(FIXTURES / "edfi_xml"), "--out", str(tmp_path), "--school-year", "2025"]
    result = CliRunner().invoke(import_group, args)
    assert result.exit_code == 0, result.output
    assert (
        f"Quarantined rows, with their problems: {tmp_path}/.import/edfi/quarantine"
        in result.output
    )
    # Counts and descriptor codes only: no student's name reaches the output.
    assert "Ortiz" not in result.output


def test_an_unreadable_source_exits_1_naming_the_file_and_line(tmp_path):
    (tmp_path / "users.csv").write_text("sourcedId,role\nX1,student,extra\n")
    args = ["oneroster", str(tmp_path), "--out", str(tmp_path / "out"), "--school-year", "2025"]
    result = CliRunner().invoke(import_group, args)
    assert result.exit_code == 1
    assert f"{tmp_path / 'users.csv'}, line 2" in result.output
