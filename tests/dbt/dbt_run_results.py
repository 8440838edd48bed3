"""Reading dbt's results in tests. A plain module (not conftest) so test files can import it by a
name no other test folder uses."""

from dbt.cli.main import dbtRunnerResult


def failed_nodes(result: dbtRunnerResult) -> list[str]:
    """The nodes of a dbt invocation that neither succeeded nor passed, for a failure message."""
    return [run.node.name for run in result.result.results if run.status not in ("success", "pass")]
