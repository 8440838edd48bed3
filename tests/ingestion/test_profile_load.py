"""A district's source profile rewrites its exports to the contract's form before the checks:
dates, flags, amounts, column names and encoding, with no conversion code."""

import json

import pytest

from ingestion.errors import ContractViolation
from ingestion.source_profile import load_source_profile


def _load(ws, case, system, extract):
    landing = ws.use(case)
    profile = load_source_profile(landing / "source_profile.yml")
    return ws.load(system, extract, profile=profile)


def _quarantine(ws, extract):
    return ws.rows(
        "select source_row_number, reasons, record from raw_quarantine.rejected_rows "
        "where extract = ? order by source_row_number",
        [extract],
    )


def test_us_dates_numeric_and_spelled_flags_and_aliases_load_in_the_contract_form(ws):
    # GIVEN students with M/D/YYYY birth dates, flags as 1/0, Yes/no, TRUE/FALSE, and the
    # district's names 'Student Number', 'DOB' and 'FRL' for three contract columns
    result = _load(ws, "profile_us", "sis", "students")
    # THEN the raw table holds ISO dates and Y/N flags under the contract's column names
    assert ws.rows(
        "select student_id, birth_date, economically_disadvantaged, english_learner, "
        "students_with_disabilities, homeless, foster_care from raw_sis.students order by 1"
    ) == [
        ("S1", "2003-06-25", "Y", "N", "Y", "N", "N"),
        ("S2", "2009-12-01", "N", "Y", "N", "Y", "Y"),
        ("S3", "2010-02-03", "Y", "N", "N", "N", "N"),  # already the contract's form: kept
    ]
    # AND a day-first date and a two-digit year are not guessed: quarantined, quoted as received
    quarantined = _quarantine(ws, "students")
    assert [(row, reasons) for row, reasons, _ in quarantined] == [
        (4, ["birth_date: '25/06/2003' is not an ISO date (YYYY-MM-DD)"]),
        (
            5,
            [
                "birth_date: '6/5/03' is not an ISO date (YYYY-MM-DD)",
                "economically_disadvantaged: '2' is not a Y/N flag",
            ],
        ),
    ]
    # AND the quarantine record keeps the row exactly as received
    assert json.loads(quarantined[1][2])["birth_date"] == "6/5/03"
    assert json.loads(quarantined[0][2])["english_learner"] == "0"
    assert (result.files[0].rows_loaded, result.files[0].rows_rejected) == (3, 2)


def test_amounts_with_currency_signs_separators_and_parentheses_become_plain_decimals(ws):
    # GIVEN ledger amounts '$1,234.56', '(62.74)', '($1,000)', '-5', '$13,779.60', '1,23'
    # under the district's column name 'Amount (USD)'
    result = _load(ws, "profile_us", "finance", "gl_actuals")
    # THEN each loads as the decimal it means, its date in ISO form
    assert ws.rows(
        "select description, posting_date, amount from raw_finance.gl_actuals "
        "order by _source_row_number"
    ) == [
        ("salary", "2024-07-15", "1234.56"),
        ("refund", "2024-07-16", "-62.74"),
        ("credit", "2024-07-17", "-1000"),
        ("plain", "2024-07-18", "-5"),
        ("big", "2024-07-19", "13779.60"),
    ]
    # AND '1,23' is no number with thousands in groups of three: quarantined with its value
    assert [(row, reasons) for row, reasons, _ in _quarantine(ws, "gl_actuals")] == [
        (6, ["amount: '1,23' is not a decimal number"])
    ]
    assert result.files[0].rejected_by_reason == {"amount: not a decimal number": 1}


def test_day_first_dates_yes_no_flags_and_a_declared_encoding(ws):
    # GIVEN a code page 850 file (ë is byte 0x89) with D/M/YYYY dates and Yes/No flags
    _load(ws, "profile_eu", "sis", "students")
    # THEN the names decode as the profile says, not as Windows-1252 (which reads 0x89 as ‰)
    assert ws.rows(
        "select student_id, first_name, birth_date, economically_disadvantaged, english_learner "
        "from raw_sis.students order by 1"
    ) == [("S1", "Zoë", "2019-09-16", "Y", "N"), ("S2", "Ben", "2009-12-01", "N", "Y")]
    assert ws.rows("select encoding from raw_meta.file_loads") == [("cp850",)]
    # AND 12/31/2009 is no day-first date
    assert [(row, reasons) for row, reasons, _ in _quarantine(ws, "students")] == [
        (3, ["birth_date: '12/31/2009' is not an ISO date (YYYY-MM-DD)"])
    ]


def test_without_a_profile_the_same_file_is_checked_against_the_contract_alone(ws):
    # GIVEN the US file and no profile
    ws.use("profile_us")
    # THEN its header lacks the contract's names and the extract fails, naming the first
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students")
    assert raised.value.column == "student_id"
    assert "required column is missing" in raised.value.message


def test_an_alias_and_the_contract_name_in_one_header_is_an_error_naming_the_alias(ws):
    landing = ws.use("profile_us")
    path = landing / "sis" / "students" / "2025.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",student_id"] + [row + ",X" for row in lines[1:]]))
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students", profile=load_source_profile(landing / "source_profile.yml"))
    assert raised.value.line == 1 and raised.value.column_index == 13
    assert "the source profile's alias" not in raised.value.message  # the plain name came 2nd
    assert "appears more than once" in raised.value.message


def test_a_profile_added_later_reloads_the_files_it_rewrites(ws):
    # GIVEN students of whom only S1's birth date is day-first (16/09/2019), loaded with a
    # profile that does not name the date format yet
    landing = ws.use("profile_eu")
    path = landing / "sis" / "students" / "2025.csv"
    rows = path.read_bytes().replace(b"01/12/2009", b"2009-12-01")
    path.write_bytes(rows.replace(b"12/31/2009", b"2009-12-31"))
    profile_path = landing / "source_profile.yml"
    text = profile_path.read_text()
    profile_path.write_text(text.replace('      date_formats: ["%d/%m/%Y"]\n', ""))
    first = ws.load("sis", "students", profile=load_source_profile(profile_path))
    assert (first.files[0].rows_loaded, first.files[0].rows_rejected) == (2, 1)
    # WHEN the district adds its date format and the same file is loaded again
    profile_path.write_text(text)
    second = ws.load("sis", "students", profile=load_source_profile(profile_path))
    # THEN the file is checked again under the new rewrites, and S1 loads
    assert second.files[0].status == "replaced"
    assert (second.files[0].rows_loaded, second.files[0].rows_rejected) == (3, 0)
    assert ws.rows("select birth_date from raw_sis.students where student_id = 'S1'") == [
        ("2019-09-16",)
    ]
    # AND once loaded under the same profile, it is unchanged
    third = ws.load("sis", "students", profile=load_source_profile(profile_path))
    assert third.files[0].status == "unchanged"
