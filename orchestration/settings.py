"""Where the pipeline reads and writes, from environment variables with defaults under `data/`.

One code path for every environment: a deployment differs from a laptop only in these variables.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# DuckDB's own default is 80% of the machine; a ceiling keeps a district-sized load predictable
# and makes DuckDB spill to disk instead. dbt_project/profiles.yml repeats it for dbt run alone.
DUCKDB_MEMORY_LIMIT = "4GB"

_DEFAULTS = {
    "K12_LANDING_DIR": DEFAULT_DATA_DIR / "landing",
    "K12_WAREHOUSE": DEFAULT_DATA_DIR / "warehouse.duckdb",
    "K12_ARCHIVE_DIR": DEFAULT_DATA_DIR / "archive",
    "K12_RELEASE_DIR": DEFAULT_DATA_DIR / "releases",
}


@dataclass(frozen=True)
class Paths:
    landing_dir: Path
    warehouse: Path
    archive_dir: Path
    release_dir: Path


def resolve_paths(**overrides: Path | None) -> Paths:
    """Paths from explicit overrides, else environment variables, else the `data/` defaults."""

    def pick(env_var: str, override: Path | None) -> Path:
        value = override or os.environ.get(env_var) or _DEFAULTS[env_var]
        return Path(value).expanduser().resolve()

    return Paths(
        landing_dir=pick("K12_LANDING_DIR", overrides.get("landing_dir")),
        warehouse=pick("K12_WAREHOUSE", overrides.get("warehouse")),
        archive_dir=pick("K12_ARCHIVE_DIR", overrides.get("archive_dir")),
        release_dir=pick("K12_RELEASE_DIR", overrides.get("release_dir")),
    )


def export_paths(paths: Paths) -> None:
    """Publish the paths as environment variables, because dbt's profile reads K12_WAREHOUSE
    and Dagster resources read EnvVar values at run time."""
    os.environ["K12_LANDING_DIR"] = str(paths.landing_dir)
    os.environ["K12_WAREHOUSE"] = str(paths.warehouse)
    os.environ["K12_ARCHIVE_DIR"] = str(paths.archive_dir)
    os.environ["K12_RELEASE_DIR"] = str(paths.release_dir)
    duckdb_memory_limit()


def duckdb_memory_limit() -> str:
    return os.environ.setdefault("K12_DUCKDB_MEMORY_LIMIT", DUCKDB_MEMORY_LIMIT)


def ensure_dagster_home() -> None:
    """Point Dagster at the repository's dagster.yaml and keep its storage under `data/`."""
    os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT))
    os.environ.setdefault("K12_DAGSTER_STORAGE", str(DEFAULT_DATA_DIR / "dagster" / "storage"))
    os.environ.setdefault("K12_DAGSTER_COMPUTE_LOGS", str(DEFAULT_DATA_DIR / "dagster" / "logs"))


def ensure_paths_in_env() -> Paths:
    """Fill in defaults for any variable not set, so `dagster dev` works with no set-up."""
    paths = resolve_paths()
    export_paths(paths)
    return paths


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
