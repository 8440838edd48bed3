"""Why a check warned or failed and why a step failed, in one line each, with what to open.

Built from what the checks already record (orchestration/checks.py, orchestration/release_gate.py,
dagster-dbt's test results): counts, expectation names, school ids and paths, never a value from
a student's row.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from dagster import AssetCheckEvaluation, AssetCheckSeverity

from ingestion.warehouse import QUARANTINE_TABLE, UNLOADED_FILES_TABLE
from orchestration.checks import QUARANTINE_CHECK_SUFFIX, UNLOADED_FILES_CHECK_SUFFIX
from orchestration.dbt_test_messages import stored_test_messages
from orchestration.release_gate import RELEASE_GATE_CHECK_SUFFIXES
from orchestration.run_report import CheckNote, one_line

QUARANTINE_KIND, UNLOADED_KIND = "quarantine check", "held or refused files check"
GATE_KIND, DBT_TEST_KIND = "release gate check", "dbt test"
# dagster-dbt appends dbt's own error lines after this header; they are the cause.
DBT_ERRORS_HEADER = "Errors parsed from dbt logs:"
_REASONS_SHOWN = 3  # the commonest quarantine reasons named; the query shows them all

if TYPE_CHECKING:
    from dagster_shared.error import SerializableErrorInfo


def check_kind(check_name: str) -> str:
    """The raw extracts' and the release gate's checks are told apart by their name's suffix;
    every other asset check is a dbt test."""
    if check_name.endswith(QUARANTINE_CHECK_SUFFIX):
        return QUARANTINE_KIND
    if check_name.endswith(UNLOADED_FILES_CHECK_SUFFIX):
        return UNLOADED_KIND
    if check_name.endswith(RELEASE_GATE_CHECK_SUFFIXES):
        return GATE_KIND
    return DBT_TEST_KIND


def check_outcome(evaluation: AssetCheckEvaluation) -> str:
    if evaluation.passed:
        return "passed"
    return "warned" if evaluation.severity == AssetCheckSeverity.WARN else "failed"


def check_note(
    evaluation: AssetCheckEvaluation, log_file: Path | None, warehouse: Path | None
) -> CheckNote | None:
    """The note a reader needs about a check that did not pass; None when it passed. A dbt
    test that stores its failures with messages (dbt_test_messages.py) has them read from the
    warehouse."""
    outcome = check_outcome(evaluation)
    if outcome == "passed":
        return None
    metadata = {key: value.value for key, value in evaluation.metadata.items()}
    kind = check_kind(evaluation.check_name)
    asset_path = evaluation.asset_key.path
    messages: tuple[str, ...] = ()
    if kind == QUARANTINE_KIND:
        reason = _quarantine_reason(metadata)
        look_at = (
            _extract_query("school_year, source_row_number, reasons", QUARANTINE_TABLE, asset_path)
            + " order by school_year, source_row_number"
        )
    elif kind == UNLOADED_KIND:
        reason = _unloaded_reason(metadata)
        look_at = _extract_query(
            "source_file, status, rows_in_file, previous_rows_loaded, reason",
            UNLOADED_FILES_TABLE,
            asset_path,
        )
    elif kind == GATE_KIND:
        reason = _gate_reason(metadata)
        look_at = str(metadata.get("report") or "the validation report under releases/")
    else:
        reason = _dbt_test_reason(metadata)
        where = f"{log_file}" if log_file is not None else "the run's log"
        failed = [test["test"] for test in metadata.get("failed_tests") or []]
        look_at = f"{where} (dbt's lines for {', '.join(failed) or evaluation.check_name})"
        messages = stored_test_messages(warehouse, [*failed, *metadata.get("warned_tests", [])])
    return CheckNote(
        outcome=outcome,
        kind=kind,
        name=evaluation.check_name,
        asset="/".join(asset_path),
        reason=one_line(reason),
        look_at=look_at,
        messages=tuple(one_line(message) for message in messages),
    )


def failure_cause(error: "SerializableErrorInfo | None", description: str | None = None) -> str:
    """The innermost cause of a step's error in one line: DuckDB's "Could not set lock on file
    ...", not Dagster's wrapper 'Error occurred while executing op'. A `Failure` raised on purpose
    (a contract violation, a blocked release, a failed dbt build) says it in its description."""
    if description:
        text = description
    elif error is None:
        return "no error was recorded"
    else:
        root = error
        while root.cause is not None or root.context is not None:
            root = root.cause or root.context
        text = _without_module(root)
    if DBT_ERRORS_HEADER in text:
        text = text.split(DBT_ERRORS_HEADER, 1)[1]
    return one_line(text) or "no message"


def _without_module(error: "SerializableErrorInfo") -> str:
    """'_duckdb.IOException: IO Error: ...' as 'IOException: IO Error: ...'."""
    qualified, separator, message = error.message.partition(": ")
    if separator and qualified.endswith(error.cls_name or "\0"):
        return f"{error.cls_name}: {message}"
    return error.message


def _quarantine_reason(metadata: dict) -> str:
    rows = metadata.get("quarantined_rows")
    by_reason = metadata.get("by_reason") or {}
    commonest = sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{count:,} {reason}" for reason, count in commonest[:_REASONS_SHOWN])
    more = len(commonest) - _REASONS_SHOWN
    if more > 0:
        named += f", and {more} more reason{'s' if more > 1 else ''}"
    counted = f"{rows:,} rows quarantined" if isinstance(rows, int) else "rows quarantined"
    return f"{counted} ({named})" if named else counted


def _extract_query(columns: str, table: str, asset_path: list[str]) -> str:
    system, extract = (asset_path + ["?", "?"])[:2]
    return f"select {columns} from {table} where system = '{system}' and extract = '{extract}'"


def _unloaded_reason(metadata: dict) -> str:
    # The check's own reason names each file (a landing path) and why: no row values.
    held, refused = metadata.get("held_files", 0), metadata.get("refused_files", 0)
    counted = f"{held} held, {refused} refused"
    return f"{counted}: {metadata['reason']}" if metadata.get("reason") else counted


def _gate_reason(metadata: dict) -> str:
    blocked_by = metadata.get("release_blocked_by") or []
    if blocked_by:
        return f"blocks the whole release: {', '.join(blocked_by)}"
    failing = metadata.get("failing_expectations") or []
    if not failing:
        return "the gate did not pass; the report says why"
    described = []
    for expectation in failing:
        schools = expectation.get("school_ids") or []
        where = f", schools {', '.join(map(str, schools))}" if schools else ""
        described.append(f"{expectation.get('name')} ({expectation.get('severity')}{where})")
    count = len(failing)
    return f"{count} expectation{'s' if count > 1 else ''} failed: {'; '.join(described)}"


def _dbt_test_reason(metadata: dict) -> str:
    """A model's check sums up its dbt tests (orchestration/checks.py): name each failed one."""
    failed = metadata.get("failed_tests") or []
    described = ", ".join(
        f"{test['test']} ({test['status']}"
        + (f", {test['failing_rows']:,} failing rows)" if test["failing_rows"] is not None else ")")
        for test in failed
    )
    return f"{len(failed)} of {metadata.get('tests', '?')} dbt tests failed: {described}"
