"""Every setting of the pipeline, read once into one `Settings` object and handed down.

The one door: `Settings.load()` reads the command line's overrides, then environment variables,
then the defaults below, and the dbt vars Python must agree with from dbt_project.yml. Nothing else
reads `os.environ` for a setting, and nothing writes it: dbt gets its connection through a profile
written from these settings (`write_dbt_profile`), and Dagster's own instance reads `dagster_env()`
once, before it starts. One code path for every environment: a server differs from a laptop only in
these variables.
"""

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from expectations.spec import GateSettings
from ingestion.guards import IngestionGuards
from ingestion.source_profile import DEFAULT_PROFILE_NAME

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# Path settings: environment variable -> default, relative to the data folder.
_PATH_DEFAULTS = {
    "K12_LANDING_DIR": "landing",
    "K12_WAREHOUSE": "warehouse.duckdb",
    "K12_ARCHIVE_DIR": "archive",
    "K12_RELEASE_DIR": "releases",
    "K12_ANALYST_DB": "analytics.duckdb",
    "K12_EXPORT_DIR": "exports",
    # The run's scratch space (Windows-1252 copies, DuckDB spill files, a release being written).
    # It holds student data, so it is never inside a folder others read, and each run empties it.
    "K12_WORK_DIR": "work",
    "K12_LOG_DIR": "logs",
    "K12_DAGSTER_STORAGE": "dagster/storage",
    "K12_DAGSTER_COMPUTE_LOGS": "dagster/logs",
}
# DuckDB's own default is 80% of the machine; a ceiling keeps a district-sized load predictable
# and makes DuckDB spill to disk instead. 4GB runs a 1,000,000-student district with every
# process of the run under 6 GB together (docs/performance.md).
_DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"
_DEFAULT_DAILY_CRON = "0 5 * * *"
_DEFAULT_TIMEZONE = "America/Chicago"


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse: Path
    archive_dir: Path
    release_dir: Path
    analyst_db: Path  # the marts, published for analysts after a run that passed the gate
    export_dir: Path  # Parquet of every aggregate mart, suppressed, for a BI server others read
    # Student-level marts as Parquet too, for the district's own staff only; None: not exported.
    internal_export_dir: Path | None
    work_dir: Path
    log_dir: Path
    dagster_home: Path  # where dagster.yaml is read from
    dagster_storage: Path
    dagster_compute_logs: Path
    duckdb_memory_limit: str
    dbt_project_dir: Path
    dbt_executable: Path
    # dbt's manifest, run results and partial-parse file, kept from run to run so that dbt parses
    # only what changed; K12_DBT_TARGET_DIR, else <work_dir>/dbt/target.
    dbt_target_dir: Path
    gate: GateSettings  # its `today` is the day the settings were read; see gate_for_this_run
    ingestion_guards: IngestionGuards
    minimum_reporting_n: int  # dbt var k12_minimum_reporting_n: the marts and packets share it
    daily_cron: str
    timezone: str
    notify_command: str | None
    notify_webhook: str | None
    # An Ed-Fi or OneRoster export to import into the landing folder before each run (optional).
    import_source: Path | None = None
    import_kind: str | None = None  # "edfi" or "oneroster"
    import_school_year: int | None = None
    fixed_today: date | None = None  # Settings.load(today=...): judge as of that day
    # The district's source profile (K12_SOURCE_PROFILE); None: <landing>/source_profile.yml,
    # which may be absent (then files must be in the contract's own form). See source_profile_path.
    source_profile: Path | None = None

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        dbt_project_dir: Path = DBT_PROJECT_DIR,
        today: date | None = None,
        accepted_shrinks: frozenset[str] = frozenset(),
        **overrides: Any,
    ) -> "Settings":
        """Settings from keyword overrides (the command line), else `env`, else the defaults.

        An override of None means "not given", so click options pass straight through.
        `accepted_shrinks` are the `--accept-shrink` keys ("sis/students/2026") of this run.
        """
        env = os.environ if env is None else env
        data_dir = DEFAULT_DATA_DIR

        def path(variable: str) -> Path:
            value = env.get(variable) or data_dir / _PATH_DEFAULTS[variable]
            return _absolute(value)

        lowest_grade = declared_whole_number_var("k12_early_warning_lowest_grade", dbt_project_dir)
        gate = GateSettings.from_env(env, today, lowest_grade)
        guards = IngestionGuards.default(today)
        guards = replace(
            guards,
            max_shrink=float(env.get("K12_MAX_SHRINK") or guards.max_shrink),
            max_rejected_share=float(
                env.get("K12_MAX_REJECTED_SHARE") or guards.max_rejected_share
            ),
            first_year=int(env.get("K12_FIRST_SCHOOL_YEAR") or guards.first_year),
            last_year=int(env.get("K12_LAST_SCHOOL_YEAR") or guards.last_year),
            accepted_shrinks=frozenset(accepted_shrinks),
        )
        settings = cls(
            landing_dir=path("K12_LANDING_DIR"),
            warehouse=path("K12_WAREHOUSE"),
            archive_dir=path("K12_ARCHIVE_DIR"),
            release_dir=path("K12_RELEASE_DIR"),
            analyst_db=path("K12_ANALYST_DB"),
            export_dir=path("K12_EXPORT_DIR"),
            internal_export_dir=(
                _absolute(env["K12_INTERNAL_EXPORT_DIR"])
                if env.get("K12_INTERNAL_EXPORT_DIR")
                else None
            ),
            work_dir=path("K12_WORK_DIR"),
            log_dir=path("K12_LOG_DIR"),
            dagster_home=_absolute(env.get("DAGSTER_HOME") or REPO_ROOT),
            dagster_storage=path("K12_DAGSTER_STORAGE"),
            dagster_compute_logs=path("K12_DAGSTER_COMPUTE_LOGS"),
            duckdb_memory_limit=env.get("K12_DUCKDB_MEMORY_LIMIT") or _DEFAULT_DUCKDB_MEMORY_LIMIT,
            dbt_project_dir=Path(dbt_project_dir),
            dbt_executable=find_dbt(env),
            dbt_target_dir=(
                _absolute(env["K12_DBT_TARGET_DIR"])
                if env.get("K12_DBT_TARGET_DIR")
                else path("K12_WORK_DIR") / "dbt" / "target"
            ),
            gate=gate,
            ingestion_guards=guards,
            minimum_reporting_n=declared_whole_number_var(
                "k12_minimum_reporting_n", dbt_project_dir
            ),
            daily_cron=env.get("K12_DAILY_CRON") or _DEFAULT_DAILY_CRON,
            timezone=env.get("K12_TIMEZONE") or _DEFAULT_TIMEZONE,
            notify_command=env.get("K12_NOTIFY_COMMAND") or None,
            notify_webhook=env.get("K12_NOTIFY_WEBHOOK") or None,
            import_source=(
                _absolute(env["K12_IMPORT_SOURCE"]) if env.get("K12_IMPORT_SOURCE") else None
            ),
            import_kind=env.get("K12_IMPORT_KIND") or None,
            import_school_year=(
                int(env["K12_IMPORT_SCHOOL_YEAR"]) if env.get("K12_IMPORT_SCHOOL_YEAR") else None
            ),
            fixed_today=today,
            source_profile=(
                _absolute(env["K12_SOURCE_PROFILE"]) if env.get("K12_SOURCE_PROFILE") else None
            ),
        )
        if settings.source_profile and not settings.source_profile.is_file():
            raise ValueError(f"K12_SOURCE_PROFILE names no file: {settings.source_profile}")
        if settings.import_source and not (settings.import_kind and settings.import_school_year):
            raise ValueError(
                "K12_IMPORT_SOURCE is set: K12_IMPORT_KIND (edfi or oneroster) and "
                "K12_IMPORT_SCHOOL_YEAR must be set too"
            )
        given = {name: value for name, value in overrides.items() if value is not None}
        for name, value in given.items():
            if isinstance(getattr(settings, name), Path) or name.endswith("_dir"):
                given[name] = _absolute(value)
        return replace(settings, **given)

    @property
    def gate_for_this_run(self) -> GateSettings:
        """The gate's settings dated today: a `dagster dev` started last week must judge the
        data's freshness against today. Settings loaded for a given day (tests) keep that day."""
        if self.fixed_today is not None:
            return self.gate
        return replace(self.gate, today=date.today())

    @property
    def source_profile_path(self) -> Path:
        """The profile ingestion applies: K12_SOURCE_PROFILE, else the landing folder's own."""
        return self.source_profile or self.landing_dir / DEFAULT_PROFILE_NAME

    @property
    def scratch_dir(self) -> Path:
        """Emptied at the start of every run, under the run lock: what a killed run left."""
        return self.work_dir / "tmp"

    @property
    def dbt_profiles_dir(self) -> Path:
        return self.work_dir / "dbt"

    def dagster_env(self) -> dict[str, str]:
        """What Dagster's instance (dagster.yaml) reads: it has no other way in."""
        return {
            "DAGSTER_HOME": str(self.dagster_home),
            "K12_DAGSTER_STORAGE": str(self.dagster_storage),
            "K12_DAGSTER_COMPUTE_LOGS": str(self.dagster_compute_logs),
        }

    def child_env(self) -> dict[str, str]:
        """The environment for a process that must see these settings (`dagster dev`'s code
        server builds its own Settings from it)."""
        values = {
            "K12_LANDING_DIR": self.landing_dir,
            "K12_WAREHOUSE": self.warehouse,
            "K12_ARCHIVE_DIR": self.archive_dir,
            "K12_RELEASE_DIR": self.release_dir,
            "K12_ANALYST_DB": self.analyst_db,
            "K12_EXPORT_DIR": self.export_dir,
            "K12_INTERNAL_EXPORT_DIR": self.internal_export_dir or "",
            "K12_WORK_DIR": self.work_dir,
            "K12_LOG_DIR": self.log_dir,
            "K12_DUCKDB_MEMORY_LIMIT": self.duckdb_memory_limit,
            "K12_DBT_EXECUTABLE": self.dbt_executable,
            "K12_DBT_TARGET_DIR": self.dbt_target_dir,
            "K12_SOURCE_PROFILE": self.source_profile or "",
        }
        return {**os.environ, **self.dagster_env(), **{k: str(v) for k, v in values.items()}}


