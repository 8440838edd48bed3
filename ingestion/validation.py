"""Row checks of the export contract, generated as DuckDB SQL over a file's temp table.

Values are checked after trimming, and empty or blank values count as missing, because staging
trims them the same way; the raw table still keeps each value exactly as received. Only spaces
are trimmed (DuckDB's trim), so a value padded with tabs is reported, not silently accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ingestion.contract import Column, Extract
from ingestion.sql import sql_string

DUPLICATE_REASON = "duplicate primary key"

_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_QUOTED_LENGTH = 60


def _padded(column_sql: str) -> str:
    # Byte tests: `value[-1]` would count UTF-8 characters to find the last one.
    return f"(starts_with({column_sql}, ' ') or ends_with({column_sql}, ' '))"


def _trimmed(column_sql: str) -> str:
    # trim() copies every string; only values with an outer space need it (3x faster).
    return f"case when {_padded(column_sql)} then trim({column_sql}) else {column_sql} end"


def _present(column_sql: str) -> str:
    return f"nullif({_trimmed(column_sql)}, '')"


def _bound(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _quoted_list(values) -> str:
    return ", ".join(sql_string(value) for value in sorted(values))


def _spellings(accepted_codes: frozenset[str]) -> frozenset[str]:
    # Exact spellings a file most likely uses, for the fast path: 'tardy', 'F', 'KG', 'A+'.
    return accepted_codes | {code.upper() for code in accepted_codes}


def _fast_valid_sql(column: Column, raw: str, accepted_codes: frozenset[str]) -> str | None:
    """A cheap test on the raw value that passes almost every good value; None: always check."""
    in_range = []
    if column.minimum is not None:
        in_range.append(f"try_cast({raw} as double) >= {_bound(column.minimum)}")
    if column.maximum is not None:
        in_range.append(f"try_cast({raw} as double) <= {_bound(column.maximum)}")
    if column.type == "string":
        # Anything starting with a visible character is non-blank.
        test = f"{raw}[1] > ' '" if column.required else None
    elif column.type == "integer":
        test = " and ".join([f"regexp_full_match({raw}, '{_INTEGER}')", *in_range])
    elif column.type == "decimal":
        test = " and ".join([f"regexp_full_match({raw}, '{_DECIMAL}')", *in_range])
    elif column.type == "date":
        test = f"regexp_full_match({raw}, '{_ISO_DATE}') and try_cast({raw} as date) is not null"
    elif column.type == "flag":
        test = f"{raw} in ('Y', 'N')"
    else:
        test = f"{raw} in ({_quoted_list(_spellings(accepted_codes))})"
    if test is None and not column.required:
        return "true"
    if test is not None and not column.required:
        test = f"{raw} is null or ({test})"
    return test


def _quoted(shown_sql: str) -> str:
    # The value as received, in quotes; a long one is cut so a reason stays readable.
    return (
        f"'''' || case when length({shown_sql}) > {_QUOTED_LENGTH} "
        f"then left({shown_sql}, {_QUOTED_LENGTH}) || '...' else {shown_sql} end || ''''"
    )


def column_reason_sql(
    column: Column, column_sql: str, accepted_codes: frozenset[str], shown_sql: str | None = None
) -> str:
    """A CASE expression giving this column's first problem as text, or NULL when it is fine.

    The reason quotes the offending value as received (`shown_sql`, default `column_sql`):
    `amount: '$13,779.60' is not a decimal number`. Reasons live only in the quarantine table;
    counts group them by `value_free_reason_sql`. A fast test on the value settles nearly
    every row; only the rest pay for trimming.
    """
    fast = _fast_valid_sql(column, column_sql, accepted_codes)
    if fast == "true":
        return ""
    value = _present(column_sql)
    name = column.name
    whens = []  # (test on a present value, what is wrong with it)
    if column.type == "integer":
        whens.append((f"not regexp_full_match({value}, '{_INTEGER}')", "is not an integer"))
    elif column.type == "decimal":
        whens.append((f"not regexp_full_match({value}, '{_DECIMAL}')", "is not a decimal number"))
    elif column.type == "date":
        whens.append(
            (
                f"not regexp_full_match({value}, '{_ISO_DATE}') "
                f"or try_cast({value} as date) is null",
                "is not an ISO date (YYYY-MM-DD)",
            )
        )
    elif column.type == "flag":
        whens.append((f"upper({value}) not in ('Y', 'N')", "is not a Y/N flag"))
    elif column.type == "code":
        whens.append(
            (
                f"lower({value}) not in ({_quoted_list(accepted_codes)})",
                f"is not in code set '{column.code_set}'",
            )
        )
    # Range checks only run once the type check above has passed (CASE stops at the first hit).
    if column.minimum is not None:
        bound = _bound(column.minimum)
        whens.append((f"try_cast({value} as double) < {bound}", f"is below minimum {bound}"))
    if column.maximum is not None:
        bound = _bound(column.maximum)
        whens.append((f"try_cast({value} as double) > {bound}", f"is above maximum {bound}"))
    cases = [f"when {fast} then null"]
    if column.required:
        cases.append(f"when {value} is null then {sql_string(f'{name}: required value is empty')}")
    shown = _quoted(shown_sql or column_sql)
    cases += [
        f"when {value} is not null and ({test}) "
        f"then {sql_string(f'{name}: ')} || {shown} || {sql_string(f' {problem}')}"
        for test, problem in whens
    ]
    return f"case {' '.join(cases)} end"


def value_free_reason_sql(reason_sql: str) -> str:
    """A reason without the value it quotes or the line it points at, for counts that go to
    logs and Dagster metadata: `amount: not a decimal number`, `duplicate primary key`."""
    without_value = rf"regexp_replace({reason_sql}, '(?s)^([a-z0-9_]+): ''.*'' is ', '\1: ')"
    return rf"regexp_replace({without_value}, ' \((first at row|line) [0-9]+\)$', '')"


def invalid_rows_sql(
    extract: Extract,
    column_sql: Mapping[str, str],
    accepted_codes: Callable[[str], frozenset[str]],
    source_table: str,
    shown_sql: Mapping[str, str] | None = None,
) -> str | None:
    """SELECT row_index, reasons for rows breaking a column rule; None when nothing is checked.

    `column_sql` is each column's value to check (rewritten by a source profile, if any);
    `shown_sql` the value as received, which the reasons quote (default: `column_sql`)."""
    shown_sql = shown_sql or column_sql
    reasons = []
    for column in extract.columns:
        codes = accepted_codes(column.code_set) if column.code_set else frozenset()
        expression = column_reason_sql(
            column, column_sql[column.name], codes, shown_sql[column.name]
        )
        if expression:
            reasons.append(expression)
    if not reasons:
        return None
    # Each column's reason is computed once; only failing rows pay for building the list.
    named = ", ".join(f"{expression} as r{i}" for i, expression in enumerate(reasons))
    listed = ", ".join(f"r{i}" for i in range(len(reasons)))
    return (
        f"select row_index, list_filter([{listed}], reason -> reason is not null) as reasons "
        f"from (select rowid as row_index, {named} from {source_table}) "
        f"where coalesce({listed}) is not null"
    )


def all_valid_count_sql(
    extract: Extract,
    column_sql: Mapping[str, str],
    accepted_codes: Callable[[str], frozenset[str]],
    source_table: str,
) -> str | None:
    """SELECT the number of rows passing every column's fast test; None when nothing is checked.

    As a WHERE clause the tests short-circuit row by row, far cheaper than the reason CASEs,
    so when every row passes (the usual file) the per-row reasons are never computed.
    """
    tests = []
    for column in extract.columns:
        codes = accepted_codes(column.code_set) if column.code_set else frozenset()
        if column_reason_sql(column, column_sql[column.name], codes):
            tests.append(_fast_valid_sql(column, column_sql[column.name], codes))
    if not tests:
        return None
    return f"select count(*) from {source_table} where {' and '.join(f'({t})' for t in tests)}"


def primary_key_sql(
    extract: Extract, column_sql: Mapping[str, str], accepted_codes: Callable[[str], frozenset[str]]
) -> list[str]:
    """Key expressions compared for duplicates: trimmed, and lower-cased for codes."""
    keys = []
    for name in extract.primary_key:
        raw = column_sql[name]
        expression = _trimmed(raw)
        column = extract.column(name)
        if column.type == "code":
            # Codes already in canonical spelling skip the lower(trim()) copy.
            codes = _quoted_list(accepted_codes(column.code_set))
            expression = f"case when {raw} in ({codes}) then {raw} else lower({expression}) end"
        keys.append(expression)
    return keys


def raw_key_sql(
    extract: Extract,
    column_sql: Mapping[str, str],
    accepted_codes: Callable[[str], frozenset[str]],
    source_table: str,
) -> tuple[list[str], str]:
    """The raw key columns, and a SELECT counting rows whose key differs from its normalized
    form (padded, or a code not in canonical spelling). When none does, the raw columns hash
    to the same groups as `primary_key_sql` without copying or case-folding any value."""
    keys, needs_work = [], []
    for name in extract.primary_key:
        raw = column_sql[name]
        keys.append(raw)
        needs_work.append(_padded(raw))
        column = extract.column(name)
        if column.type == "code":
            needs_work.append(f"{raw} not in ({_quoted_list(accepted_codes(column.code_set))})")
    return keys, f"select count(*) from {source_table} where {' or '.join(needs_work)}"


def repeated_key_hashes_sql(keys: list[str], source_table: str) -> str:
    """SELECT key_hash seen more than once. Grouping one integer is far cheaper than grouping
    the key strings, and most files have no duplicates, so usually nothing else runs."""
    return (
        f"select hash({', '.join(keys)}) as key_hash from {source_table} "
        f"group by key_hash having count(*) > 1"
    )


def duplicate_rows_sql(
    keys: list[str], source_table: str, repeated_hashes_table: str, first_rowid: int
) -> str:
    """SELECT row_index, reasons for every repeat of a key after its first row.

    Only rows whose key hash repeats are compared on the real values, so a hash collision
    costs a comparison, never a false duplicate.
    """
    key_list = ", ".join(f"{expression} as k{i}" for i, expression in enumerate(keys))
    group_by = ", ".join(f"k{i}" for i in range(len(keys)))
    joins = " and ".join(f"keyed.k{i} is not distinct from repeated.k{i}" for i in range(len(keys)))
    return (
        f"with keyed as (select rowid as row_index, {key_list} from {source_table} "
        f"where hash({', '.join(keys)}) in (select key_hash from {repeated_hashes_table})), "
        f"repeated as (select {group_by}, min(row_index) as first_index from keyed "
        f"group by {group_by} having count(*) > 1) "
        f"select keyed.row_index, ['{DUPLICATE_REASON} (first at row ' || "
        f"(repeated.first_index - {first_rowid} + 1) || ')'] as reasons "
        f"from keyed join repeated on {joins} where keyed.row_index > repeated.first_index"
    )


def rejected_rows_sql(*part_sqls: str | None) -> str:
    """SELECT row_index (the rowid), reasons: each rejected row once, with the reasons of every
    part (rule problems, duplicates, orphans) in the order the parts are given."""
    parts = [
        f"select {index} as part, * from ({part_sql})"
        for index, part_sql in enumerate(part_sqls)
        if part_sql
    ]
    if not parts:
        return "select null::bigint as row_index, []::varchar[] as reasons limit 0"
    union = " union all ".join(parts)
    return (
        f"select row_index, flatten(list(reasons order by part)) as reasons "
        f"from ({union}) group by row_index"
    )
