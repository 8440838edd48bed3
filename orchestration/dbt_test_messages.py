"""What a failed or warned dbt test says is wrong, in its own words, for the run summary.

Some tests (the finance tests in dbt_project/macros/finance_tests/) store their failing rows with a
`message` column that names what to fix: the missing fund codes and the seed file to add them to,
the rule seed whose codes do not fit the ledger's width, the ledger line with no date. dbt stores
them as `dbt_test__audit.<test name>` (store_failures). These messages name codes, files and lines,
never a student: a test whose rows could hold a student's value must not have a `message` column.
"""

from collections.abc import Iterable
from pathlib import Path

import duckdb

from ingestion.sql import sql_identifier, sql_string

AUDIT_SCHEMA = "dbt_test__audit"
# A test may find thousands of rows; the summary shows the first few, the table holds them all.
MESSAGES_SHOWN = 5


def stored_test_messages(warehouse: Path | None, tests: Iterable[str]) -> tuple[str, ...]:
    """The first messages of each named test's stored failures, in test order; none when the
    warehouse cannot be read (another process holds it) or a test stores no messages."""
    tests = list(tests)
    if warehouse is None or not tests or not Path(warehouse).is_file():
        return ()
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            with_messages = {
                name
                for (name,) in con.execute(
                    "select table_name from duckdb_columns() where schema_name = "
                    f"{sql_string(AUDIT_SCHEMA)} and column_name = 'message'"
                ).fetchall()
            }
            messages: list[str] = []
            for test in tests:
                if test not in with_messages:
                    continue
                rows = con.execute(
                    f"select message from {AUDIT_SCHEMA}.{sql_identifier(test)} "
                    f"where message is not null order by message limit {MESSAGES_SHOWN}"
                ).fetchall()
                messages.extend(f"{test}: {message}" for (message,) in rows)
    except duckdb.Error:
        return ()
    return tuple(messages)
