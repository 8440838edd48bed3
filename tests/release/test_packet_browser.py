"""Packets in a real browser: Debian's headless chromium (system package `chromium`) renders the
packets of high school A and elementary school E (packet_front_warehouse.py), prints each to a
Letter PDF, and pypdf reads the pages back: the front page is exactly one page, its findings and
key numbers (worked out below from the fixture's own rows) are on it, and the details start on
page 2. Every chart label is at least 8 pt as printed. Playwright drives the system browser; it
never downloads one, and every request outside the file is refused.

Screenshots go to the test's temporary folder, so a test run never changes the checkout; with
K12_REFRESH_DOCS_SCREENSHOT=1 they refresh docs/packet-screenshot.png (the high school's front
page, shown in the README) and docs/packet-elementary.png."""

from __future__ import annotations

import io
import os
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from packet_front_warehouse import GRADUATION, MEASURES, build_front_page_warehouse
from packet_warehouse import YEAR
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from release.packet import write_school_packet

MINIMUM_N = 10  # the shipped k12_minimum_reporting_n, which the hand-worked cells assume
CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).parents[2] / "docs"
SCREENSHOTS = {"A": "packet-screenshot.png", "E": "packet-elementary.png"}
LETTER_POINTS = (612, 792)  # 8.5 x 11 inches
SMALLEST_LABEL_PX = 8 * 96 / 72  # 8 pt in CSS pixels
BODY_OVERFLOW = "() => document.body.scrollWidth - document.body.clientWidth"


def percent(numerator: int, denominator: int) -> int:
    """A whole percent, rounded half up as the release rounds (groups of 10 to 200)."""
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def figure(measure: str, school: str, year: int = YEAR):
    return MEASURES[measure][4][school][year]


def district(measure: str, schools=("A", "B", "E"), year: int = YEAR) -> tuple[int, int]:
    parts = [figure(measure, s, year) for s in schools if year in MEASURES[measure][4][s]]
    return sum(n for n, _ in parts), sum(d for _, d in parts)


def expected_front(school: str) -> tuple[list[str], list[str]]:
    """(findings, key numbers) of a school's front page, from the fixture's rows."""
    if school == "A":
        grad, grad_district = (
            percent(*figure(GRADUATION, "A")),
            percent(*district(GRADUATION, ("A", "B"))),
        )
        grad_last = percent(*figure(GRADUATION, "A", YEAR - 1))
        math, math_district = (
            percent(*figure("proficiency_math", "A")),
            percent(*district("proficiency_math")),
        )
        on_track = percent(*figure("on_track", "A"))
        on_track_last = percent(*figure("on_track", "A", YEAR - 1))
        absent = percent(*figure("chronic_absence", "A"))
        absent_last = percent(*figure("chronic_absence", "A", YEAR - 1))
        spending = figure("per_pupil_spending", "A")[0]
        spending_district = MEASURES["per_pupil_spending"][4]["district"][YEAR][0]
        above = round(spending) / spending_district - 1
        findings = [
            f"Needs action: {MEASURES[GRADUATION][0]} is {grad}%, {grad_district - grad} points "
            f"below the district ({grad_district}%) and down {grad_last - grad} points since "
            "last year.",
            f"Proficient in math is {math}%, {math_district - math} points below the district "
            f"({math_district}%).",
            f"On track to graduate rose {on_track - on_track_last} points since last year, to "
            f"{on_track}%.",
            f"Chronically absent rose {absent - absent_last} points since last year, to {absent}%.",
            f"Spending per pupil is ${spending:,.0f}, {above:.0%} above the district "
            f"(${spending_district:,.0f}).",
        ]
        on_track_district = percent(*district("on_track", ("A", "B")))
        return findings, [str(figure("enrollment", "A")), f"{on_track}%", f"{on_track_district}%"]
    absent, absent_last = (percent(*figure("chronic_absence", "E", y)) for y in (YEAR, YEAR - 1))
    math, math_district = (
        percent(*figure("proficiency_math", "E")),
        percent(*district("proficiency_math")),
    )
    ela, ela_last = (percent(*figure("proficiency_ela", "E", y)) for y in (YEAR, YEAR - 1))
    spending, spending_last = (figure("per_pupil_spending", "E", y)[0] for y in (YEAR, YEAR - 1))
    findings = [
        f"Chronically absent fell {absent_last - absent} points since last year, to {absent}%.",
        f"Proficient in math is {math}%, {math_district - math} points below the district "
        f"({math_district}%).",
        f"Proficient in English language arts rose {ela - ela_last} points since last year, to "
        f"{ela}%.",
        f"Spending per pupil rose {spending / spending_last - 1:.0%} since last year, to "
        f"${spending:,.0f}.",
    ]
    return findings, [f"{figure('enrollment', 'E')}", f"{absent}%", "not sent", "not yet known"]


