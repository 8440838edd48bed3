"""Charts as inline SVG: no script, no network, prints as it shows.

`bars` draws grouped horizontal bars: one group per label, one bar per series (school, district).
A withheld cell (value None) draws no bar, only its text (the suppression marker), so a chart
never shows more than the table beside it. `sparkline` draws a measure's years as a small line.

Every chart is drawn at its printed size (no scaling down: the page gives it the width it asks
for), with text of 11 CSS pixels: 8.25 pt, over the 8 pt a printed label needs to be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

SERIES_COLOURS = ("#1f5fa8", "#9aa5b1")  # school, district: tell apart in greyscale print too
FONT_PX = 11  # 8.25 pt at 96 CSS pixels to the inch
_LABEL_WIDTH, _BAR_WIDTH, _TEXT_WIDTH = 150, 250, 70
_BAR_HEIGHT, _GAP = 13, 7
_SPARK_WIDTH, _SPARK_LINE_HEIGHT = 112, 18


def bars(
    title: str,
    groups: Sequence[tuple[str, Sequence[tuple[float | None, str]]]],
    *,
    maximum: float | None = None,
    series: Sequence[str] = ("School", "District"),
) -> Markup:
    """`groups`: (label, [(value, text) per series]). Values are scaled to `maximum` (default:
    the largest value)."""
    values = [value for _, cells in groups for value, _ in cells if value is not None]
    top = maximum or max(values, default=0) or 1
    per_group = len(series) * _BAR_HEIGHT + _GAP
    height = 22 + len(groups) * per_group + 18
    width = _LABEL_WIDTH + _BAR_WIDTH + _TEXT_WIDTH
    parts = [
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="{FONT_PX}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="12" font-weight="bold">{escape(title)}</text>',
    ]
    y = 22
    for label, cells in groups:
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + len(series) * _BAR_HEIGHT / 2 + 3:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for index, (value, text) in enumerate(cells):
            length = 0 if value is None else max(value / top, 0) * _BAR_WIDTH
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{min(length, _BAR_WIDTH):.1f}" '
                f'height="{_BAR_HEIGHT - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{_LABEL_WIDTH + min(length, _BAR_WIDTH) + 4:.1f}" y="{y + 10}">'
                f"{escape(text)}</text>"
            )
            y += _BAR_HEIGHT
        y += _GAP
    x = _LABEL_WIDTH
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="{y + 2}" width="10" height="9" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 11}">{escape(name)}</text>')
        x += 80
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(points: Sequence[tuple[int, float | None, str]], *, label: str) -> Markup:
    """`points`: (year, value, text) oldest first; a withheld year (value None) breaks the line
    instead of being bridged. The first and last years are written under the line."""
    values = [value for _, value, _ in points if value is not None]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (_SPARK_WIDTH - 8) / max(len(points) - 1, 1)
    height = _SPARK_LINE_HEIGHT + FONT_PX + 6
    described = ", ".join(f"{year}: {text}" for year, _, text in points)
    parts = [
        f'<svg role="img" class="spark" width="{_SPARK_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_SPARK_WIDTH} {height}" font-family="sans-serif" font-size="{FONT_PX}">',
        f"<title>{escape(label)}: {escape(described)}</title>",
    ]
    segment: list[str] = []
    for index, (_, value, _) in enumerate([*points, (0, None, "")]):
        if value is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" '
                    f'stroke="{SERIES_COLOURS[0]}" stroke-width="1.6"/>'
                )
            segment = []
            continue
        x = 4 + index * step
        y = 3 + (1 - (value - low) / span) * (_SPARK_LINE_HEIGHT - 6)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{SERIES_COLOURS[0]}"/>')
    baseline = height - 3
    parts.append(f'<text x="0" y="{baseline}">{points[0][0]}</text>')
    parts.append(
        f'<text x="{_SPARK_WIDTH}" y="{baseline}" text-anchor="end">{points[-1][0]}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
