"""The tables the gate reads, cut to the release year, and the school-level views the suites
share. Everything here is pandas: the suites run on GX's pandas data source."""

from dataclasses import dataclass, fields
from pathlib import Path

import duckdb
import pandas as pd

RELEASE_TABLES = (
    "dim_school_year",
    "dim_school",
    "dim_student",
    "fct_student_attendance",
    "fct_on_track_summary",
    "fct_student_on_track",
    "fct_early_warning",
)

# Only the columns a rule reads leave DuckDB (none of the marts holds a name or birth date).
COLUMNS = {
    "dim_school_year": "school_year, as_of_date, is_current_year",
    "dim_school": "school_id, school_status, principal_email",
    "dim_student": "student_id, school_year, school_id, grade_level, is_enrolled_at_as_of, "
    "sex, race_ethnicity",
    "fct_student_attendance": "student_id, school_year, reporting_level, school_id, "
    "attendance_rate",
    "fct_on_track_summary": "school_year, reporting_level, school_id, grade_level, subgroup, n, "
    "on_track_rate, freshman_on_track_rate, chronic_absence_rate",
    "fct_student_on_track": "student_id, school_year, school_id, is_enrolled_at_as_of",
    "fct_early_warning": "student_id, school_year, school_id, early_warning_tier",
}


@dataclass(frozen=True)
class ReleaseTables:
    """Every mart the gate reads (the release year's rows of those with a school year, when read by
    load_release_tables); `release_year` picks the year that is published."""

    dim_school_year: pd.DataFrame
    dim_school: pd.DataFrame
    dim_student: pd.DataFrame
    fct_student_attendance: pd.DataFrame
    fct_on_track_summary: pd.DataFrame
    fct_student_on_track: pd.DataFrame
    fct_early_warning: pd.DataFrame

    @property
    def release_year(self) -> int | None:
        return release_year_of(self.dim_school_year)

    def in_release_year(self, table: str) -> pd.DataFrame:
        frame = getattr(self, table)
        return frame[frame["school_year"] == self.release_year].reset_index(drop=True)


def release_year_of(years: pd.DataFrame) -> int | None:
    """The current school year (the run's as-of date falls in it), else the latest one."""
    if years.empty:
        return None
    current = years.loc[years["is_current_year"].fillna(False).astype(bool), "school_year"]
    return int(current.max() if not current.empty else years["school_year"].max())


def load_release_tables(database_path: str | Path, schema: str = "marts") -> ReleaseTables:
    """Read the marts with a read-only connection: the gate never writes to the warehouse. Of the
    marts with a school year, only the release year's rows are read, chosen by DuckDB: every rule
    reads that year alone, and the student-level marts whole (four years in a nightly run) cost
    pandas four times the memory and time."""
    with duckdb.connect(str(database_path), read_only=True) as connection:

        def read(table: str, where: str = "", parameters: list | None = None) -> pd.DataFrame:
            query = f"select {COLUMNS[table]} from {schema}.{table} {where}"
            return connection.execute(query, parameters or []).df()

        years = read("dim_school_year")
        in_year = ("where school_year = ?", [release_year_of(years)])
        whole = ("dim_school_year", "dim_school")
        by_year = [table.name for table in fields(ReleaseTables) if table.name not in whole]
        return ReleaseTables(
            dim_school_year=years,
            dim_school=read("dim_school"),
            **{table: read(table, *in_year) for table in by_year},
        )


def grade_number(grade_level: pd.Series) -> pd.Series:
    """dbt macro grade_number: a grade_level code as a number that orders grades, PK -1, KG 0,
    '01'-'12' 1-12 (as text, KG would sort after 12). An unknown code is NaN, below every grade."""
    return grade_level.map({"PK": -1, "KG": 0}).fillna(pd.to_numeric(grade_level, errors="coerce"))


def open_schools(tables: ReleaseTables) -> pd.DataFrame:
    schools = tables.dim_school
    return schools[schools["school_status"] == "open"].reset_index(drop=True)


def count_by_school(rows: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows per school_id as a column `name`; the shape every student-level rule is reduced to."""
    counts = rows.groupby("school_id", dropna=False).size().rename(name).reset_index()
    return counts.astype({name: "int64"})


def open_school_coverage(tables: ReleaseTables) -> pd.DataFrame:
    """One row per open school: students enrolled there on the as-of date and its summary rows."""
    students = tables.in_release_year("dim_student")
    enrolled = count_by_school(
        students[students["is_enrolled_at_as_of"].fillna(False).astype(bool)],
        "students_enrolled_at_as_of",
    )
    summary = tables.in_release_year("fct_on_track_summary")
    summary_rows = count_by_school(summary[summary["reporting_level"] == "school"], "summary_rows")
    coverage = open_schools(tables)[["school_id"]]
    coverage = coverage.merge(enrolled, on="school_id", how="left").merge(
        summary_rows, on="school_id", how="left"
    )
    return coverage.fillna(0).astype({"students_enrolled_at_as_of": int, "summary_rows": int})


def roster_students_not_enrolled_here(tables: ReleaseTables, roster: pd.DataFrame) -> pd.DataFrame:
    """Per school of a roster (student rows of the release year): roster rows, and rows whose
    student is not enrolled in that school on the as-of date according to dim_student."""
    students = tables.in_release_year("dim_student")
    enrolled = students.loc[
        students["is_enrolled_at_as_of"].fillna(False).astype(bool), ["student_id", "school_id"]
    ].assign(is_enrolled_here=True)
    checked = roster[["student_id", "school_id"]].merge(
        enrolled, on=["student_id", "school_id"], how="left"
    )
    not_here = checked[checked["is_enrolled_here"].isna()]
    per_school = count_by_school(checked, "roster_rows").merge(
        count_by_school(not_here, "students_not_enrolled_here"), on="school_id", how="left"
    )
    return per_school.fillna(0).astype({"students_not_enrolled_here": "int64"})


def row_count_against(rows: pd.DataFrame, expected: pd.DataFrame) -> pd.DataFrame:
    """A one-row frame comparing a table's row count with the rows it should have."""
    return pd.DataFrame(
        {
            "rows": [len(rows)],
            "expected_rows": [len(expected)],
            "rows_missing_or_extra": [len(rows) - len(expected)],
        }
    )
