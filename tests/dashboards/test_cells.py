"""Exported cells printed as the packets print them (docs/connect-bi.md's table of cells)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboards.cells import count, label, money, percent, rate_column, rate_text, ratio


def test_a_shown_rate_is_printed_as_a_percentage():
    assert rate_text(0.82, "") == "82%"
    assert rate_text(0.995, None) == "99.5%"
    assert rate_text(0.57, math.nan) == "57%"  # 56.99999... in binary


def test_coded_and_withheld_rates_are_printed_as_the_packets_print_them():
    assert rate_text(0.05, "bottom_coded") == "≤5%"
    assert rate_text(0.9, "top_coded") == "≥90%"
    assert rate_text(None, "primary") == "*"
    assert rate_text(math.nan, "complementary") == "*"
    assert rate_text(None, "") == "–"  # no figure: nobody judged


def test_an_unknown_suppression_reason_is_refused():
    with pytest.raises(ValueError, match="unknown suppression reason 'rounded' for a rate of 0.4"):
        rate_text(0.4, "rounded")


def test_a_column_is_printed_beside_its_suppression_column():
    frame = pd.DataFrame(
        {"rate": [0.25, None, 0.05], "rate_suppression": ["", "primary", "bottom_coded"]}
    )
    assert rate_column(frame, "rate") == ["25%", "*", "≤5%"]


def test_money_ratios_counts_and_labels():
    assert money(12345.67) == "$12,346"
    assert money(None) == "–"
    assert ratio(0.30 / 0.28) == "1.07"
    assert count(1790) == "1,790"
    assert count(math.nan) == "–"
    assert count(pd.NA) == "–"  # a withheld count in a nullable integer column
    assert rate_text(pd.NA, "primary") == "*"
    assert percent(None) == "–"
    assert label("hispanic") == "Hispanic or Latino"
    assert label("some_new_group") == "some new group"
