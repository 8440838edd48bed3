"""The arithmetic of benchmarks/spark_scale.py's extrapolation, on numbers worked out by hand."""

import pytest

from benchmarks.spark_scale import (
    cluster_seconds,
    extrapolate,
    fit_line,
    growth_exponent,
    measure_size,
    table_multiplier,
)


def test_growth_exponent_is_one_for_rows_per_student_and_zero_for_a_fixed_table():
    assert growth_exponent(1_000, 10_000, size_ratio=10) == pytest.approx(1.0)
    assert growth_exponent(62, 62, size_ratio=10) == 0.0
    # 10x the rows for 100x the students: the square root
    assert growth_exponent(100, 1_000, size_ratio=100) == pytest.approx(0.5)


def test_growth_exponent_of_a_shrinking_or_empty_table_is_zero_not_negative():
    assert growth_exponent(1_000, 900, size_ratio=10) == 0.0
    assert growth_exponent(0, 900, size_ratio=10) == 0.0


def test_table_multiplier_takes_the_student_factor_as_far_as_the_table_grew():
    # 5M / 100k students = 50, 10 / 4 years = 2.5
    assert table_multiplier(1.0, student_factor=50, year_factor=2.5) == pytest.approx(125)
    assert table_multiplier(0.0, student_factor=50, year_factor=2.5) == pytest.approx(2.5)
    assert table_multiplier(0.5, student_factor=100, year_factor=2) == pytest.approx(20)


def test_fit_line_separates_fixed_seconds_from_seconds_per_row():
    # 30 s at 1M rows, 80 s at 11M: 50 s per 10M rows = 5e-6 s a row; 30 - 5 = 25 s fixed
    fixed, per_row = fit_line(1_000_000, 30, 11_000_000, 80)
    assert per_row == pytest.approx(5e-6)
    assert fixed == pytest.approx(25)


def test_fit_line_takes_a_time_that_did_not_grow_as_fixed():
    assert fit_line(1_000_000, 12, 11_000_000, 10) == (12, 0.0)


def test_fit_line_refuses_sizes_in_the_wrong_order():
    with pytest.raises(ValueError, match="not more than"):
        fit_line(11_000_000, 80, 1_000_000, 30)
    with pytest.raises(ValueError, match="not more than"):
        fit_line(1_000_000, 30, 1_000_000, 80)


def test_cluster_seconds_divides_by_the_cores_at_the_efficiency():
    # 1000 s on 2 cores, on 64 cores at half efficiency: 1000 * 2 / 32
    assert cluster_seconds(1_000, measured_cores=2, cores=64, efficiency=0.5) == pytest.approx(62.5)


def _size(students, a_rows, node_seconds, built_rows, cpu_seconds):
    return {
        "students": students,
        "years": 4,
        "cores": 2,
        "jvm_start_seconds": 10.0,
        "register_seconds": 5.0,
        "cpu_seconds": cpu_seconds,
        "raw_tables": {
            "raw_sis.a": {"rows": a_rows, "bytes": a_rows * 10},
            "raw_sis.b": {"rows": 5, "bytes": 50},
        },
        "node_seconds": node_seconds,
        "built_tables": {"marts.x": {"rows": built_rows, "bytes": built_rows * 4}},
    }


def test_extrapolate_from_two_sizes_to_a_state():
    small = _size(10, 100, {"model.m": 3.0, "seed.s": 2.0}, built_rows=10, cpu_seconds=100)
    large = _size(100, 1_000, {"model.m": 12.0, "seed.s": 2.0}, built_rows=100, cpu_seconds=190)

    estimate = extrapolate(small, large, students=5_000, years=10, cluster_cores=64, efficiency=0.5)

    # a grew with the students (x50, x2.5 for the years), b did not (x2.5)
    assert estimate["table_multipliers"] == pytest.approx({"raw_sis.a": 125, "raw_sis.b": 2.5})
    # 1,000 * 125 + 5 * 2.5
    assert estimate["raw_rows"] == pytest.approx(
        {"small": 105, "large": 1_005, "target": 125_012.5}
    )
    # model.m: 9 s over 900 rows = 0.01 s a row, 3 - 1.05 = 1.95 s fixed; seed.s fixed 2 s;
    # plus the JVM (10 s) and the registration (5 s)
    assert estimate["fixed_seconds"] == pytest.approx(18.95)
    assert estimate["seconds_per_million_raw_rows"] == pytest.approx(10_000)
    # (18.95 + 0.01 * 125,012.5) / 3600
    assert estimate["hours_on_measured_cores"] == pytest.approx(1_269.075 / 3_600)
    # 18.95 + 1,250.125 * 2 / (64 * 0.5)
    assert estimate["hours_on_64_cores"] == pytest.approx(97.0828125 / 3_600)
    # CPU: 90 s over 900 rows = 0.1 s a row, 100 - 10.5 = 89.5 s fixed; on 64 cores at half
    # efficiency, the wall fixed seconds plus 0.1 * 125,012.5 / 32
    assert estimate["cpu_fixed_seconds"] == pytest.approx(89.5)
    assert estimate["cpu_seconds_per_million_raw_rows"] == pytest.approx(100_000)
    assert estimate["hours_on_64_cores_from_cpu"] == pytest.approx((18.95 + 390.6640625) / 3_600)
    # 10,000 bytes * 125 + 50 bytes * 2.5; the mart's 400 bytes * 125
    assert estimate["raw_parquet_gb"] == pytest.approx(1_250_125 / 1e9)
    assert estimate["built_parquet_gb"] == pytest.approx(50_000 / 1e9)


def test_extrapolate_leaves_out_the_cpu_estimate_when_a_size_has_no_cpu_seconds():
    small = _size(10, 100, {"model.m": 3.0}, built_rows=10, cpu_seconds=100)
    large = _size(100, 1_000, {"model.m": 12.0}, built_rows=100, cpu_seconds=190)
    del small["cpu_seconds"]

    estimate = extrapolate(small, large, students=5_000, years=10, cluster_cores=64, efficiency=0.5)

    assert "hours_on_64_cores_from_cpu" not in estimate
    assert estimate["hours_on_64_cores"] == pytest.approx((16.95 + 1_250.125 * 2 / 32) / 3_600)


def test_measure_size_removes_the_student_level_parquet_even_when_it_fails(tmp_path):
    # GIVEN a work folder holding an earlier measurement's Parquet and dbt's logs
    for folder in ("raw/raw_sis/students", "spark/tables/marts.db/x", "spark/logs"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "part.txt").write_text("written by an earlier measurement")
    # WHEN a measurement fails (no such warehouse)
    with pytest.raises(FileNotFoundError, match="no such warehouse"):
        measure_size(tmp_path / "missing.duckdb", students=10, years=4, work=tmp_path)
    # THEN the raw extracts and built tables are gone; the logs stay
    assert not (tmp_path / "raw").exists()
    assert not (tmp_path / "spark" / "tables").exists()
    assert (tmp_path / "spark" / "logs" / "part.txt").is_file()
