"""GIVEN marts with two school years, one of them the current year
WHEN the gate reads its tables
THEN it reads the current year's rows of every mart with a school year, the schools and years
whole, and with no current year the latest year; the rules see the same rows as before."""

import duckdb
import pytest

from expectations.frames import COLUMNS, load_release_tables

TYPES = {"school_year": "integer", "n": "integer", "is_enrolled_at_as_of": "boolean"}
TYPES |= {"as_of_date": "date", "is_current_year": "boolean"}
TYPES |= {c: "double" for c in ("attendance_rate", "on_track_rate")}
TYPES |= {c: "double" for c in ("freshman_on_track_rate", "chronic_absence_rate")}


def _warehouse(path, current_year):
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        for table, columns in COLUMNS.items():
            names = [c.strip() for c in columns.split(",")]
            typed = ", ".join(f"{n} {TYPES.get(n, 'varchar')}" for n in names)
            con.execute(f"create table marts.{table} ({typed})")
            if table == "dim_school_year":
                for year in (2025, 2026):
                    con.execute(
                        "insert into marts.dim_school_year values (?, ?, ?)",
                        [year, f"{year}-06-30", year == current_year],
                    )
            elif table == "dim_school":
                con.execute("insert into marts.dim_school values ('101', 'open', 'a@b.org')")
            else:
                # 3 rows in 2025, 2 in 2026
                for year, rows in ((2025, 3), (2026, 2)):
                    for _ in range(rows):
                        con.execute(f"insert into marts.{table} (school_year) values (?)", [year])
    return path


@pytest.mark.parametrize(("current_year", "read_year", "rows"), [(2025, 2025, 3), (None, 2026, 2)])
def test_only_the_release_years_rows_are_read(tmp_path, current_year, read_year, rows):
    tables = load_release_tables(_warehouse(tmp_path / "w.duckdb", current_year))

    assert tables.release_year == read_year
    assert len(tables.dim_school_year) == 2
    assert len(tables.dim_school) == 1
    for table in ("dim_student", "fct_student_attendance", "fct_on_track_summary"):
        frame = getattr(tables, table)
        assert frame["school_year"].tolist() == [read_year] * rows, table
        assert len(tables.in_release_year(table)) == rows
    assert list(tables.fct_early_warning.columns) == [
        "student_id",
        "school_year",
        "school_id",
        "early_warning_tier",
    ]
