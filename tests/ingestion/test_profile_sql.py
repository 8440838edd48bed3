"""The source profile's rewrites as SQL, value by value: what each format turns into the
contract's form, and what it leaves as received for the checks to quarantine."""

import duckdb
import pytest

from ingestion.contract import Column
from ingestion.source_profile import ExtractProfile, NumberFormat
from ingestion.source_profile_sql import conversion_sql
from ingestion.sql import sql_string

US = NumberFormat(currency_sign="$", thousands_separator=",", parentheses_negative=True)
EUROPEAN = NumberFormat(currency_sign="€", thousands_separator=".", decimal_separator=",")
SWISS = NumberFormat(thousands_separator="'")


def _rewrite(column_type: str, profile: ExtractProfile, values: list[str | None]) -> list:
    expression = conversion_sql(Column("value", column_type), "value", profile)
    with duckdb.connect() as con:
        results = []
        for value in values:
            literal = "null" if value is None else sql_string(value)
            query = f"select {expression} from (select {literal}::varchar as value)"
            results.append(con.execute(query).fetchone()[0])
        return results


@pytest.mark.parametrize(
    ("numbers", "received", "expected"),
    [
        (US, "$1,234.56", "1234.56"),
        (US, "(62.74)", "-62.74"),
        (US, "($1,000)", "-1000"),
        (US, "-$5", "-5"),
        (US, "$-5", "-5"),
        (US, " $ 7 ", "7"),
        (US, "+5", "+5"),  # the contract's form already: kept as received
        (US, "1,23", "1,23"),  # not in groups of three: left for the check to quarantine
        (US, "1,2345.00", "1,2345.00"),
        (US, "(5", "(5"),
        (US, "5-", "5-"),
        (US, "$", "$"),
        (US, None, None),
        (EUROPEAN, "1.234,56", "1234.56"),
        (EUROPEAN, "12,50 €", "12.50"),
        (EUROPEAN, "(12,50)", "(12,50)"),  # parentheses are not negative in this profile
        (SWISS, "1'234.5", "1234.5"),
        (SWISS, "$5", "$5"),  # no currency sign declared
    ],
)
def test_numbers(numbers, received, expected):
    assert _rewrite("decimal", ExtractProfile(numbers=numbers), [received]) == [expected]


def test_dates_try_each_format_in_order_and_never_guess_a_two_digit_year():
    profile = ExtractProfile(date_formats=("%m/%d/%Y", "%d.%m.%Y"))
    received = ["6/25/2003", "06/05/2003", "16.09.2019", "2019-09-16", "25/06/2003", "6/5/03", ""]
    assert _rewrite("date", profile, received) == [
        "2003-06-25",
        "2003-06-05",  # month first: the first format that reads it wins
        "2019-09-16",
        "2019-09-16",  # already ISO: kept
        "25/06/2003",
        "6/5/03",  # year 3 is no year a district means
        "",
    ]


def test_flags_in_any_case_and_only_the_spellings_given():
    profile = ExtractProfile(true_values=("1", "Yes"), false_values=("0", "no"))
    received = ["1", "0", "YES", " no ", "y", "N", "2", "TRUE"]
    assert _rewrite("flag", profile, received) == ["Y", "N", "Y", "N", "y", "N", "2", "TRUE"]


def test_a_profile_rewrites_only_the_types_it_describes():
    profile = ExtractProfile(date_formats=("%m/%d/%Y",), numbers=US, true_values=("1",))
    assert conversion_sql(Column("name", "string"), "c1", profile) is None
    assert conversion_sql(Column("sex", "code", code_set="sex"), "c1", profile) is None
    assert conversion_sql(Column("day", "date"), "c1", ExtractProfile()) is None
    assert _rewrite("integer", profile, ["1,234", "(7)"]) == ["1234", "-7"]
