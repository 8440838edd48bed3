"""What a run must do, decided before Dagster starts: nothing, some extracts and what depends on
them, or everything.

A successful run records what it was built from (`<work>/state/last_success.json`):
- each recognised landing file's size and modification time, by extract;
- a hash of the dbt project (models, seeds, macros, tests, vars in dbt_project.yml), of the
  pipeline's own code and contract, and of the settings;
- the warehouse's identity (a random id the first successful run stores in it) and how many marts
  it holds, and whether the published outputs (the latest release, the analyst database, the
  exports) are there.

The next run compares. All equal: "nothing new", and no step runs. Only landing files differ:
those extracts are loaded, and only the assets downstream of them are rebuilt (Dagster's asset
selection, which dagster-dbt turns into a dbt `--select` of those models and their tests).
Anything else differs (a warehouse deleted, replaced or missing a mart, a published output gone),
or there is no record: everything runs. (A newer release than the record's is no reason: a run
killed after its release went out leaves one, and its extracts are planned again anyway.)
The record is written only after a run that succeeded end to end, so a failed or killed run is
simply planned again: its loaded files still differ from the record, and what depends on them is
rebuilt (dbt replaces each model whole, so a model a killed run was building is rebuilt from
scratch, and models outside the selection were not touched).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion import discover
from orchestration.settings import REPO_ROOT, Settings

_CODE_FOLDERS = ("ingestion", "orchestration", "release", "expectations")
_CODE_SUFFIXES = {".py", ".yml", ".yaml", ".j2", ".css", ".html"}
_DBT_FOLDERS = ("models", "seeds", "macros", "tests", "snapshots", "analyses")
_DBT_FILES = ("dbt_project.yml", "packages.yml", "selectors.yml")
_DBT_SUFFIXES = {".sql", ".csv", ".yml", ".yaml", ".md"}


@dataclass
class RunPlan:
    everything: bool  # no usable record, or the project, code or settings changed
    changed_extracts: list[tuple[str, str]] = field(default_factory=list)
    record: dict = field(default_factory=dict)  # what to write when this run succeeds
    reason: str = ""

    @property
    def nothing_new(self) -> bool:
        return not self.everything and not self.changed_extracts


def plan_run(settings: Settings, force: bool = False) -> RunPlan:
    record = current_record(settings)
    previous = _read(_record_path(settings))
    if force:
        return RunPlan(everything=True, record=record, reason="asked to run everything")
    if previous is None:
        return RunPlan(everything=True, record=record, reason="no earlier successful run")
    for part, what in (
        ("project", "the dbt project (a model, seed, macro or var)"),
        ("code", "the pipeline's code or contract"),
        ("settings", "a setting"),
        ("warehouse", "the warehouse (replaced, deleted or missing a mart)"),
        ("published", "a published output (the latest release, the analyst database, the exports)"),
    ):
        if previous.get(part) != record[part]:
            reason = f"{what} changed since the last successful run"
            return RunPlan(everything=True, record=record, reason=reason)
    old, new = previous.get("landing", {}), record["landing"]
    changed = sorted(
        tuple(key.split("/")) for key in set(old) | set(new) if old.get(key) != new.get(key)
    )
    reason = f"{len(changed)} extract(s) changed" if changed else "nothing new"
    return RunPlan(everything=False, changed_extracts=changed, record=record, reason=reason)


def record_success(settings: Settings, plan: RunPlan) -> None:
    """After a run that succeeded end to end: remember what it was built from. The warehouse's
    and the release folder's state are read now, after the run wrote them."""
    record = dict(plan.record)
    _ensure_identity(settings.warehouse)
    record["warehouse"] = _warehouse_state(settings.warehouse)
    record["published"] = _published(settings)
    path = _record_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def current_record(settings: Settings) -> dict:
    return {
        "landing": _landing_state(settings.landing_dir),
        "project": _tree_hash(settings.dbt_project_dir, _DBT_FOLDERS, _DBT_FILES, _DBT_SUFFIXES),
        "code": _tree_hash(REPO_ROOT, _CODE_FOLDERS, (), _CODE_SUFFIXES),
        "settings": _settings_hash(settings),
        "warehouse": _warehouse_state(settings.warehouse),
        "published": _published(settings),
    }


