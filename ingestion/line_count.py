"""Count a file's data lines without DuckDB, so a row its reader loses cannot go unnoticed.

DuckDB 1.5's parallel reader, with `store_rejects`, drops a line longer than its buffer (32 MiB)
without a reject or an error, and numbers every later row one too low. Whatever the reader does,
loaded plus quarantined rows must equal the data lines counted here.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from ingestion.errors import ContractViolation

_BLOCK = 16 * 1024 * 1024


def quick_data_lines(path: Path) -> int:
    """Newlines before the file's last non-blank byte: the data lines of a plain CSV file.

    Runs at memory speed (bytes.count per block). It overcounts a file with quoted newlines or
    blank lines, and undercounts one ending lines with a bare CR: `careful_data_lines` settles it.
    Trailing blank lines are not counted, so neither a final newline nor a missing one matters.
    """
    confirmed = 0  # newlines followed by more content
    pending = 0  # newlines after the last content byte seen so far
    with open(path, "rb", buffering=0) as handle:
        while block := handle.read(_BLOCK):
            content = block.rstrip(b"\r\n")
            if content:
                confirmed += pending + content.count(b"\n")
                pending = block.count(b"\n", len(content))
            else:
                pending += block.count(b"\n")
    return confirmed


def careful_data_lines(path: Path, max_line_bytes: int) -> tuple[int, int | None]:
    """Records after the header by the CSV grammar (quoted newlines, CR or LF or CRLF line ends,
    blank lines skipped, as DuckDB skips them), and the line where the first record longer than
    `max_line_bytes` starts (None when there is none). A Python loop: only for a disagreement.
    """
    previous_limit = csv.field_size_limit(sys.maxsize)
    try:
        # Latin-1 maps every byte to one character, so no file fails to decode here and sizes
        # in characters are sizes in bytes; the structure (quotes, commas, line ends) is ASCII.
        with open(path, encoding="latin-1", newline="") as text:
            reader = csv.reader(text, strict=False)
            records, overlong_line, start_line = 0, None, 1
            for record in reader:
                if record and overlong_line is None:
                    size = sum(map(len, record)) + len(record) - 1
                    if size > max_line_bytes:
                        overlong_line = start_line
                records += bool(record)
                start_line = reader.line_num + 1
    finally:
        csv.field_size_limit(previous_limit)
    return max(records - 1, 0), overlong_line


def check_rows_read(
    path: Path, shown_path: Path, rows_read: int, quick_lines: int, max_line_bytes: int
) -> int:
    """The file's data lines, after checking the reader read exactly that many rows.

    `quick_lines` is `quick_data_lines(path)`, counted while DuckDB reads; a careful count runs
    only when the two disagree.
    """
    if quick_lines == rows_read:
        return rows_read
    lines, overlong_line = careful_data_lines(path, max_line_bytes)
    if lines == rows_read:
        return lines
    if overlong_line is not None:
        raise ContractViolation(
            shown_path,
            overlong_line,
            None,
            f"the line is longer than the reader's maximum line size ({max_line_bytes} bytes); "
            f"nothing of this file was loaded",
        )
    raise ContractViolation(
        shown_path,
        None,
        None,
        f"the CSV reader read {rows_read} data row(s) but the file has {lines} data line(s); "
        f"nothing of this file was loaded",
    )


def check_rows_accounted(shown_path: Path | str, data_lines: int, loaded: int, quarantined: int):
    """Loaded plus quarantined rows must be the file's data lines: no row lost, none invented."""
    if loaded + quarantined != data_lines:
        raise ContractViolation(
            shown_path,
            None,
            None,
            f"{loaded} row(s) loaded and {quarantined} quarantined, but the file has "
            f"{data_lines} data line(s); nothing of this file was loaded",
        )
