"""A district's source profile: how its exports differ from the export contract, in one YAML file.

Real SIS, HR and finance systems name columns their own way and write dates as `6/25/2003`,
flags as `0`/`1` and amounts as `$1,234.56` or `(62.74)`. The profile says so per extract, and
ingestion rewrites each value to the contract's form before checking it (source_profile_sql.py),
so a district needs no conversion code. No profile is the contract itself: nothing is rewritten.
The schema is `source_profile.schema.json`; `k12 profile check` validates a file against it and
against the contract, naming the line of each error.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import jsonschema
import yaml

from ingestion.contract import Contract, load_contract
from ingestion.errors import ContractViolation
from ingestion.sql import sql_string

SCHEMA_PATH = Path(__file__).resolve().parent / "source_profile.schema.json"
# Where a district puts its profile unless the settings name another (K12_SOURCE_PROFILE).
DEFAULT_PROFILE_NAME = "source_profile.yml"
_FORMAT_KEYS = ("date_formats", "true_values", "false_values", "numbers", "encoding")


@dataclass(frozen=True)
class NumberFormat:
    currency_sign: str = ""  # e.g. "$": dropped before or after the number
    thousands_separator: str = ""  # e.g. ",": dropped between groups of three digits
    decimal_separator: str = "."
    parentheses_negative: bool = False  # (62.74) is -62.74


@dataclass(frozen=True)
class ExtractProfile:
    """What to rewrite in one extract's files. The empty profile rewrites nothing."""

    # normalized header name as the district writes it -> contract column
    aliases: Mapping[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()
    true_values: tuple[str, ...] = ()
    false_values: tuple[str, ...] = ()
    numbers: NumberFormat | None = None
    encoding: str | None = None  # None: detected (UTF-8, else Windows-1252)

    @property
    def fingerprint(self) -> str:
        """'' for the contract's own (nothing rewritten), else a hash of every rewrite: a file
        loaded under another profile is loaded again, though it has not changed."""
        if self == ExtractProfile():
            return ""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SourceProfile:
    path: Path | None
    defaults: ExtractProfile
    extracts: Mapping[tuple[str, str], ExtractProfile]

    def for_extract(self, system: str, extract: str) -> ExtractProfile:
        return self.extracts.get((system, extract), self.defaults)


CONTRACT_PROFILE = SourceProfile(None, ExtractProfile(), {})


@dataclass(frozen=True)
class ProfileProblem:
    line: int
    message: str


class SourceProfileError(ContractViolation):
    """A profile that breaks its schema or names what the contract does not have."""

    def __init__(self, path: Path | str, problems: list[ProfileProblem]):
        self.problems = problems
        first = problems[0]
        more = f" ({len(problems) - 1} more: `k12 profile check`)" if problems[1:] else ""
        super().__init__(path, first.line, None, f"source profile: {first.message}{more}")

    def __reduce__(self):
        return (type(self), (self.path, self.problems))


def load_source_profile(path: Path | None, contract: Contract | None = None) -> SourceProfile:
    """The profile at `path`; the contract's own (nothing rewritten) when there is no file."""
    if path is None or not Path(path).exists():
        return CONTRACT_PROFILE
    document, problems = _read_checked(Path(path), contract or load_contract())
    if problems:
        raise SourceProfileError(path, problems)
    return _build(Path(path), document)


def check_source_profile(path: Path, contract: Contract | None = None) -> list[ProfileProblem]:
    """Every problem of the file at `path`, in line order; empty when it is a valid profile."""
    return _read_checked(Path(path), contract or load_contract())[1]


def _read_checked(path: Path, contract: Contract) -> tuple[dict, list[ProfileProblem]]:
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.safe_load(text)
        tree = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return {}, [ProfileProblem(line, f"not valid YAML ({getattr(error, 'problem', error)})")]
    if not isinstance(document, dict):
        return {}, [ProfileProblem(1, "a profile is a YAML mapping with `version: 1`")]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    problems = [
        ProfileProblem(_line_of(tree, list(error.absolute_path)), _schema_message(error))
        for error in validator.iter_errors(document)
    ]
    if not problems:
        problems = _contract_problems(document, tree, contract)
    return document, sorted(problems, key=lambda problem: problem.line)


def _schema_message(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "the profile"
    return f"{where}: {error.message}"


def _contract_problems(document: dict, tree, contract: Contract) -> list[ProfileProblem]:
    problems = []

    def problem(path: list, message: str) -> None:
        where = "/".join(str(part) for part in path)
        problems.append(ProfileProblem(_line_of(tree, path), f"{where}: {message}"))

    def check_formats(path: list, formats: dict) -> None:
        for index, date_format in enumerate(formats.get("date_formats") or []):
            if not _valid_date_format(date_format):
                problem([*path, "date_formats", index], f"{date_format!r} is no strptime format")
        overlap = set(formats.get("true_values") or []) & set(formats.get("false_values") or [])
        if overlap:
            problem([*path, "false_values"], f"{sorted(overlap)} spell both true and false")
        numbers = formats.get("numbers") or {}
        if numbers.get("thousands_separator", "") == numbers.get("decimal_separator", "."):
            problem([*path, "numbers"], "the thousands and decimal separators are the same")
        if formats.get("encoding") and not _known_encoding(formats["encoding"]):
            problem([*path, "encoding"], f"{formats['encoding']!r} is no known encoding")

    check_formats(["defaults"], document.get("defaults") or {})
    for system, extracts in (document.get("systems") or {}).items():
        for name, spec in extracts.items():
            path = ["systems", system, name]
            if (system, name) not in contract.extracts:
                problem(path, f"the contract has no extract {system}/{name}")
                continue
            check_formats(path, spec)
            columns = contract.extract(system, name).column_names
            for column, spellings in (spec.get("aliases") or {}).items():
                if column not in columns:
                    problem([*path, "aliases", column], f"{system}/{name} has no column {column}")
                for spelling in spellings:
                    taken = _normalized(spelling)
                    if taken in columns and taken != column:
                        problem(
                            [*path, "aliases", column],
                            f"{spelling!r} is the contract's name of another column",
                        )
    return problems


def _valid_date_format(date_format: str) -> bool:
    with duckdb.connect() as con:
        try:
            con.execute(f"select try_strptime('', {sql_string(date_format)})")
        except duckdb.Error:
            return False
    return True


def _known_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _line_of(tree, path: list) -> int:
    """1-based line of the YAML key or list item at `path`, or of its nearest parent."""
    node, line = tree, 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [(key, value) for key, value in node.value if key.value == str(part)]
            if not match:
                break
            line, node = match[0][0].start_mark.line + 1, match[0][1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _normalized(header_name: str) -> str:
    # As ingestion/header.py matches names: case and surrounding spaces do not count.
    return header_name.strip().lower()


def _build(path: Path, document: dict) -> SourceProfile:
    defaults = document.get("defaults") or {}
    extracts = {}
    for system, system_extracts in (document.get("systems") or {}).items():
        for name, spec in system_extracts.items():
            merged = {key: spec.get(key, defaults.get(key)) for key in _FORMAT_KEYS}
            extracts[(system, name)] = _extract_profile(merged, spec.get("aliases") or {})
    return SourceProfile(path, _extract_profile(defaults, {}), extracts)


def _extract_profile(formats: dict, aliases: dict) -> ExtractProfile:
    numbers = formats.get("numbers")
    return ExtractProfile(
        aliases={
            _normalized(spelling): column
            for column, spellings in aliases.items()
            for spelling in spellings
        },
        date_formats=tuple(formats.get("date_formats") or ()),
        true_values=tuple(formats.get("true_values") or ()),
        false_values=tuple(formats.get("false_values") or ()),
        numbers=NumberFormat(**numbers) if numbers else None,
        encoding=formats.get("encoding"),
    )
