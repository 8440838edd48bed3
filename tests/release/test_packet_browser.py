"""A packet in a real browser: Debian's headless chromium (system package `chromium`) renders
packet.html of the hand-made school A, the main numbers are visible text, a screenshot is saved,
and the page prints to PDF. Playwright drives the system browser; it never downloads one.

The screenshot goes to the test's temporary folder, so a test run never changes the checkout; with
K12_REFRESH_DOCS_SCREENSHOT=1 it refreshes docs/packet-screenshot.png."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from packet_warehouse import OPTIONAL, YEAR, build_packet_warehouse
from playwright.sync_api import sync_playwright

from release.packet import write_school_packet

MINIMUM_N = 10  # the shipped k12_minimum_reporting_n, which the hand-worked cells assume

CHROMIUM = "/usr/bin/chromium"
DOCS_SCREENSHOT = Path(__file__).parents[2] / "docs" / "packet-screenshot.png"


def test_chromium_shows_the_main_numbers_and_prints_the_packet(tmp_path):
    refresh_docs = os.environ.get("K12_REFRESH_DOCS_SCREENSHOT") == "1"
    screenshot = DOCS_SCREENSHOT if refresh_docs else tmp_path / "packet-screenshot.png"
    every_mart = {f"marts.{name}" for name in OPTIONAL}
    warehouse = build_packet_warehouse(tmp_path / "warehouse.duckdb", every_mart)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        write_school_packet(con, tmp_path, "A", YEAR, minimum_n=MINIMUM_N)
    page_file = tmp_path / "A" / "packet.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(viewport={"width": 820, "height": 1100})
            page.route(
                "**/*",
                lambda route: (
                    route.abort()
                    if not route.request.url.startswith("file:")
                    else route.continue_()
                ),
            )
            page.goto(page_file.as_uri())
            text = page.inner_text("body")
            # enrollment 59 (district 179), projection 61, on track 76% of 59, Hispanic 80%,
            # per pupil $12,346, a withheld cell and its footnote
            for number in ["Alpha High School", "59", "179", "61", "76%", "80%", "$12,346", "*"]:
                assert number in text, number
            assert "Withheld to protect student privacy" in text
            assert "Not available" not in text
            assert page.locator("svg").count() >= 2
            assert page.locator("text=Hispanic or Latino").is_visible()
            page.screenshot(path=str(screenshot), full_page=True)
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert screenshot.stat().st_size > 10_000
