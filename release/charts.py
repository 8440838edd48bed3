"""Charts as inline SVG: no script, no network, prints as it shows.

`bars` draws grouped horizontal bars: one group per label, one bar per series (school, district).
A withheld cell (value None) draws no bar, only its text (the suppression marker), so a chart
never shows more than the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

SERIES_COLOURS = ("#1f5fa8", "#9aa5b1")  # school, district: tell apart in greyscale print too
_LABEL_WIDTH, _BAR_WIDTH, _TEXT_WIDTH = 150, 250, 70
_BAR_HEIGHT, _GAP = 11, 7


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
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
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
                f'<text x="{_LABEL_WIDTH + min(length, _BAR_WIDTH) + 4:.1f}" y="{y + 8}">'
                f"{escape(text)}</text>"
            )
            y += _BAR_HEIGHT
        y += _GAP
    x = _LABEL_WIDTH
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="{y + 2}" width="10" height="8" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 10}">{escape(name)}</text>')
        x += 80
    parts.append("</svg>")
    return Markup("".join(parts))
