"""A withheld mart's files, carried from the previous export version into the new one.

    entry = carry_previous_files(previous_version, "fct_school_spending", new_version / mart)

The gate withholds a mart whose own or upstream dbt tests failed; its exports then stay as the
last release that passed them wrote them, rather than disappear or go out unchecked
(release.exports writes the new version, this module only copies).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

CATALOG = "catalog.json"


def carry_previous_files(previous: Path | None, mart: str, destination: Path) -> dict | None:
    """Copy the previous version's files of `mart` to `destination` and return its catalog entry
    as of the release that wrote them; None when that version has none."""
    catalog = _read_catalog(previous / CATALOG) if previous is not None else {}
    entry = catalog.get("marts", {}).get(mart)
    if entry is None:
        return None
    source = previous / mart
    if not source.is_dir():
        raise FileNotFoundError(
            f"{previous / CATALOG} lists {mart}, but {source} is missing: the previous version "
            "is incomplete, so the withheld mart's files cannot be carried; publish it again"
        )
    shutil.copytree(source, destination)
    # a version written before the entries named their release is as of its own release
    as_of = {"release_id": catalog.get("release_id"), "as_of_date": catalog.get("as_of_date")}
    return {**as_of, **{key: value for key, value in entry.items() if key != "withheld"}}


def _read_catalog(path: Path) -> dict:
    if not path.is_file():
        return {}  # a version without its catalog was never swapped in: nothing to carry
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}, line {error.lineno}, column {error.colno}: {error.msg}; the withheld marts "
            "cannot be carried from a catalog that does not parse"
        ) from error
