"""`k12 bench` end to end at a tiny size: every step runs, the figures recorded are the ones the
table shows, and the ratios are computed from them. No timing is asserted."""

import json

from benchmarks.run_benchmark import BEGIN_MARKER, END_MARKER, run_benchmark
from demo_district import generate_district

STUDENTS = 300


def test_bench_records_the_whole_pipeline_against_the_floor(tmp_path):
    # GIVEN a doc with the markers and no results yet
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n{BEGIN_MARKER}\n{END_MARKER}\n")
    results_file = tmp_path / "results.json"

    # WHEN the benchmark runs at 300 students
    results = run_benchmark([STUDENTS], tmp_path / "work", "1GB", results_file, doc)

    # THEN the district is the generator's: same rows as generated the same way
    expected = generate_district(tmp_path / "expected", students=STUDENTS, years=4, seed=42)
    result = results[STUDENTS]
    assert result.input_rows == sum(expected.files.values())
    assert result.input_bytes == expected.bytes_written
    # every stage of the full run closed, and the no-change rerun ran nothing
    assert set(result.stages) == {
        "before ingestion", "ingestion", "dbt build", "release gate", "release",
    }  # fmt: skip
    assert sum(result.stages.values()) <= result.run_seconds + 1
    assert result.dbt_parse_seconds > 0  # parsed before the timed run, not in it
    assert result.rerun_seconds < result.run_seconds
    assert len(result.floor_seconds) == 2 and min(result.floor_seconds) > 0
    # memory: the run's tree holds at least DuckDB, Dagster and dbt's Python processes
    assert result.run_peak_bytes > result.rerun_peak_bytes > 0
    # the ratio is run / mean floor, as recorded
    record = json.loads(results_file.read_text())[0]
    ratio = record["run_seconds"] / (sum(record["floor_seconds"]) / 2)
    text = doc.read_text()
    row = next(line for line in text.splitlines() if line.startswith(f"| {STUDENTS} |"))
    assert f"| **{ratio:.2f}** |" in row
    assert f"| {record['rerun_seconds'] / record['run_seconds']:.1%} |" in row
    assert text.count(f"\n| {STUDENTS} |") == 2  # the table and the stage split
    # and nothing of the district is left in the work folder but the log
    assert [path.name for path in (tmp_path / "work").iterdir()] == [f"bench_{STUDENTS}.log"]
