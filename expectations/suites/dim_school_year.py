"""dim_school_year: the release's as-of date is real and recent."""

import pandas as pd

from expectations.frames import ReleaseTables
from expectations.spec import Expectation, GateSettings, Suite


def frames(tables: ReleaseTables, settings: GateSettings, previous) -> dict[str, pd.DataFrame]:
    year = tables.in_release_year("dim_school_year")
    as_of = pd.to_datetime(year["as_of_date"])
    return {
        "release_year": year.assign(as_of_age_days=(pd.Timestamp(settings.today) - as_of).dt.days)
    }


def suite(settings: GateSettings) -> Suite:
    return Suite(
        table="dim_school_year",
        frames=frames,
        expectations=(
            Expectation(
                name="dim_school_year_has_one_release_year",
                severity="critical",
                gx_type="ExpectTableRowCountToEqual",
                kwargs={"value": 1},
                checks="The warehouse has exactly one school year to release: the current one.",
                why_it_matters="Every packet reports one year; with none the release has nothing "
                "to say, with two the figures would be counted twice.",
                how_to_fix="Check the SIS calendar extract for the current year and var "
                "k12_as_of_date, then rerun dbt.",
            ),
            Expectation(
                name="as_of_date_is_not_in_the_future",
                severity="critical",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "as_of_age_days", "min_value": 0},
                checks="The release year's as-of date is today or earlier.",
                why_it_matters="Figures counted through a future date promise data that does not "
                "exist yet; the packet's date would be false.",
                how_to_fix="Unset or correct var k12_as_of_date; check the calendar extract's "
                "dates.",
            ),
            Expectation(
                name="as_of_date_is_within_the_freshness_window",
                severity="warning",
                gx_type="ExpectColumnValuesToBeBetween",
                kwargs={"column": "as_of_age_days", "max_value": settings.freshness_days},
                checks=f"The as-of date is at most {settings.freshness_days} days old "
                "(K12_RELEASE_FRESHNESS_DAYS).",
                why_it_matters="An early release is worth sending only while it is early; stale "
                "figures may mislead a principal planning next year.",
                how_to_fix="Drop the latest SIS exports into the landing folder and rerun; the "
                "packet states the as-of date either way.",
            ),
        ),
    )
