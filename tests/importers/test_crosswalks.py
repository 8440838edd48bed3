"""Crosswalk seeds: the importers' only way from a source code to a contract code."""

from __future__ import annotations

import csv

import pytest

from ingestion.contract import load_contract
from ingestion.importers.crosswalks import DEFAULT_IMPORT_SEEDS_DIR, IGNORE, Crosswalks
from ingestion.importers.output import Row


def test_lookup_ignores_case_and_spaces_and_reports_what_it_cannot_map(tmp_path):
    (tmp_path / "xwalk_test.csv").write_text("source_code,canonical_code\nuri://x/D#Yes,Y\n")
    unmapped = []
    crosswalks = Crosswalks(tmp_path, lambda seed, value: unmapped.append((seed, value)))
    row = Row()
    assert crosswalks.lookup("xwalk_test", "  URI://X/d#yes ", row) == "Y"
    assert crosswalks.lookup("xwalk_test", "", row) == ""
    assert row.problems == []
    assert crosswalks.lookup("xwalk_test", "uri://x/D#No", row) == ""
    assert unmapped == [("xwalk_test", "uri://x/D#No")]
    assert row.problems == ["xwalk_test has no row for 'uri://x/D#No'"]


def test_a_seed_without_its_columns_names_file_and_line(tmp_path):
    (tmp_path / "xwalk_bad.csv").write_text("code,canonical\n")
    with pytest.raises(ValueError, match="line 1: missing column"):
        Crosswalks(tmp_path, print).lookup("xwalk_bad", "a")


@pytest.mark.parametrize(
    "seed", sorted(DEFAULT_IMPORT_SEEDS_DIR.glob("xwalk_*.csv")), ids=lambda p: p.stem
)
def test_every_shipped_canonical_code_is_a_contract_code_or_ignore(seed):
    # The same check dbt's accepted_values runs, here so a bad edit fails before a dbt build.
    code_sets = load_contract().code_sets
    allowed = {code for codes in code_sets.values() for code in codes} | {"Y", "N", IGNORE, "core"}
    allowed |= {"economically_disadvantaged", "english_learner", "students_with_disabilities"}
    allowed |= {"homeless", "foster_care", "scale_score", "1", "2", "3", "4"}
    with seed.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert {row["canonical_code"] for row in rows} <= allowed
