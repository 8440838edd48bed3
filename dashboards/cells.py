"""Exported cells as the packets print them: 82%, ≤5%, ≥90%, * (withheld), – (no figure)."""

from __future__ import annotations

import math

import pandas as pd

from release.cells import MARKER
from release.packet import SUBGROUP_LABELS
from release.suppression import BOTTOM_CODED, COMPLEMENTARY, PRIMARY, TOP_CODED

NO_FIGURE = "–"


def _missing(value) -> bool:
    """None, NaN, and pandas' NA (a nullable integer column's missing count)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def percent(value) -> str:
    """0.82 -> 82%, 0.995 -> 99.5%; a missing figure -> –."""
    if _missing(value):
        return NO_FIGURE
    return f"{round(float(value) * 100, 1):g}%"


def rate_text(value, suppression) -> str:
    """A rate beside its `_suppression` reason; an unknown reason is refused, not guessed."""
    reason = "" if _missing(suppression) else suppression
    if reason in (PRIMARY, COMPLEMENTARY):
        return MARKER
    if reason == BOTTOM_CODED:
        return f"≤{percent(value)}"
    if reason == TOP_CODED:
        return f"≥{percent(value)}"
    if reason:
        raise ValueError(f"unknown suppression reason {reason!r} for a rate of {value!r}")
    return percent(value)


def rate_column(frame, column: str) -> list[str]:
    """Each row's `column` beside its `<column>_suppression`, as text."""
    reasons = frame[f"{column}_suppression"]
    return [rate_text(value, reason) for value, reason in zip(frame[column], reasons, strict=True)]


def money(value) -> str:
    return NO_FIGURE if _missing(value) else f"${float(value):,.0f}"


def ratio(value) -> str:
    return NO_FIGURE if _missing(value) else f"{float(value):.2f}"


def count(value) -> str:
    return NO_FIGURE if _missing(value) else f"{int(value):,}"


def label(code) -> str:
    return SUBGROUP_LABELS.get(code, str(code).replace("_", " "))
