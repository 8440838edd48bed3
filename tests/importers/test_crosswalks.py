"""Crosswalk seeds: the importers' only way from a source code to a contract code."""

from __future__ import annotations

import pytest

from ingestion.importers.crosswalks import Crosswalks
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
