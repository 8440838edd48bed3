"""Reading a OneRoster 1.0, 1.1 or 1.2 CSV bundle: the manifest, header variants, dates.

`manifest.csv` (1.1 and later) says which files are `bulk` (a full snapshot), `delta` or
`absent`; a 1.0 bundle has no manifest and every file present is read. Headers are matched
without regard to case (`birthdate`, `birthDate`), and 1.0's names are read as 1.1's
(`termSourcedId` as `termSourcedIds`). Dates come as `2017-04-05`, `2017-05-06 08:01:05`,
`2023-10-02T00:00:00.000Z` or US `1/05/2023`; anything else stops the import with the file, line
and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ingestion.errors import ContractViolation

# 1.0 (and some vendors) spell these columns differently from 1.1 and 1.2.
HEADER_ALIASES = {"termsourcedid": "termsourcedids", "grade": "grades"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE_VALUES = frozenset({"true", "1", "yes", "y"})


class OneRosterRow(dict):
    """One CSV row keyed by lower-case header, remembering where it came from for errors."""

    def __init__(self, values: dict[str, str], path: Path, line: int):
        super().__init__(values)
        self.path = path
        self.line = line

    def value(self, column: str) -> str:
        return (self.get(column.casefold()) or "").strip()

    def flag(self, column: str) -> bool:
        return self.value(column).casefold() in TRUE_VALUES

    def list(self, column: str) -> list[str]:
        """A multi-valued field (`"09,10,11"`) as its values."""
        return [part.strip() for part in self.value(column).split(",") if part.strip()]

    def date(self, column: str) -> str:
        """The column as an ISO date; "" when empty; ContractViolation when unreadable."""
        text = self.value(column)
        if not text:
            return ""
        iso, us = ISO_DATE.match(text), US_DATE.match(text)
        try:
            if iso:
                return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
            if us:
                return date(int(us[3]), int(us[1]), int(us[2])).isoformat()
        except ValueError:
            pass
        raise ContractViolation(self.path, self.line, column, "not a date this importer reads")


class OneRosterBundle:
    """A folder of OneRoster CSV files, read as its manifest says."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ContractViolation(self.folder, None, None, "OneRoster folder does not exist")
        self.files = {path.stem.casefold(): path for path in self.folder.glob("*.csv")}
        self.manifest = self._read_manifest()
        self.version = self.manifest.get("oneroster.version", "1.0" if not self.manifest else "1.1")

    def _read_manifest(self) -> dict[str, str]:
        path = self.files.get("manifest")
        if path is None:
            return {}
        return {row.value("propertyName"): row.value("value") for row in _read_csv(path)}

    def mode(self, name: str) -> str:
        """`bulk`, `delta` or `absent`, as the manifest declares; without one, by the file."""
        declared = self.manifest.get(f"file.{name}")
        if declared:
            return declared.casefold()
        return "bulk" if name.casefold() in self.files else "absent"

    def rows(self, name: str) -> Iterator[OneRosterRow]:
        """The rows of a `bulk` file; nothing for an absent or delta one (see `mode`)."""
        if self.mode(name) != "bulk":
            return
        path = self.files.get(name.casefold())
        if path is None:
            manifest = self.files.get("manifest", self.folder / "manifest.csv")
            raise ContractViolation(manifest, None, f"file.{name}", "declares bulk, file missing")
        for row in _read_csv(path):
            if row.value("status").casefold() != "tobedeleted":
                yield row


def _read_csv(path: Path) -> Iterator[OneRosterRow]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [
            HEADER_ALIASES.get(name.strip().casefold(), name.strip().casefold()) for name in header
        ]
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            extra = values[len(names) :]
            if any(value.strip() for value in extra):
                raise ContractViolation(
                    path, line, None, f"{len(values)} fields, header has {len(names)}"
                )
            if len(values) < len(names) and any(names[len(values) :]):
                column = names[len(values)]
                raise ContractViolation(
                    path, line, column, f"{len(values)} fields, header has {len(names)}"
                )
            yield OneRosterRow(dict(zip(names, values, strict=False)), path, line)
