"""Importer tests: hand-written Ed-Fi and OneRoster fixtures, outputs read back as dicts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingestion.importers.edfi import import_edfi

FIXTURES = Path(__file__).parent / "fixtures"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def contract_rows(out: Path, extract: str, year: int = 2025) -> list[dict[str, str]]:
    """The rows an importer wrote for `sis/students`-style `extract`."""
    return read_rows(out / extract / f"{year}.csv")


def quarantine_rows(out: Path, kind: str, extract: str) -> list[dict[str, str]]:
    system, name = extract.split("/")
    return read_rows(out / ".import" / kind / "quarantine" / f"{system}__{name}.csv")


@pytest.fixture(scope="module")
def xml_import(tmp_path_factory):
    """The Ed-Fi XML fixture imported once for 2025: (landing folder, report)."""
    out = tmp_path_factory.mktemp("edfi_xml")
    return out, import_edfi(FIXTURES / "edfi_xml", out, 2025)
