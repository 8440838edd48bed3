"""The one error a district's file can cause: it breaks the export contract as a whole."""

from __future__ import annotations

from pathlib import Path


class ContractViolation(Exception):
    """A file that cannot be loaded at all. Names a place in the file, never a value from it."""

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        column: str | None,
        message: str,
        column_index: int | None = None,
    ):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.column_index = column_index
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Keeps the exception picklable for process-based executors.
        args = (self.path, self.line, self.column, self.message, self.column_index)
        return (type(self), args)

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column_index is not None and self.column is not None:
            parts.append(f"column {self.column_index} ({self.column!r})")
        elif self.column is not None:
            parts.append(f"column {self.column!r}")
        elif self.column_index is not None:
            parts.append(f"column {self.column_index}")
        return f"{', '.join(parts)}: {self.message}"
