"""Where `make dashboard` writes, and a rebuild replacing the whole folder."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from dashboards.build import _link_of, build_dashboard
from dashboards.exports import ExportsError
from dashboards.school_page import school_file, school_href


def test_the_dashboard_goes_beside_the_export_link_not_inside_a_version(tmp_path):
    version = tmp_path / "data" / ".exports-versions" / "2026-03-15_20260316T060000Z"
    assert _link_of(version) == tmp_path / "data" / "exports"
    assert _link_of(tmp_path / "bi" / "exports") == tmp_path / "bi" / "exports"


def test_a_rebuild_replaces_the_folder_and_a_failed_one_leaves_it(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    catalog = {"release_id": "r", "as_of_date": "2026-03-15", "school_year": 2026, "marts": {}}
    (exports / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    out = tmp_path / "dashboard"
    (out / "schools").mkdir(parents=True)
    (out / "schools" / "closed-school.html").write_text("old", encoding="utf-8")
    pages = build_dashboard(exports, out)
    assert pages == [out / "index.html"]  # no marts: the district page alone, saying so
    assert "No chronic absence figures in these exports." in (out / "index.html").read_text()
    (exports / "catalog.json").unlink()
    with pytest.raises(ExportsError, match="no catalog"):
        build_dashboard(exports, out)
    assert sorted(out.rglob("*.html")) == [out / "index.html"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_any_school_id_makes_one_file_and_a_link_that_reaches_it():
    assert school_file("A") == "schools/A.html"
    assert school_file("12/B 7") == "schools/12%2FB%207.html"  # one file, not a folder
    # a browser decodes the link once, to the file's own name
    assert school_href("12/B 7") == "schools/12%252FB%25207.html"
    assert unquote(school_href("12/B 7")) == school_file("12/B 7")
