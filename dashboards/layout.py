"""Bokeh pieces shared by the pages: headings, tables, line charts, and the page file itself.

Bokeh writes one HTML file per page. BokehJS (about 1.7 MB a page if inlined) is copied once into
the dashboard's `static/js/` from the installed bokeh package and each page loads it by a relative
path, so the folder opens from disk or from any web server and asks nothing of the network.
"""

from __future__ import annotations

import re
import shutil
from html import escape
from itertools import cycle
from pathlib import Path

import pandas as pd
from bokeh.embed import file_html
from bokeh.layouts import column
from bokeh.models import Div, Legend, NumeralTickFormatter
from bokeh.palettes import Category20_20
from bokeh.plotting import figure
from bokeh.resources import Resources
from bokeh.util.paths import bokehjs_path

WIDTH = 900
FOOTNOTE = (
    "* withheld to protect student privacy (fewer than the minimum number of students, or a "
    "cell that would reveal one); ≤ and ≥ mark rates coded near 0% or 100%; – no figure."
)


def heading(text: str, level: int = 2) -> Div:
    return Div(text=f"<h{level}>{escape(text)}</h{level}>", width=WIDTH)


def note(text: str) -> Div:
    return Div(text=f"<p style='color:#555;max-width:{WIDTH}px'>{escape(text)}</p>", width=WIDTH)


def table(frame: pd.DataFrame, css_class: str) -> Div:
    """An HTML table of text cells; the numbers stay plain text a reader can select and copy."""
    head = "".join(f"<th>{escape(str(name))}</th>" for name in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    style = (
        "<style>table.k12{border-collapse:collapse;font:14px sans-serif}"
        "table.k12 th,table.k12 td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}"
        "</style>"
    )
    return Div(
        text=f"{style}<table class='k12 {css_class}'><tr>{head}</tr>{body}</table>",
        width=WIDTH,
    )


# Category20's dark shades first, then the light ones, so neighbouring series differ
PALETTE = Category20_20[::2] + Category20_20[1::2]
PERCENT = "0%"
DOLLARS = "$0,0"
RATIO = "0.00"


def year_lines(frame: pd.DataFrame, series: str, value: str, title: str, axis: str = PERCENT):
    """One line per `series` over school years (`axis`: a Bokeh number format); a withheld
    point (NaN) leaves a gap."""
    groups = list(frame.groupby(series, sort=True))
    # tall enough for one legend entry per series, so no series is ever left off
    height = max(260, 22 * len(groups) + 60)
    chart = figure(title=title, width=WIDTH, height=height, toolbar_location=None)
    chart.xaxis.ticker = sorted(frame["school_year"].unique().tolist()) or [0]
    chart.yaxis.formatter = NumeralTickFormatter(format=axis)
    chart.y_range.start = 0  # a rate or an amount drawn from zero, so gaps look their size
    items = []
    for colour, (name, rows) in zip(cycle(PALETTE), groups, strict=False):
        rows = rows.sort_values("school_year")
        line = chart.line(rows["school_year"], rows[value], line_width=2, color=colour)
        dots = chart.scatter(rows["school_year"], rows[value], size=7, color=colour)
        items.append((str(name), [line, dots]))
    chart.add_layout(Legend(items=items), "right")
    return chart


def write_page(root: Path, page: str, title: str, parts: list) -> Path:
    """The page at `root/page`, loading BokehJS from `root/static/js/` by a relative path."""
    path = root / page
    path.parent.mkdir(parents=True, exist_ok=True)
    up = "../" * (len(Path(page).parts) - 1) or "./"
    resources = Resources(mode="server", root_url=up)  # "server": script tags, not inline code
    html = file_html(column(*parts, note(FOOTNOTE)), resources=resources, title=title)
    path.write_text(html, encoding="utf-8")
    for script in re.findall(r'<script src="(?:\.\./|\./)*static/(js/[^"]+)"', html):
        target = root / "static" / script
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(bokehjs_path()) / script, target)
    return path