def _landing_state(landing_dir: Path) -> dict[str, list]:
    """Extract ("system/extract") -> its year files' names, sizes and modification times."""
    state: dict[str, list] = {}
    for (system, extract), files in discover(landing_dir).files.items():
        state[f"{system}/{extract}"] = [[year.path.name, *_file_state(year.path)] for year in files]
    return state


def _tree_hash(root: Path, folders, files, suffixes) -> str:
    digest = hashlib.sha256()
    paths = [root / name for name in files if (root / name).is_file()]
    for folder in folders:
        if (root / folder).is_dir():
            paths.extend(
                path
                for path in (root / folder).rglob("*")
                if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts
            )
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _settings_hash(settings: Settings) -> str:
    # Today's date is not a setting of the data: the gate's freshness warning may age, but
    # that alone is no reason to rebuild and republish.
    # Nor is this run's --accept-shrink: it plans its extracts (above), not everything.
    described = {
        name: str(value)
        for name, value in vars(settings).items()
        if name
        not in ("gate", "ingestion_guards", "notify_command", "notify_webhook", "fixed_today")
    }
    gate = {name: str(value) for name, value in vars(settings.gate).items() if name != "today"}
    guards = {
        name: str(value)
        for name, value in vars(settings.ingestion_guards).items()
        if name != "accepted_shrinks"
    }
    # The source profile changes what the raw tables hold, as a setting does.
    profile = settings.source_profile_path
    profile_hash = hashlib.sha256(profile.read_bytes()).hexdigest() if profile.is_file() else None
    text = json.dumps(
        {"settings": described, "gate": gate, "guards": guards, "source_profile": profile_hash},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _file_state(path: Path) -> list | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


_IDENTITY_TABLE = "raw_meta.warehouse_identity"


def _warehouse_state(warehouse: Path) -> dict | None:
    """The warehouse's id and its number of marts; None when there is no usable warehouse. Read
    only: a killed run's write-ahead log is replayed in memory, the file is not changed."""
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            [(identity,)] = con.execute(f"select id from {_IDENTITY_TABLE}").fetchall()
            [(marts,)] = con.execute(
                "select count(*) from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
    except (duckdb.Error, ValueError):
        return None
    return {"id": identity, "marts": marts}


def _ensure_identity(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists raw_meta")
        con.execute(
            f"create table if not exists {_IDENTITY_TABLE} (id varchar, created_at timestamp)"
        )
        if not con.execute(f"select count(*) from {_IDENTITY_TABLE}").fetchone()[0]:
            con.execute(
                f"insert into {_IDENTITY_TABLE} values (?, current_timestamp)", [uuid.uuid4().hex]
            )


def _published(settings: Settings) -> dict[str, bool]:
    """Which published outputs exist: one deleted is republished by running everything."""
    return {
        "release": (settings.release_dir / "latest" / "manifest.json").is_file(),
        "analyst_db": settings.analyst_db.is_file(),
        "exports": (settings.export_dir / "catalog.json").is_file(),
    }


def _record_path(settings: Settings) -> Path:
    return settings.work_dir / "state" / "last_success.json"


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def plan_key(plan: RunPlan) -> str:
    """Names a plan by its inputs (not by the warehouse, which a failed run changes), so Dagster
    starts one run per plan however often the sensor or the schedule asks."""
    inputs = {part: plan.record[part] for part in ("landing", "project", "code", "settings")}
    inputs["changed"] = ["/".join(key) for key in plan.changed_extracts]
    text = json.dumps(inputs, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def save_plan(settings: Settings, plan: RunPlan) -> str:
    """Keep a plan that Dagster will run in another process, until the run reports back."""
    key = plan_key(plan)
    path = _plans_dir(settings) / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(vars(plan), default=list), encoding="utf-8")
    return key


def record_planned_success(settings: Settings, key: str) -> bool:
    """A run started from a saved plan succeeded: record it as `k12 run` would."""
    saved = _read(_plans_dir(settings) / f"{key}.json")
    if saved is None:
        return False
    plan = RunPlan(
        everything=saved["everything"],
        changed_extracts=[tuple(key) for key in saved["changed_extracts"]],
        record=saved["record"],
        reason=saved["reason"],
    )
    record_success(settings, plan)
    (_plans_dir(settings) / f"{key}.json").unlink(missing_ok=True)
    return True


def _plans_dir(settings: Settings) -> Path:
    return settings.work_dir / "state" / "plans"
