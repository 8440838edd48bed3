"""The documented example profile, end to end: a small demo district whose SIS files are
rewritten as such an SIS writes them (M/D/YYYY dates, 0/1 flags, its own column names) loads
to the same raw rows as the original files."""

import csv
from pathlib import Path

import duckdb
import pytest

from demo_district import generate_district
from ingestion.contract import load_contract
from ingestion.load import load_extract
from ingestion.source_profile import load_source_profile

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "source_profile_sis_us.yml"
CONTRACT = load_contract()
SIS_EXTRACTS = [name for system, name in CONTRACT.extracts if system == "sis"]


def _us_date(iso: str) -> str:
    if not iso:
        return iso
    year, month, day = iso.split("-")
    return f"{int(month)}/{int(day)}/{year}"  # 2024-08-14 -> 8/14/2024


def _rewrite_as_the_sis_writes(source: Path, target: Path, extract: str, aliases: dict) -> None:
    """Rename columns to the example's aliases, dates to M/D/YYYY, flags to 1/0."""
    spec = CONTRACT.extract("sis", extract)
    written_name = {column: spelling for spelling, column in aliases.items()}
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    types = [spec.column(name).type if name in spec.column_names else "" for name in header]
    rewrite = {"date": _us_date, "flag": lambda flag: {"Y": "1", "N": "0"}.get(flag, flag)}
    for row in body:
        for index, column_type in enumerate(types):
            if column_type in rewrite:
                row[index] = rewrite[column_type](row[index])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([written_name.get(name, name) for name in header])
        writer.writerows(body)


def _raw_rows(con, extract: str) -> list[tuple]:
    columns = ", ".join(f'"{name}"' for name in CONTRACT.extract("sis", extract).column_names)
    return con.execute(
        f"select {columns}, _source_row_number from raw_sis.{extract} order by all"
    ).fetchall()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("example_profile")
    original = root / "original"
    generate_district(original, students=60, years=1, seed=3, last_school_year=2025)
    profile = load_source_profile(EXAMPLE)
    rewritten = root / "rewritten"
    for extract in SIS_EXTRACTS:
        relative = Path("sis") / extract / "2025.csv"
        aliases = profile.for_extract("sis", extract).aliases
        _rewrite_as_the_sis_writes(original / relative, rewritten / relative, extract, aliases)
    connections = {}
    for name, landing, used in (("original", original, None), ("rewritten", rewritten, profile)):
        con = duckdb.connect(str(root / f"{name}.duckdb"))
        for extract in SIS_EXTRACTS:
            load_extract(con, landing, root / f"{name}_archive", "sis", extract, profile=used)
        connections[name] = con
    yield connections, rewritten
    for con in connections.values():
        con.close()


def test_the_example_profile_is_valid_and_renames_columns():
    profile = load_source_profile(EXAMPLE)
    assert profile.for_extract("sis", "students").aliases["dob"] == "birth_date"
    assert profile.for_extract("sis", "courses").date_formats == ("%m/%d/%Y",)


def test_the_rewritten_files_are_not_in_the_contract_form(loaded):
    _, rewritten = loaded
    students = (rewritten / "sis" / "students" / "2025.csv").read_text().splitlines()
    # (aliases match without regard to case; the rewrite writes them as the profile keeps them)
    assert students[0].startswith("student number,state id,first_name,last_name,dob,gender")
    birth_date, flags = students[1].split(",")[4], students[1].split(",")[7:12]
    assert "/" in birth_date and set(flags) <= {"0", "1"}


@pytest.mark.parametrize("extract", SIS_EXTRACTS)
def test_each_sis_extract_loads_to_the_same_raw_rows_as_the_original(loaded, extract):
    connections, _ = loaded
    original = _raw_rows(connections["original"], extract)
    assert original, f"the demo district wrote no {extract}"
    assert _raw_rows(connections["rewritten"], extract) == original
    for con in connections.values():
        assert con.execute("select count(*) from raw_quarantine.rejected_rows").fetchone() == (0,)
