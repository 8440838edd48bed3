"""What the dbt YAML says about each mart: its description, its grain and its columns'
descriptions, for the analyst database's comments and the exports' catalog.

    docs = mart_docs(settings.dbt_project_dir)
    docs["fct_school_profile"].columns["census_enrollment"]

Read from the YAML files under `models/marts/`, not from dbt's `target/manifest.json`: the YAML
is the source the manifest is parsed from, it is always there in a checkout (the manifest is
written by the last dbt command, which may be a `parse` of other files or none at all in a test),
and the marts' descriptions hold no Jinja for dbt to render. The grain is the primary key the
YAML tests: a `unique_combination_of_columns`, else a column tested `unique`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

MARTS_FOLDER = Path("models") / "marts"


@dataclass(frozen=True)
class MartDoc:
    description: str
    grain: list[str]
    columns: dict[str, str] = field(default_factory=dict)  # column -> description


def mart_docs(dbt_project_dir: Path) -> dict[str, MartDoc]:
    """Every mart model the YAML under `<dbt_project_dir>/models/marts/` documents."""
    docs = {}
    for path in sorted((Path(dbt_project_dir) / MARTS_FOLDER).rglob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in content.get("models") or []:
            columns = model.get("columns") or []
            docs[model["name"]] = MartDoc(
                description=_clean(model.get("description")),
                grain=_grain(model),
                columns={column["name"]: _clean(column.get("description")) for column in columns},
            )
    return docs


def _grain(model: dict) -> list[str]:
    for test in model.get("data_tests") or []:
        if isinstance(test, dict) and "unique_combination_of_columns" in test:
            arguments = test["unique_combination_of_columns"].get("arguments") or {}
            return list(arguments.get("combination_of_columns") or [])
    for column in model.get("columns") or []:
        for test in column.get("data_tests") or []:
            if test == "unique" or (isinstance(test, dict) and "unique" in test):
                return [column["name"]]
    return []


def _clean(text: str | None) -> str:
    """YAML folded blocks end in a newline and keep paragraph breaks: trim the ends only."""
    return (text or "").strip()