def _absolute(value: str | Path) -> Path:
    """An absolute, normalised path that does not follow symbolic links: the published exports
    folder is a link swapped on every run, and must be named, not what it points at today."""
    return Path(os.path.abspath(os.path.expanduser(value)))


def find_dbt(env: Mapping[str, str]) -> Path:
    """dbt next to this interpreter (the project's .venv), so cron and systemd, whose PATH is
    bare, find it; `K12_DBT_EXECUTABLE` names another; PATH is the last resort."""
    if env.get("K12_DBT_EXECUTABLE"):
        return Path(env["K12_DBT_EXECUTABLE"])
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return beside
    on_path = shutil.which("dbt", path=env.get("PATH"))
    if on_path:
        return Path(on_path)
    raise FileNotFoundError(
        f"dbt is not installed next to {sys.executable} nor on PATH; run `make setup`, "
        "or set K12_DBT_EXECUTABLE to the dbt executable"
    )


def write_dbt_profile(settings: Settings) -> Path:
    """dbt's profile, written from the settings (dbt cannot read a Python object). The file only
    changes when a setting does, so dbt's partial parsing survives from run to run."""
    profile = {
        "k12_warehouse": {
            "target": "warehouse",
            "outputs": {
                "warehouse": {
                    "type": "duckdb",
                    "path": str(settings.warehouse),
                    "threads": 2,
                    # Given once, when dbt opens the database, not SET again on every cursor as
                    # dbt-duckdb does with `settings`: once DuckDB has spilled to disk, setting
                    # its temporary directory again fails ("Cannot switch temporary directory"),
                    # which stopped a 1M-student build at its first model after a spill.
                    "config_options": {
                        "memory_limit": settings.duckdb_memory_limit,
                        # Spill files hold student data: they live in the run's scratch space.
                        "temp_directory": str(settings.scratch_dir / "duckdb"),
                    },
                }
            },
        }
    }
    text = "# Written by k12 from its settings; edit the settings, not this file.\n"
    text += yaml.safe_dump(profile, sort_keys=False)
    target = settings.dbt_profiles_dir / "profiles.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return settings.dbt_profiles_dir


def declared_dbt_var(name: str, dbt_project_dir: Path = DBT_PROJECT_DIR) -> Any:
    """A var as declared in dbt_project.yml: the value in force, because the pipeline runs
    `dbt build` without --vars. Python that must agree with the marts (the release's minimum n,
    the gate's early-warning grades) reads it here, so the file is parsed in one place."""
    path = Path(dbt_project_dir) / "dbt_project.yml"
    declared = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("vars") or {}
    if name not in declared:
        raise KeyError(f"{path} declares no var {name!r} under `vars:`")
    return declared[name]


def declared_whole_number_var(name: str, dbt_project_dir: Path = DBT_PROJECT_DIR) -> int:
    """`declared_dbt_var` for a setting that must be a whole number (a count, a grade)."""
    value = declared_dbt_var(name, dbt_project_dir)
    if isinstance(value, bool) or not isinstance(value, int):
        path = Path(dbt_project_dir) / "dbt_project.yml"
        raise ValueError(f"{path}: var {name!r} must be a whole number, not {value!r}")
    return value
