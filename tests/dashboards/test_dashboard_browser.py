"""The dashboard, built as `make dashboard` builds it, from a small district's Parquet exports,
in Debian's headless chromium: both pages show the numbers the test reads from the Parquet files
itself (and works by hand in the comments), withheld cells stay withheld, and no page asks the
network for anything.

The district is tests/release/packet_warehouse.py's, published with the release's own
`publish_exports`; two schools cannot be ranked into poverty quartiles (four are needed), so the
test gives A (12 of 59 economically disadvantaged) quartile 1 and B (50 of 120) quartile 4, and B
a per-pupil figure. Screenshots go to the test's folder; K12_REFRESH_DOCS_SCREENSHOT=1 refreshes
docs/dashboard-district.png and docs/dashboard-school.png."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from packet_warehouse import OPTIONAL, build_packet_warehouse
from playwright.sync_api import sync_playwright

from release.exports import ReleaseInfo, publish_exports
from release.mart_docs import mart_docs

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
RELEASE = ReleaseInfo("2026-03-15_20260316T060000Z", "run-1", "2026-03-15", 2026)
ROWS = "t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("district")
    warehouse = build_packet_warehouse(
        folder / "warehouse.duckdb", {f"marts.{mart}" for mart in OPTIONAL}
    )
    with duckdb.connect(str(warehouse)) as con:
        _add_the_year_before(con)
        con.execute(
            "update marts.fct_school_profile set poverty_quartile = "
            "case school_id when 'A' then 1 when 'B' then 4 end"
        )
        con.execute(
            "insert into marts.fct_school_spending select * replace ('B' as school_id, "
            "120 as census_enrollment, per_pupil_expenditure - 2469.13 as per_pupil_expenditure) "
            "from marts.fct_school_spending where school_id = 'A'"
        )
    publish_exports(
        warehouse,
        folder / "exports",
        folder / "work",
        release=RELEASE,
        minimum_n=10,
        docs=mart_docs(REPO / "dbt_project"),
    )
    return folder / "exports"


def _add_the_year_before(con) -> None:
    """2025 as a copy of every mart's 2026, but for spending: $12,000.00 a pupil at A."""
    marts = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' and column_name in ('school_year', 'fiscal_year')"
    ).fetchall()
    for mart, year in marts:
        con.execute(
            f"insert into marts.{mart} select * replace ({year} - 1 as {year}) "
            f"from marts.{mart} where {year} = {RELEASE.school_year}"
        )
    con.execute(
        "update marts.fct_school_spending set per_pupil_expenditure = 12000 "
        "where fiscal_year = 2025"
    )