def text_of(page) -> str:
    """A PDF page's text, its ligatures ("ﬁ") undone."""
    return unicodedata.normalize("NFKC", page.extract_text())


def squeezed(text: str) -> str:
    """PDF text without its line breaks and spaces: a finding wraps wherever the page ends it."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("browser")
    refresh_docs = os.environ.get("K12_REFRESH_DOCS_SCREENSHOT") == "1"
    warehouse = build_front_page_warehouse(folder / "warehouse.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for school in SCREENSHOTS:
            write_school_packet(con, folder, school, YEAR, minimum_n=MINIMUM_N)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page(viewport={"width": 816, "height": 1056})
            page.route(
                "**/*",
                lambda route: (
                    route.abort()
                    if not route.request.url.startswith("file:")
                    else route.continue_()
                ),
            )
            for school, name in SCREENSHOTS.items():
                page.goto((folder / school / "packet.html").as_uri())
                page.emulate_media(media="print")
                label_sizes = page.evaluate(
                    """() => Array.from(document.querySelectorAll('svg text')).map(t => {
                        const svg = t.ownerSVGElement;
                        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                        return parseFloat(getComputedStyle(t).fontSize) * scale;
                    })"""
                )
                # wider than the body, a table would be cut off at the printed page's edge
                overflow = page.evaluate(BODY_OVERFLOW)
                page.emulate_media(media="screen")
                screenshot = (DOCS if refresh_docs else folder) / name
                front = page.locator("#front").bounding_box()
                page.screenshot(
                    path=str(screenshot),
                    clip={"x": 0, "y": 0, "width": 816, "height": front["y"] + front["height"]},
                )
                pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
                results[school] = {
                    "pages": PdfReader(io.BytesIO(pdf)).pages,
                    "label_sizes": label_sizes,
                    "overflow": overflow,
                    "screenshot": screenshot,
                }
        finally:
            browser.close()
    return results


@pytest.mark.parametrize("school", ["A", "E"])
def test_the_front_page_prints_on_exactly_one_letter_page(printed, school):
    pages = printed[school]["pages"]
    assert len(pages) >= 2
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == list(LETTER_POINTS)
    first, second = (text_of(page) for page in pages[:2])
    assert "What stands out" in first and "Key figures" in first
    assert "Details:" not in first  # the detail pages begin after a page break
    assert second.lstrip().startswith("Details:")


@pytest.mark.parametrize("school", ["A", "E"])
def test_the_front_page_shows_the_findings_and_key_numbers(printed, school):
    first = text_of(printed[school]["pages"][0])
    findings, numbers = expected_front(school)
    positions = [squeezed(first).find(squeezed(finding)) for finding in findings]
    assert -1 not in positions, findings[positions.index(-1)]
    assert positions == sorted(positions)  # in the rule's order
    for number in numbers:
        assert number in first, number


def test_the_expected_front_page_is_worked_from_the_fixture():
    # the values the browser test looks for, against the hand-worked ones of test_packet_front
    findings, numbers = expected_front("A")
    assert findings[0].startswith(
        "Needs action: Four-year graduation rate (latest complete cohort) is 80%, 8 points"
    )
    assert numbers == ["59", "76%", "78%"]
    assert expected_front("E")[0][-1] == "Spending per pupil rose 11% since last year, to $10,000."


@pytest.mark.parametrize("school", ["A", "E"])
def test_every_chart_label_is_at_least_8_points_in_print(printed, school):
    sizes = printed[school]["label_sizes"]
    assert sizes, "the packet has charts"
    assert min(sizes) >= SMALLEST_LABEL_PX, min(sizes)


@pytest.mark.parametrize("school", ["A", "E"])
def test_nothing_is_wider_than_the_printed_page(printed, school):
    assert printed[school]["overflow"] == 0


def test_the_screenshots_are_written(printed):
    for school in SCREENSHOTS:
        assert printed[school]["screenshot"].stat().st_size > 10_000
