"""Where an importer's rows go: contract files, a quarantine for rows it could not map, a report.

Every importer builds `Row`s. A row whose descriptors or codes could not be mapped carries its
problems and goes to the quarantine file of its extract instead of the contract file, so nothing
is guessed and nothing is dropped silently. The report counts rows, never shows their values.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.contract import Contract, load_contract

# Hidden from landing discovery (it skips dot entries), so `k12 run` never loads it.
IMPORT_DIR_NAME = ".import"


class Row(dict):
    """One contract row being built, and the reasons it cannot be used as it is."""

    def __init__(self, **values: str):
        super().__init__(**values)
        self.problems: list[str] = []

    def problem(self, reason: str) -> None:
        self.problems.append(reason)


@dataclass
class ImportReport:
    """What an import wrote, what it could not fill and why; counts and codes only."""

    kind: str
    school_year: int
    rows_written: Counter = field(default_factory=Counter)
    rows_quarantined: Counter = field(default_factory=Counter)
    rows_skipped: dict[str, Counter] = field(default_factory=dict)
    unmapped: dict[str, Counter] = field(default_factory=dict)
    extracts_not_filled: dict[str, str] = field(default_factory=dict)
    fields_not_filled: dict[str, str] = field(default_factory=dict)
    required_empty: Counter = field(default_factory=Counter)

    def skip(self, extract: str, reason: str) -> None:
        """Count a source record that is deliberately not a contract row (e.g. a present day)."""
        self.rows_skipped.setdefault(extract, Counter())[reason] += 1

    def record_unmapped(self, seed: str, value: str) -> None:
        self.unmapped.setdefault(seed, Counter())[value] += 1

    def lines(self) -> list[str]:
        lines = [f"{self.kind} import for school year {self.school_year}"]
        for extract in sorted(set(self.rows_written) | set(self.rows_quarantined)):
            lines.append(
                f"  wrote {extract}: {self.rows_written[extract]:,} rows, "
                f"{self.rows_quarantined[extract]:,} quarantined"
            )
        for extract, reasons in sorted(self.rows_skipped.items()):
            for reason, count in sorted(reasons.items()):
                lines.append(f"  skipped {count:,} {extract} records: {reason}")
        for seed, values in sorted(self.unmapped.items()):
            for value, count in sorted(values.items()):
                lines.append(
                    f"  unmapped in {seed}: {value!r} ({count:,} rows); add it to the seed"
                )
        for extract, why in sorted(self.extracts_not_filled.items()):
            lines.append(f"  not written {extract}: {why}")
        for column, count in sorted(self.required_empty.items()):
            lines.append(
                f"  empty required {column}: {count:,} rows; ingestion will quarantine them"
            )
        for column, why in sorted(self.fields_not_filled.items()):
            lines.append(f"  not filled {column}: {why}")
        return lines


class ContractOutput:
    """Writes `<out>/<system>/<extract>/<year>.csv` and the quarantine, one extract at a time."""

    def __init__(
        self, out_dir: Path, kind: str, school_year: int, contract: Contract | None = None
    ):
        self.out_dir = Path(out_dir)
        self.contract = contract or load_contract()
        self.report = ImportReport(kind=kind, school_year=school_year)
        self.quarantine_dir = self.out_dir / IMPORT_DIR_NAME / kind / "quarantine"
        # A quarantine holds student rows: an old one must not outlive the import that made it.
        shutil.rmtree(self.quarantine_dir, ignore_errors=True)

    def write(self, system: str, extract: str, rows) -> None:
        """Stream `rows` into the extract's contract file; rows with problems go to quarantine.

        No file is written for an extract without a usable row: an empty file would replace a
        year already loaded with nothing.
        """
        spec = self.contract.extract(system, extract)
        columns = spec.column_names
        required = [column.name for column in spec.columns if column.required]
        name = f"{system}/{extract}"
        files: dict[str, tuple] = {}
        try:
            for row in rows:
                values = [row.get(column, "") for column in columns]
                if row.problems:
                    target = self.quarantine_dir / f"{system}__{extract}.csv"
                    writer = self._writer(files, target, [*columns, "_import_problems"])
                    writer.writerow([*values, "; ".join(row.problems)])
                    self.report.rows_quarantined[name] += 1
                    continue
                target = self.out_dir / system / extract / f"{self.report.school_year}.csv"
                self._writer(files, target, columns).writerow(values)
                self.report.rows_written[name] += 1
                for column in required:
                    if not row.get(column):
                        self.report.required_empty[f"{name}.{column}"] += 1
        finally:
            for handle, _ in files.values():
                handle.close()

    def not_filled(self, extract: str, why: str) -> None:
        """Report an extract (`sis/attendance`) the source cannot fill."""
        self.report.extracts_not_filled[extract] = why

    def field_not_filled(self, extract: str, column: str, why: str) -> None:
        """Report a column of a written extract the source cannot fill."""
        self.report.fields_not_filled[f"{extract}.{column}"] = why

    @staticmethod
    def _writer(files: dict, path: Path, header):
        if str(path) not in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("w", newline="", encoding="utf-8")
            writer = csv.writer(handle)
            writer.writerow(header)
            files[str(path)] = (handle, writer)
        return files[str(path)][1]
