"""GIVEN an empty landing folder WHEN `k12 generate` runs, twice with --if-absent
THEN it writes the district once and leaves existing exports alone."""

from click.testing import CliRunner

from orchestration.cli import main


def test_generate_writes_once_with_if_absent(isolated_paths):
    landing = isolated_paths / "landing"
    arguments = ["generate", "--students", "300", "--years", "1", "--if-absent"]

    first = CliRunner().invoke(main, arguments)

    assert first.exit_code == 0, first.output
    written = sorted(path.relative_to(landing).as_posix() for path in landing.rglob("*.csv"))
    assert len(written) == 17
    assert "sis/students/2026.csv" in written
    assert first.output.startswith("Wrote 17 files")
    stamps = {path: path.stat().st_mtime_ns for path in landing.rglob("*.csv")}

    second = CliRunner().invoke(main, arguments)

    assert second.exit_code == 0
    assert "already has exports; not generating" in second.output
    assert {path: path.stat().st_mtime_ns for path in landing.rglob("*.csv")} == stamps
