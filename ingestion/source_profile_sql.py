"""A source profile's rewrites as DuckDB SQL: one expression per column, over the whole file.

Each expression gives the contract's spelling of a value the profile describes (`6/25/2003` ->
`2003-06-25`, `Yes` -> `Y`, `(1,234.50)` -> `-1234.50`) and leaves every other value exactly as
received, so a value the profile does not explain still fails the contract's check with its raw
text quoted. A value already in the contract's form is never touched.
"""

from __future__ import annotations

import re

from ingestion.contract import Column, Extract
from ingestion.source_profile import ExtractProfile, NumberFormat
from ingestion.sql import sql_string

# The contract's own decimal form (validation.py): such values are left alone.
_CONTRACT_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"


def converted_columns(
    extract: Extract, column_sql: dict[str, str], profile: ExtractProfile
) -> dict[str, str]:
    """Contract column -> its rewriting expression, for the columns the profile rewrites."""
    converted = {}
    for column in extract.columns:
        expression = conversion_sql(column, column_sql[column.name], profile)
        if expression is not None:
            converted[column.name] = expression
    return converted


def conversion_sql(column: Column, raw: str, profile: ExtractProfile) -> str | None:
    """One column's rewriting expression over `raw`, or None when the profile leaves its type."""
    if column.type == "date" and profile.date_formats:
        return _date_sql(raw, profile.date_formats)
    if column.type == "flag" and (profile.true_values or profile.false_values):
        return _flag_sql(raw, profile.true_values, profile.false_values)
    if column.type in ("integer", "decimal") and profile.numbers:
        return _number_sql(raw, profile.numbers)
    return None


def _date_sql(raw: str, formats: tuple[str, ...]) -> str:
    # A four-digit %Y also reads '6/5/03' as the year 3: such a date is left to fail as received.
    parsed = f"try_strptime({raw}, [{', '.join(sql_string(f) for f in formats)}])"
    iso = f"strftime(case when year({parsed}) >= 1000 then {parsed} end, '%Y-%m-%d')"
    return f"coalesce({iso}, {raw})"


def _flag_sql(raw: str, true_values: tuple[str, ...], false_values: tuple[str, ...]) -> str:
    spelled = f"upper(trim({raw}))"
    whens = [f"when {raw} in ('Y', 'N') then {raw}"]
    for values, flag in ((true_values, "Y"), (false_values, "N")):
        if values:
            listed = ", ".join(sql_string(value.strip().upper()) for value in values)
            whens.append(f"when {spelled} in ({listed}) then '{flag}'")
    return f"case {' '.join(whens)} else {raw} end"


def number_pattern(numbers: NumberFormat) -> str:
    """RE2 pattern of a number as the profile writes it: sign or parentheses, currency sign,
    digits grouped by the thousands separator (or not grouped at all), a fraction."""
    currency = f"(?:{re.escape(numbers.currency_sign)})?" if numbers.currency_sign else ""
    digits = "[0-9]+"
    if numbers.thousands_separator:
        group = re.escape(numbers.thousands_separator)
        digits = f"(?:[0-9]{{1,3}}(?:{group}[0-9]{{3}})+|[0-9]+)"
    number = f"{digits}(?:{re.escape(numbers.decimal_separator)}[0-9]+)?"
    signed = rf"\s*(?:[+-]\s*{currency}|{currency}\s*[+-]?)\s*{number}\s*{currency}\s*"
    if numbers.parentheses_negative:
        signed += rf"|\s*\(\s*{currency}\s*{number}\s*{currency}\s*\)\s*"
    return signed


def _number_sql(raw: str, numbers: NumberFormat) -> str:
    pattern = sql_string(number_pattern(numbers))
    kept = "0-9" + re.escape(numbers.decimal_separator)
    digits = f"regexp_replace({raw}, '[^{kept}]', '', 'g')"
    if numbers.decimal_separator != ".":
        digits = f"replace({digits}, {sql_string(numbers.decimal_separator)}, '.')"
    negative = rf"regexp_matches({raw}, '^\s*[(-]|^\s*[^0-9]*-')"
    return (
        f"case when regexp_full_match({raw}, '{_CONTRACT_NUMBER}') then {raw} "
        f"when regexp_full_match({raw}, {pattern}) "
        f"then (case when {negative} then '-' else '' end) || {digits} else {raw} end"
    )
