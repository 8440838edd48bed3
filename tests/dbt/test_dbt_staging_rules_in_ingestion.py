"""GIVEN the dbt fixture district's landing files, with rows appended that each break one rule the
staging models' dbt tests used to check (a required value empty, a code outside its code set, a
number outside its range, a repeated primary key)
WHEN ingestion loads them
THEN each planted row is quarantined with the reason that names its rule: these rules are checked
once, by ingestion, before staging (docs/operations.md lists which check covers which test)."""

import csv
import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from ingestion.contract import load_contract
from ingestion.guards import IngestionGuards
from ingestion.load import load_all

FIXTURES = Path(__file__).parent / "fixtures" / "raw"
NOT_A_CODE, TOO_LOW, TOO_HIGH = "not-a-code", "-99999", "99999"


def _planted_rows(extract) -> list[tuple[str, str | None, str, str]]:
    """(rule, column, value, expected reason pattern) for every rule of the extract's columns."""
    planted = []
    for column in extract.columns:
        name = re.escape(column.name)
        if column.required:
            planted.append(("required", column.name, "", rf"^{name}: required value is empty$"))
        if column.type == "code":
            code_set = re.escape(column.code_set)
            reason = rf"^{name}: (.* is )?not in code set '{code_set}'$"
            planted.append(("code set", column.name, NOT_A_CODE, reason))
        if column.minimum is not None:
            reason = rf"^{name}: (.* is )?below minimum "
            planted.append(("minimum", column.name, TOO_LOW, reason))
        if column.maximum is not None:
            reason = rf"^{name}: (.* is )?above maximum "
            planted.append(("maximum", column.name, TOO_HIGH, reason))
    if extract.primary_key:
        planted.append(("primary key", None, "", r"^duplicate primary key"))
    return planted


def _append(path: Path, rows: list[dict], header: list[str]) -> None:
    text = path.read_bytes()
    newline = "\r\n" if b"\r\n" in text else "\n"
    with path.open("a", newline="", encoding="utf-8") as file:
        if not text.endswith(newline.encode()):
            file.write(newline)
        csv.DictWriter(file, fieldnames=header, lineterminator=newline).writerows(rows)


@pytest.fixture(scope="module")
def quarantined(tmp_path_factory):
    """Every planted row's expected pattern, and the reasons ingestion gave it."""
    work = tmp_path_factory.mktemp("planted")
    landing = work / "landing"
    shutil.copytree(FIXTURES, landing)
    contract = load_contract()
    expected = {}
    for extract in contract.extracts.values():
        path = sorted((landing / extract.system / extract.name).glob("*.csv"))[-1]
        with path.open(newline="", encoding="utf-8") as file:
            header, *rows = list(csv.reader(file))
        base = dict(zip(header, rows[0], strict=True))
        # A column the file may leave out (and this one does) loads empty: nothing to break.
        planted = [row for row in _planted_rows(extract) if row[1] is None or row[1] in header]
        _append(path, [{**base, **({c: v} if c else {})} for _, c, v, _ in planted], header)
        for number, (rule, column, _, pattern) in enumerate(planted, start=len(rows) + 1):
            key = (extract.system, extract.name, int(path.stem), number)
            expected[key] = (rule, column, pattern)
    connection = duckdb.connect(str(work / "warehouse.duckdb"))
    # Several planted rows in a small fixture file are most of it: let the file load anyway.
    guards = replace(IngestionGuards.default(), max_rejected_share=1.0)
    load_all(connection, landing, work / "archive", contract=contract, guards=guards)
    reasons = {
        (system, extract, year, row): list(row_reasons)
        for system, extract, year, row, row_reasons in connection.sql(
            "select system, extract, school_year, source_row_number, reasons "
            "from raw_quarantine.rejected_rows"
        ).fetchall()
    }
    connection.close()
    return expected, reasons


def test_every_rule_the_staging_tests_checked_is_planted():
    rules = {rule for e in load_contract().extracts.values() for rule, *_ in _planted_rows(e)}
    assert rules == {"required", "code set", "minimum", "maximum", "primary key"}


def test_each_planted_row_is_quarantined_for_its_rule(quarantined):
    expected, reasons = quarantined
    missed = [
        f"{'/'.join(map(str, key))} {rule} {column}: got {reasons.get(key)}"
        for key, (rule, column, pattern) in expected.items()
        if not any(re.search(pattern, reason) for reason in reasons.get(key, []))
    ]
    assert missed == []
    assert len(expected) > 100  # every extract's rules, not a handful
