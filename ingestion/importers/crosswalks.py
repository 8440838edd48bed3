"""Descriptor and code crosswalks read from the dbt seeds `xwalk_edfi_*.csv`.

The importers translate codes only through these seeds (`source_code,canonical_code`), so a
district changes a mapping by editing a CSV that dbt also loads and tests, never code. A value the
seed lacks is recorded as unmapped and makes its row a quarantined one; nothing is guessed.
A seed may map a value to `ignore`: known, and deliberately not a contract row or flag (a day
marked present, a conduct grade).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ingestion.contract import REPO_ROOT

DEFAULT_IMPORT_SEEDS_DIR = REPO_ROOT / "dbt_project" / "seeds"
IGNORE = "ignore"


def _key(value: str) -> str:
    return value.strip().casefold()


class Crosswalks:
    """Looks values up in the seeds of one folder; remembers what it could not map."""

    def __init__(self, seeds_dir: Path | None, on_unmapped):
        self.seeds_dir = Path(seeds_dir or DEFAULT_IMPORT_SEEDS_DIR)
        self._on_unmapped = on_unmapped
        # Read once per import, not per process: a long-running Dagster sees edited seeds.
        self._seeds: dict[str, dict[str, str]] = {}

    def lookup(self, seed: str, value: str, row=None) -> str:
        """The canonical code for `value`, or "" when it is empty or unmapped.

        An unmapped value is reported under the seed's name and, when `row` is given, noted as one
        of the row's problems so it is quarantined.
        """
        if not value or not value.strip():
            return ""
        if seed not in self._seeds:
            self._seeds[seed] = _read_seed(self.seeds_dir / f"{seed}.csv")
        canonical = self._seeds[seed].get(_key(value))
        if canonical is None:
            self._on_unmapped(seed, value.strip())
            if row is not None:
                row.problem(f"{seed} has no row for {value.strip()!r}")
            return ""
        return canonical


def _read_seed(path: Path) -> dict[str, str]:
    if not path.exists():
        raise FileNotFoundError(f"{path}: crosswalk seed missing; the importer cannot map codes")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"source_code", "canonical_code"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: line 1: missing column(s) {sorted(missing)}")
        return {_key(row["source_code"]): row["canonical_code"].strip() for row in reader}
