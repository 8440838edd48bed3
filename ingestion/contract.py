"""The export contract as typed objects, loaded from `ingestion/contract/<version>.yml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from ingestion.sql import sql_string

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"
REPO_ROOT = Path(__file__).resolve().parents[1]
# Another team owns the crosswalk seeds; ingestion only reads their source codes.
DEFAULT_SEEDS_DIR = REPO_ROOT / "dbt_project" / "seeds" / "crosswalks"

COLUMN_TYPES = frozenset({"string", "integer", "decimal", "date", "flag", "code"})
NUMERIC_TYPES = frozenset({"integer", "decimal"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    code_set: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    description: str = ""
    # A column added to a published extract after districts built their exports may be left out
    # of the header; it then loads empty, so files written to the earlier contract still load.
    may_be_absent: bool = False


@dataclass(frozen=True)
class Extract:
    system: str
    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def table(self) -> str:
        return f"raw_{self.system}.{self.name}"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.system}.{self.name} has no column {name!r}")


@dataclass(frozen=True)
class Contract:
    version: int
    layout: str
    code_sets: dict[str, tuple[str, ...]]
    extracts: dict[tuple[str, str], Extract]

    @property
    def systems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(system for system, _ in self.extracts))

    def extract(self, system: str, name: str) -> Extract:
        try:
            return self.extracts[(system, name)]
        except KeyError:
            raise KeyError(f"the contract has no extract {system}/{name}") from None

    def accepted_codes(self, code_set: str, seeds_dir: Path | None = None) -> frozenset[str]:
        """Canonical codes plus the district's crosswalk source codes, normalized for comparison."""
        codes = {normalize_code(code) for code in self.code_sets[code_set]}
        seed = Path(seeds_dir or DEFAULT_SEEDS_DIR) / f"xwalk_{code_set}.csv"
        if seed.is_file():
            codes |= {normalize_code(code) for code in _seed_source_codes(seed)}
        return frozenset(codes)


# A row quarantined in this extract takes the rows keyed by it in its system's other extracts
# into quarantine too (validation.orphan_rows_sql): a student's enrollments, attendance and marks
# loaded without the student would leave dim_student rows without sex or race.
QUARANTINE_PARENT = ("sis", "students", "student_id")


def quarantine_parent(extract: Extract) -> tuple[str, str, str] | None:
    """(system, extract, key) of the parent whose quarantined rows this extract's rows follow."""
    system, name, key = QUARANTINE_PARENT
    if extract.system == system and extract.name != name and key in extract.column_names:
        return QUARANTINE_PARENT
    return None


def normalize_code(value: str) -> str:
    return value.strip().lower()


def load_contract(version: int | str = 1, path: Path | None = None) -> Contract:
    path = Path(path) if path else CONTRACT_DIR / f"v{version}.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    code_sets = {
        name: tuple(str(code) for code in codes) for name, codes in document["code_sets"].items()
    }
    extracts = {}
    for system, system_extracts in document["systems"].items():
        for name, spec in system_extracts.items():
            extracts[(system, name)] = _parse_extract(system, name, spec, code_sets)
    return Contract(
        version=int(document["version"]),
        layout=document.get("layout", ""),
        code_sets=code_sets,
        extracts=extracts,
    )


def _parse_extract(system: str, name: str, spec: dict, code_sets: dict) -> Extract:
    columns = tuple(
        _parse_column(f"{system}.{name}.{column}", column, column_spec, code_sets)
        for column, column_spec in spec["columns"].items()
    )
    names = {column.name for column in columns}
    primary_key = tuple(spec.get("primary_key") or ())
    unknown = [column for column in primary_key if column not in names]
    if unknown:
        raise ValueError(f"{system}.{name}: primary key names unknown columns {unknown}")
    return Extract(system, name, spec.get("description", ""), primary_key, columns)


_COLUMN_KEYS = frozenset(
    {"type", "required", "code_set", "min", "max", "description", "may_be_absent"}
)


def _parse_column(where: str, name: str, spec: dict, code_sets: dict) -> Column:
    # A stray key usually means YAML split an unquoted description at a comma.
    stray = set(spec) - _COLUMN_KEYS
    if stray:
        raise ValueError(f"{where}: unexpected keys {sorted(map(str, stray))}")
    column_type = spec["type"]
    if column_type not in COLUMN_TYPES:
        raise ValueError(f"{where}: unknown type {column_type!r}")
    code_set = spec.get("code_set")
    if (column_type == "code") != (code_set is not None):
        raise ValueError(f"{where}: a code_set goes with type code, and only with it")
    if code_set is not None and code_set not in code_sets:
        raise ValueError(f"{where}: unknown code set {code_set!r}")
    if ("min" in spec or "max" in spec) and column_type not in NUMERIC_TYPES:
        raise ValueError(f"{where}: min/max only apply to numbers")
    if spec.get("may_be_absent") and spec.get("required"):
        raise ValueError(f"{where}: a required column cannot be absent")
    return Column(
        name=name,
        type=column_type,
        required=bool(spec.get("required", False)),
        code_set=code_set,
        minimum=spec.get("min"),
        maximum=spec.get("max"),
        description=spec.get("description", ""),
        may_be_absent=bool(spec.get("may_be_absent", False)),
    )


def _seed_source_codes(seed: Path) -> list[str]:
    with duckdb.connect() as con:
        rows = con.execute(
            f"select distinct source_code from read_csv({sql_string(str(seed))}, header = true, "
            f"all_varchar = true) where source_code is not null"
        ).fetchall()
    return [row[0] for row in rows]
