"""Read one export file, every field as VARCHAR, into a table with DuckDB's CSV reader.

The reader is configured explicitly rather than sniffed: a sniffer can decide that a line starting
with '#' is a comment or that the first rows are a preamble, and silently drop district rows.
Structural errors are collected with `store_rejects` so they can be reported with line and column.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.errors import ContractViolation
from ingestion.sql import insertion_order, sql_string

UTF8_BOM = b"\xef\xbb\xbf"
# Widest header the probe can see; the contract's widest extract has a dozen columns.
MAX_HEADER_FIELDS = 512
# DuckDB's default, stated so the contract can name it: a longer line (record) is refused.
MAX_LINE_BYTES = 2 * 1024 * 1024
_TRANSCODE_BLOCK = 16 * 1024 * 1024
_HEADER_BLOCK = 64 * 1024
_MAX_HEADER_BYTES = 1024 * 1024
_REJECTS_KEPT = 100
_REJECTS_TABLE = "_ingest_reject_errors"
_REJECTS_SCAN = "_ingest_reject_scans"

# strict_mode stays on: with it off DuckDB silently truncates rows with too many fields.
_DIALECT = (
    "delim = ',', quote = '\"', escape = '\"', comment = '', skip = 0, auto_detect = false, "
    f"strict_mode = true, max_line_size = {MAX_LINE_BYTES}"
)

_STRUCTURAL_MESSAGES = {
    "UNQUOTED VALUE": "a quoted value is not closed, or has text after its closing quote",
    "LINE SIZE OVER MAXIMUM": "the line is longer than the reader's maximum line size",
    "INVALID STATE": "the line is not valid CSV",
    "INVALID ENCODING": "the file is neither UTF-8 nor Windows-1252",
}


@dataclass(frozen=True)
class ReadFile:
    """Rows of one file in table `table`, columns c1..cN in header order, in file order.

    Data row k (1-based, header excluded) has rowid `first_rowid + k - 1`: the table is filled
    by one order-preserving insert, and any reader reject aborts the load. DuckDB can still drop a
    line longer than its buffer without a reject, so the caller checks `rows` against the file's
    data lines counted apart from DuckDB (ingestion/line_count.py).
    (Inside a transaction DuckDB numbers new rows from a large offset, hence `first_rowid`.)
    """

    table: str
    header: tuple[str, ...]
    encoding: str
    rows: int
    first_rowid: int

    def column(self, index: int) -> str:
        return f"c{index + 1}"

    @property
    def row_number_sql(self) -> str:
        return f"(rowid - {self.first_rowid} + 1)"


def read_into_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    shown_path: Path,
    table: str,
    check_header: Callable[[tuple[str, ...]], object] | None = None,
    scratch_dir: Path | None = None,
    encoding: str | None = None,
) -> ReadFile:
    """Fill `table` from `path`; errors name `shown_path` (the path the district knows).

    `table` is written once, by the read: ingestion reads into the table the raw view will show
    (ingestion/warehouse.py), so the rows are not copied again.

    `check_header` runs before the body is read, so a file with a bad header fails fast.
    `scratch_dir` receives the temporary copies (they hold the file's rows): the run's scratch
    folder, which the next run empties if this one is killed; None is the system's temp folder.
    `encoding` is the source profile's: the file is read as that; None detects UTF-8, else
    Windows-1252.
    """
    if path.stat().st_size == 0:
        raise ContractViolation(shown_path, 1, None, "file is empty: a header row is required")
    declared = codecs.lookup(encoding).name if encoding else None
    encoding = "utf-8-sig" if _starts_with_bom(path) else "utf-8"
    with _transcoded_copies(path, shown_path, scratch_dir) as transcode:
        source = path
        if declared and declared not in ("utf-8", "utf-8-sig"):
            source, encoding = transcode(declared), declared
        header = _read_header(con, source, shown_path, scratch_dir)
        if header is None and declared:
            raise ContractViolation(shown_path, 1, None, f"the header row is not {declared}")
        if header is None:
            source, encoding = transcode(), "cp1252"
            header = _read_header(con, source, shown_path, scratch_dir)
        if check_header:
            check_header(header)
        rejects = _read_body(con, source, shown_path, table, len(header))
        if _has_invalid_encoding(rejects) and encoding == "utf-8" and not declared:
            source, encoding = transcode(), "cp1252"
            header = _read_header(con, source, shown_path, scratch_dir)
            rejects = _read_body(con, source, shown_path, table, len(header))
    if rejects:
        raise _structural_violation(shown_path, header, rejects[0])
    rows, first_rowid = con.execute(f"select count(*), min(rowid) from {table}").fetchone()
    return ReadFile(table, header, encoding, rows, first_rowid or 0)


def _starts_with_bom(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(UTF8_BOM)) == UTF8_BOM


def _read_header(
    con: duckdb.DuckDBPyConnection, path: Path, shown_path: Path, scratch_dir: Path | None
) -> tuple[str, ...] | None:
    """Header names as DuckDB parses them, or None when the header line is not UTF-8.

    DuckDB reads only a copy of the first physical line, so malformed data rows further down
    cannot stop the header from being read, and their errors come from the body read instead.
    """
    first_line = _first_line(path, shown_path)
    if not first_line.strip(b"\r\n\t " + UTF8_BOM):
        raise ContractViolation(shown_path, 1, None, "file has no header row")
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, MAX_HEADER_FIELDS + 1))
    with _scratch_file(first_line, scratch_dir) as header_file, _without_row_text(shown_path):
        _drop_rejects(con)
        row = con.execute(
            f"select * from read_csv({sql_string(str(header_file))}, header = false, "
            f"columns = {{{columns}}}, {_DIALECT}, "
            # Only padding is NULL: a blank trailing name is '' and stays a column.
            f"null_padding = true, nullstr = '\x01', parallel = false, store_rejects = true, "
            f"rejects_table = '{_REJECTS_TABLE}', rejects_scan = '{_REJECTS_SCAN}')"
        ).fetchone()
        rejects = _rejects(con)
    if _has_invalid_encoding(rejects):
        return None
    if rejects or row is None:
        message = "the header row is not valid CSV"
        if rejects and rejects[0][2] == "TOO MANY COLUMNS":
            message = f"the header row has more than {MAX_HEADER_FIELDS} fields"
        raise ContractViolation(shown_path, 1, None, message)
    last = max((i for i, value in enumerate(row) if value is not None), default=-1)
    return tuple((value or "").lstrip("\ufeff") for value in row[: last + 1])


def _first_line(path: Path, shown_path: Path) -> bytes:
    with open(path, "rb") as handle:
        head = b""
        while len(head) < _MAX_HEADER_BYTES:
            block = handle.read(_HEADER_BLOCK)
            if not block:
                return head
            end = block.find(b"\n")
            if end >= 0:
                return head + block[: end + 1]
            head += block
    raise ContractViolation(shown_path, 1, None, "the header row is longer than 1 MiB")


def _read_body(
    con: duckdb.DuckDBPyConnection, path: Path, shown_path: Path, table: str, width: int
) -> list[tuple]:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1))
    _drop_rejects(con)
    # Row numbers are rowids, so the file's order must be kept whatever the caller set.
    with _without_row_text(shown_path), insertion_order(con, preserve=True):
        con.execute(
            f"create or replace table {table} as select * from "
            f"read_csv({sql_string(str(path))}, header = true, "
            f"columns = {{{columns}}}, {_DIALECT}, null_padding = false, store_rejects = true, "
            f"rejects_table = '{_REJECTS_TABLE}', rejects_scan = '{_REJECTS_SCAN}', "
            f"rejects_limit = {_REJECTS_KEPT})"
        )
    return _rejects(con)


@contextmanager
def _without_row_text(shown_path: Path):
    """Turns a CSV error DuckDB raised itself into a ContractViolation without the row's text.

    Its first line names the problem and line; later lines quote the row ("Original Line").
    The original is not chained, so the row's text is not logged with the traceback either.
    """
    try:
        yield
    except duckdb.InvalidInputException as error:
        first_line = str(error).strip().splitlines()[0]
        raise ContractViolation(shown_path, None, None, f"unreadable CSV ({first_line})") from None


def _rejects(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    # DuckDB creates the rejects tables only when a scan materializes them.
    exists = con.execute(
        f"select count(*) from duckdb_tables() where temporary and table_name = '{_REJECTS_TABLE}'"
    ).fetchone()[0]
    if not exists:
        return []
    # csv_line is never selected: it holds student values.
    rows = con.execute(
        f"select line, column_name, error_type::varchar, error_message, column_idx "
        f"from {_REJECTS_TABLE} order by line, column_idx"
    ).fetchall()
    _drop_rejects(con)
    return rows


def _drop_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"drop table if exists {_REJECTS_TABLE}")
    con.execute(f"drop table if exists {_REJECTS_SCAN}")


def _has_invalid_encoding(rejects: list[tuple]) -> bool:
    return any(error_type == "INVALID ENCODING" for _, _, error_type, _, _ in rejects)


def _structural_violation(
    shown_path: Path, header: tuple[str, ...], reject: tuple
) -> ContractViolation:
    line, column_name, error_type, error_message, column_idx = reject
    if column_name and column_name.startswith("c") and column_name[1:].isdigit():
        index = int(column_name[1:])
        name = header[index - 1]
    else:
        index, name = column_idx, None
    if error_type in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        # DuckDB's message is "Expected Number of Columns: N Found: M": numbers only.
        expected, found = [int(word) for word in error_message.split() if word.isdigit()][:2]
        message = f"expected {expected} fields, found {found}"
    else:
        message = _STRUCTURAL_MESSAGES.get(error_type, f"CSV error ({error_type.lower()})")
    return ContractViolation(shown_path, int(line), name, message, column_index=index)


@contextmanager
def _transcoded_copies(path: Path, shown_path: Path, scratch_dir: Path | None):
    """Yields a function that writes a UTF-8 copy of a Windows-1252 file, removed on exit.

    DuckDB's own latin-1 decoding differs from Windows-1252 at 0x80-0x9F (curly quotes,
    dashes), and the encodings extension cannot be installed offline, so Python transcodes.
    """
    made: list[Path] = []

    def transcode(encoding: str = "cp1252") -> Path:
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="ingest-recoded-", dir=scratch_dir)
        made.append(Path(name))
        offset = 0
        # Incremental: a multi-byte character may straddle two blocks.
        decoder = codecs.getincrementaldecoder(encoding)()
        with open(path, "rb") as source, os.fdopen(handle, "wb") as target:
            while True:
                block = source.read(_TRANSCODE_BLOCK)
                try:
                    target.write(decoder.decode(block, final=not block).encode("utf-8"))
                except UnicodeDecodeError as error:
                    expected = "neither UTF-8 nor Windows-1252"
                    if encoding != "cp1252":
                        expected = f"not {encoding}, as the source profile says"
                    raise ContractViolation(
                        shown_path,
                        None,
                        None,
                        f"the file is {expected} (byte offset {offset + error.start})",
                    ) from None
                if not block:
                    break
                offset += len(block)
        return made[-1]

    try:
        yield transcode
    finally:
        for name in made:
            name.unlink(missing_ok=True)


@contextmanager
def _scratch_file(content: bytes, scratch_dir: Path | None):
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="ingest-header-", dir=scratch_dir)
    try:
        with os.fdopen(handle, "wb") as target:
            target.write(content)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
