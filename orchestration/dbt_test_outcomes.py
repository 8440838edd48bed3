"""Which dbt tests failed on which model, and so which marts may leave the warehouse.

A production run builds every seed and model first and tests them after (assets/dbt_models.py):
a failing test then stops nothing from being built, and what it withholds is decided here, from
the lineage. A mart is publishable when no test failed on it nor on any model or seed upstream of
it; a failed finance test withholds the finance marts and nothing else.

Plain Python on dbt's own artifacts (manifest.json, run_results.json), so tests feed it hand-made
ones. The outcomes hold test names, statuses and failing-row counts, never a row's value.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the gate's runner imports its suites, which loading the code location skips
    from expectations.runner import MartVerdict

OUTCOMES_FILE = "test_outcomes.json"
# dbt's statuses for a test: "pass", "warn" (a test configured `severity: warn` found rows: a
# person should look, nothing is withheld), "fail", "error" (the test could not run) and
# "skipped". The last three mean the model's rows were not shown to be right.
FAILED_STATUSES = frozenset({"fail", "error", "skipped"})
_TESTED_RESOURCES = ("model.", "seed.", "snapshot.")


@dataclass(frozen=True)
class DbtTestOutcome:
    test: str
    status: str
    failing_rows: int | None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


@dataclass(frozen=True)
class ModelTests:
    """A model's (or seed's) own tests in this run, and every model and seed upstream of it."""

    model: str
    outcomes: tuple[DbtTestOutcome, ...]
    upstream: tuple[str, ...]

    @property
    def failed(self) -> list[DbtTestOutcome]:
        return [outcome for outcome in self.outcomes if outcome.failed]

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)


def outcomes_by_model(manifest: Mapping, run_results: Mapping) -> dict[str, ModelTests]:
    """Every model and seed of the manifest, with the results of the tests on it in this run.

    A generic test belongs to the model it is attached to (a relationships test to the model
    holding the foreign key); a singular test to every model it reads."""
    nodes = manifest["nodes"]
    tested = {uid: node for uid, node in nodes.items() if uid.startswith(_TESTED_RESOURCES)}
    outcomes: dict[str, list[DbtTestOutcome]] = {uid: [] for uid in tested}
    for result in run_results.get("results", []):
        test = nodes.get(result["unique_id"])
        if test is None or test.get("resource_type") != "test":
            continue
        outcome = DbtTestOutcome(test["name"], result["status"], result.get("failures"))
        for owner in _owners(test):
            if owner in outcomes:
                outcomes[owner].append(outcome)
    return {
        node["name"]: ModelTests(
            model=node["name"],
            outcomes=tuple(sorted(outcomes[uid], key=lambda outcome: outcome.test)),
            upstream=tuple(sorted(nodes[parent]["name"] for parent in _ancestors(uid, tested))),
        )
        for uid, node in tested.items()
    }


def models_with_tests(manifest: Mapping) -> set[str]:
    """The names of the models and seeds that carry at least one data test."""
    nodes = manifest["nodes"]
    return {
        nodes[owner]["name"]
        for node in nodes.values()
        if node.get("resource_type") == "test"
        for owner in _owners(node)
        if owner in nodes
    }


def _owners(test: Mapping) -> list[str]:
    attached = test.get("attached_node")
    if attached:
        return [attached]
    return [uid for uid in _parents(test) if uid.startswith(_TESTED_RESOURCES)]


def _parents(node: Mapping) -> list[str]:
    # A seed depends on no node: dbt gives it depends_on {"macros": [...]} only.
    return node["depends_on"].get("nodes", [])


def _ancestors(uid: str, tested: Mapping[str, Mapping]) -> set[str]:
    seen: set[str] = set()
    stack = list(_parents(tested[uid]))
    while stack:
        parent = stack.pop()
        if parent in seen or parent not in tested:
            continue
        seen.add(parent)
        stack.extend(_parents(tested[parent]))
    return seen


def mart_verdict(mart: str, by_model: Mapping[str, ModelTests]) -> "MartVerdict":
    """Publishable unless a test failed on `mart` or upstream of it. A mart this run did not
    build or test keeps the verdict of the run that last built it, which succeeded (a failed run
    makes the next one rebuild everything): publishable."""
    from expectations.runner import MartVerdict

    tests = by_model.get(mart)
    if tests is None:
        return MartVerdict(True, "not built by dbt in this run")
    failures = _failures_in([mart], by_model)
    upstream = _failures_in(tests.upstream, by_model)
    if not failures and not upstream:
        return MartVerdict(True, "its dbt tests and those upstream of it passed")
    parts = []
    failed_models = sorted(
        model for model in (mart, *tests.upstream) if model in by_model and by_model[model].failed
    )
    if failures:
        parts.append("its dbt tests failed: " + ", ".join(failures))
    if upstream:
        parts.append("dbt tests failed upstream: " + ", ".join(upstream))
    return MartVerdict(False, "withheld: checks failed; " + "; ".join(parts), tuple(failed_models))


def _failures_in(models: Iterable[str], by_model: Mapping[str, ModelTests]) -> list[str]:
    return [
        f"{outcome.test} on {model}"
        for model in models
        if model in by_model
        for outcome in by_model[model].failed
    ]


def mart_verdicts(by_model: Mapping[str, ModelTests]) -> dict[str, "MartVerdict"]:
    """The verdict of every model and seed: the packets read marts, restricted and staging."""
    return {model: mart_verdict(model, by_model) for model in sorted(by_model)}


def outcomes_folder(scratch_dir: Path, run_id: str) -> Path:
    """Where the dbt step leaves its tests' outcomes for the checks and the gate of its run."""
    return Path(scratch_dir) / "dbt" / run_id


def save_outcomes(folder: Path, by_model: Mapping[str, ModelTests]) -> Path:
    """Written to a temporary name and renamed, so a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{OUTCOMES_FILE}.partial"
    partial.write_text(
        json.dumps({name: asdict(tests) for name, tests in sorted(by_model.items())}),
        encoding="utf-8",
    )
    return partial.replace(folder / OUTCOMES_FILE)


def load_outcomes(folder: Path) -> dict[str, ModelTests] | None:
    """What `save_outcomes` saved, or None when no dbt step ran in this run."""
    path = Path(folder) / OUTCOMES_FILE
    if not path.exists():
        return None
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: ModelTests(
            model=tests["model"],
            outcomes=tuple(DbtTestOutcome(**outcome) for outcome in tests["outcomes"]),
            upstream=tuple(tests["upstream"]),
        )
        for name, tests in saved.items()
    }
