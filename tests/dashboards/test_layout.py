"""The Bokeh pieces: no series left off a chart, and data never read as HTML."""

from __future__ import annotations

import pandas as pd

from dashboards.layout import table, year_lines


def test_a_chart_draws_every_series_however_many():
    frame = pd.DataFrame(
        {
            "school_year": [2025, 2026] * 25,
            "group": [f"group {n:02d}" for n in range(25) for _ in range(2)],
            "rate": [0.1, 0.2] * 25,
        }
    )
    chart = year_lines(frame, "group", "rate", "25 groups")
    labels = [item.label["value"] for item in chart.legend[0].items]
    assert labels == [f"group {n:02d}" for n in range(25)]
    assert chart.height == 22 * 25 + 60  # room for every legend entry


def test_a_table_shows_data_as_text_never_as_html():
    div = table(pd.DataFrame({"School": ["<b>Alpha</b> & Co"], "Rate": ["82%"]}), "schools")
    assert "<td>&lt;b&gt;Alpha&lt;/b&gt; &amp; Co</td><td>82%</td>" in div.text
    assert "<table class='k12 schools'>" in div.text