@pytest.fixture(scope="module")
def dashboard(exports, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "dashboard"
    built = _build(exports, out)
    assert built.returncode == 0, built.stderr
    assert f"3 pages in {out}" in built.stdout
    return out


def _build(exports: Path, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dashboards.build", "--exports", str(exports)]
    return subprocess.run(
        [*command, "--out", str(out)], cwd=REPO, capture_output=True, text=True, check=False
    )


def _parquet(exports: Path, mart: str, year: int) -> pd.DataFrame:
    with duckdb.connect() as con:
        return con.execute(
            f"select * from read_parquet('{exports / mart}/**/*.parquet', hive_partitioning = true)"
            " where school_year = ?",
            [year],
        ).df()


def _percent(rate: float) -> str:
    return f"{round(rate * 100, 1):g}%"


def _open(browser, page_file: Path, screenshot: Path) -> tuple[dict, list[str]]:
    """Every table of the page by its class, as rows of cell text; and any request off disk."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    outside = []

    def only_files(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_files)
    page.goto(page_file.as_uri())
    page.wait_for_selector("table.k12")
    assert page.locator("canvas").count() >= 1  # Bokeh drew its charts
    tables = {}
    for index in range(page.locator("table.k12").count()):
        element = page.locator("table.k12").nth(index)
        name = element.get_attribute("class").split()[-1]
        tables[name] = element.evaluate(ROWS)
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return tables, outside


@pytest.fixture(scope="module")
def pages(dashboard, tmp_path_factory) -> dict:
    refresh = os.environ.get("K12_REFRESH_DOCS_SCREENSHOT") == "1"
    shots = REPO / "docs" if refresh else tmp_path_factory.mktemp("screenshots")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            district = _open(browser, dashboard / "index.html", shots / "dashboard-district.png")
            school = _open(
                browser, dashboard / "schools" / "A.html", shots / "dashboard-school.png"
            )
        finally:
            browser.close()
    assert (shots / "dashboard-district.png").stat().st_size > 10_000
    assert (shots / "dashboard-school.png").stat().st_size > 10_000
    return {"district": district, "school": school}


def test_no_page_asks_the_network_for_anything(pages):
    assert pages["district"][1] == []
    assert pages["school"][1] == []


def test_district_page_shows_spending_and_inexperience_by_poverty_quartile(exports, pages):
    tables, _ = pages["district"]
    for year in (2025, 2026):
        spending = _parquet(exports, "fct_school_spending", year).set_index("school_id")
        staffing = _parquet(exports, "fct_school_staffing", year).set_index("school_id")
        # quartile 1 is A alone; its 7 teachers withhold its inexperienced share
        a_spending = f"${float(spending.loc['A', 'per_pupil_expenditure']):,.0f}"
        assert pd.isna(staffing.loc["A", "inexperienced_teacher_share"])
        assert [str(year), "Quartile 1", a_spending, "–"] in tables["quartiles"]
        # quartile 4 is B alone: 3 of its 12 teachers inexperienced
        b_spending = f"${float(spending.loc['B', 'per_pupil_expenditure']):,.0f}"
        b_share = _percent(staffing.loc["B", "inexperienced_teacher_share"])
        assert [str(year), "Quartile 4", b_spending, b_share] in tables["quartiles"]
    # by hand: A $12,000.00 in 2025 and $12,345.67 in 2026, B $2,469.13 less, 25% inexperienced
    assert tables["quartiles"][1:] == [
        ["2025", "Quartile 1", "$12,000", "–"],
        ["2025", "Quartile 4", "$9,531", "25%"],
        ["2026", "Quartile 1", "$12,346", "–"],
        ["2026", "Quartile 4", "$9,877", "25%"],
    ]
    assert "50%" not in str(tables["quartiles"])  # A's withheld share (0.5 in the warehouse)
    # the ESSA comparison as exported: the highest-poverty quartile's share shown, the lowest's
    # (A's 6.5 teacher FTE) withheld
    equity = _parquet(exports, "fct_educator_equity", 2026)
    poverty = equity[equity["comparison"] == "poverty"].iloc[0]
    assert poverty["low_quartile_teacher_share_suppression"] == "primary"
    high = _percent(poverty["high_quartile_teacher_share"])
    assert ["2026", "inexperienced", high, "*"] in tables["essa"]


def test_district_page_shows_representation_and_chronic_absence(exports, pages):
    tables, _ = pages["district"]
    access = _parquet(exports, "fct_course_access", 2026)
    district = access[access["reporting_level"] == "district"].set_index("subgroup")
    rate = district["advanced_course_rate"]
    index = f"{rate['hispanic'] / rate['all_students']:.2f}"
    assert index == "1.07"  # 30% of 90 Hispanic students against 28% of all 179
    assert ["2026", "Hispanic or Latino", "90", "30%", index] in tables["representation"]
    assert ["2025", "Hispanic or Latino", "90", "30%", index] in tables["representation"]

    summary = _parquet(exports, "fct_on_track_summary", 2026)
    everyone = summary[(summary["grade_level"] == "all") & (summary["subgroup"] == "all_students")]
    district_rate = _percent(
        everyone[everyone["reporting_level"] == "district"].iloc[0]["chronic_absence_rate"]
    )
    schools = everyone[everyone["reporting_level"] == "school"]
    weighted = (schools["chronic_absence_rate"] * schools["chronic_absence_eligible"]).sum() / (
        schools["chronic_absence_eligible"].sum()
    )
    # district 22%; the two high schools: (0.24 * 59 + 0.21 * 120) / 179 = 0.2199
    assert (district_rate, _percent(weighted)) == ("22%", "22%")
    assert ["2026", "All students", district_rate, "22%"] in tables["chronic-absence"]
    # Black students at each school are withheld, so the high schools have no figure for them
    assert ["2026", "Black or African American", "29%", "–"] in tables["chronic-absence"]


def test_school_page_takes_the_school_and_shows_its_figures(exports, pages):
    tables, _ = pages["school"]
    summary = _parquet(exports, "fct_on_track_summary", 2026)
    a = summary[(summary["school_id"] == "A") & (summary["grade_level"] == "all")]
    a = a.set_index("subgroup")
    on_track = _percent(a.loc["all_students", "on_track_rate"])
    assert on_track == "76%"  # 45 of 59
    key = {row[0]: row[1:] for row in tables["key-figures"]}
    assert key["On track (all students)"][0] == on_track
    assert key["Chronic absence (all students)"][0] == _percent(
        a.loc["all_students", "chronic_absence_rate"]
    )
    assert key["Per-pupil spending"] == ["$12,346", "$11,000"]
    assert key["Inexperienced teachers"] == ["*", "25%"]  # A withheld; B's 25% the only shown
    absence = {row[0]: row[1] for row in tables["absence"]}
    assert a.loc["black", "chronic_absence_rate_suppression"] == "primary"
    assert absence["Black or African American"] == "*"  # 4 students: withheld
    assert absence["Hispanic or Latino"] == _percent(a.loc["hispanic", "chronic_absence_rate"])


def test_an_export_folder_without_a_catalog_is_refused_by_name(tmp_path):
    (tmp_path / "exports").mkdir()
    built = _build(tmp_path / "exports", tmp_path / "dashboard")
    assert built.returncode == 1
    assert f"{tmp_path / 'exports' / 'catalog.json'}: no catalog" in built.stderr
    assert not (tmp_path / "dashboard").exists()


def test_a_broken_catalog_is_refused_with_its_line_and_column(exports, tmp_path):
    copy = tmp_path / "exports"
    copy.mkdir()
    (copy / "catalog.json").write_text('{\n  "release_id": "x",\n  oops\n}\n', encoding="utf-8")
    built = _build(copy, tmp_path / "dashboard")
    assert built.returncode == 1
    assert f"{copy / 'catalog.json'}, line 3, column 3:" in built.stderr


def test_the_district_page_links_to_each_school_page(dashboard):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page()
            page.goto((dashboard / "index.html").as_uri())
            assert page.locator("ul.schools a").all_inner_texts() == [
                "Alpha High School",
                "Beta High School",
            ]
            page.locator("ul.schools a", has_text="Beta High School").click()
            page.wait_for_selector("table.key-figures")
            assert page.url == (dashboard / "schools" / "B.html").as_uri()
            assert page.locator("h1", has_text="Beta High School (high)").count() == 1
        finally:
            browser.close()
