"""What a load did, in counts and column names only: safe to log and to attach as metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

LOADED = "loaded"
REPLACED = "replaced"
UNCHANGED = "unchanged"
HELD = "held"  # shrinks its loaded year too much: not loaded until accepted
REFUSED = "refused"  # its file-name year is outside the accepted window: never loaded


@dataclass
class FileLoadResult:
    path: str  # relative to the landing folder, as in _source_file
    school_year: int
    sha256: str
    # loaded (first time), replaced (new snapshot), unchanged (same sha256), held or refused
    status: str
    encoding: str
    rows_in_file: int
    rows_loaded: int
    rows_rejected: int
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    archive_path: str = ""
    # Rows of this year loaded before this run: a held file leaves them in place.
    previous_rows_loaded: int | None = None
    # Why a file was held or refused, or how its shrink was accepted.
    reason: str = ""


@dataclass
class ExtractLoadResult:
    system: str
    extract: str
    table: str
    files: list[FileLoadResult] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)  # under this extract's folder
    rows_in_table: int = 0
    # Everything unrecognized anywhere in the landing folder, the same list for every extract.
    unrecognized_in_landing: list[str] = field(default_factory=list)

    @property
    def rows_in_files(self) -> int:
        return sum(result.rows_in_file for result in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(result.rows_loaded for result in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(result.rows_rejected for result in self.files)

    @property
    def changed(self) -> bool:
        return any(result.status in (LOADED, REPLACED) for result in self.files)

    @property
    def held(self) -> list[FileLoadResult]:
        return [result for result in self.files if result.status == HELD]

    @property
    def refused(self) -> list[FileLoadResult]:
        return [result for result in self.files if result.status == REFUSED]

    @property
    def rejected_by_reason(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for result in self.files:
            for reason, count in result.rejected_by_reason.items():
                totals[reason] = totals.get(reason, 0) + count
        return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))

    @property
    def extra_columns(self) -> list[str]:
        return sorted({name for result in self.files for name in result.extra_columns})

    def summary(self) -> dict:
        """A JSON-ready digest: counts, statuses, reasons and column names, never values."""
        return {
            "table": self.table,
            "files": len(self.files),
            "files_by_status": _count(result.status for result in self.files),
            "rows_in_files": self.rows_in_files,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "rows_in_table": self.rows_in_table,
            "rejected_by_reason": self.rejected_by_reason,
            "extra_columns": self.extra_columns,
            "held": [result.path for result in self.held],
            "refused": [result.path for result in self.refused],
            "unrecognized": list(self.unrecognized),
            "unrecognized_in_landing": list(self.unrecognized_in_landing),
            "by_file": [asdict(result) for result in self.files],
        }

    def summary_lines(self) -> list[str]:
        lines = [
            f"{self.table}: {len(self.files)} file(s), {self.rows_loaded} row(s) loaded, "
            f"{self.rows_rejected} quarantined, {self.rows_in_table} in table"
        ]
        for result in self.files:
            lines.append(_file_line(result))
            if result.reason:
                lines.append(f"    {result.reason}")
            lines.extend(
                f"    {count} x {reason}" for reason, count in result.rejected_by_reason.items()
            )
            if result.extra_columns:
                lines.append(f"    extra columns kept: {', '.join(result.extra_columns)}")
        lines.extend(f"  not loaded, not in the layout: {entry}" for entry in self.unrecognized)
        return lines


def _file_line(result: FileLoadResult) -> str:
    if result.status == REFUSED:
        return f"  {result.path} [refused]: not read"
    if result.status == HELD:
        return (
            f"  {result.path} [held]: {result.rows_in_file} in file, "
            f"{result.previous_rows_loaded} loaded now from the previous file (kept)"
        )
    return (
        f"  {result.path} [{result.status}, {result.encoding}]: {result.rows_in_file} "
        f"in file, {result.rows_loaded} loaded, {result.rows_rejected} quarantined"
    )


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
