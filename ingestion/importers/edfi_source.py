"""Ed-Fi records, read the same way from bulk interchange XML and from API JSON lines.

XML is streamed with `iterparse`: each top-level element of an interchange (a Student, an
attendance event) is turned into a `Record` and then cleared, so no whole-file tree is built.
JSON lines come one resource per file, named as the API path: `studentSchoolAssociations.jsonl`
holds what `GET /data/v3/ed-fi/studentSchoolAssociations` returns, one object a line.

Both shapes become the same `Record`: names are compared lower-case, without a `Descriptor`
suffix and without a plural `s`, so XML's `<Race>` and JSON's `races[].raceDescriptor` meet, and
lookups search descendants, so XML's `StudentReference/StudentIdentity/StudentUniqueId` and
JSON's `studentReference.studentUniqueId` both answer `find("studentreference", "studentuniqueid")`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, iterparse

from ingestion.errors import ContractViolation

JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


def normalize_name(name: str) -> str:
    name = name.rsplit("}", 1)[-1].casefold()
    if name.endswith("descriptor") and name != "descriptor":
        name = name[: -len("descriptor")]
    return name[:-1] if name.endswith("s") else name


class Record:
    """One Ed-Fi resource: a tree of named children, leaves holding text."""

    __slots__ = ("children", "name")

    def __init__(self, name: str, children: list[tuple[str, Record | str]]):
        self.name = name
        self.children = children

    def _walk(self) -> Iterator[tuple[str, Record | str]]:
        for name, child in self.children:
            yield name, child
            if isinstance(child, Record):
                yield from child._walk()

    def find(self, *path: str) -> str:
        """The first leaf reached by descending through `path` (each step any depth); "" if none.

        A step that lands on a leaf ends the search there: JSON holds `attemptedCredits` as a
        number where XML wraps it in `<AttemptedCredits><Credits>`.
        """
        node: Record | str = self
        for step in path:
            if isinstance(node, str):
                break
            node = next((child for name, child in node._walk() if name == step), None)
            if node is None:
                return ""
        return node.strip() if isinstance(node, str) else ""

    def child(self, name: str) -> str:
        """The first direct leaf child named `name`; "" if none."""
        return next((c.strip() for n, c in self.children if n == name and isinstance(c, str)), "")

    def all(self, name: str) -> list[str]:
        """Every leaf value named `name`, in document order (repeated XML elements, JSON lists)."""
        return [child.strip() for n, child in self._walk() if n == name and isinstance(child, str)]

    def groups(self, name: str) -> list[Record]:
        """Every nested record named `name` (each ScoreResult, each PerformanceLevel)."""
        return [child for n, child in self._walk() if n == name and isinstance(child, Record)]


def _from_element(element: Element) -> Record:
    children: list[tuple[str, Record | str]] = []
    for child in element:
        name = normalize_name(child.tag)
        children.append((name, _from_element(child) if len(child) else (child.text or "")))
    return Record(normalize_name(element.tag), children)


def _from_json(name: str, value) -> Record | str:
    if isinstance(value, dict):
        children: list[tuple[str, Record | str]] = []
        for key, item in value.items():
            key = normalize_name(key)
            for part in item if isinstance(item, list) else [item]:
                children.append((key, _from_json(key, part)))
        return Record(name, children)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class EdFiSource:
    """A folder of Ed-Fi data: interchange XML files, or JSON-lines files, one per resource."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ContractViolation(self.folder, None, None, "Ed-Fi source folder does not exist")
        self.xml_files = sorted(self.folder.glob("*.xml"))
        self.json_files = {
            normalize_name(path.name.split(".")[0]): path
            for path in sorted(self.folder.iterdir())
            if path.suffix in JSON_SUFFIXES
        }
        if not self.xml_files and not self.json_files:
            raise ContractViolation(self.folder, None, None, "no Ed-Fi .xml or .jsonl files in it")

    def records(self, resource: str) -> Iterator[Record]:
        """Every `resource` record, streamed: XML elements of that name, or its JSON lines."""
        wanted = normalize_name(resource)
        for path in self.xml_files:
            yield from _xml_records(path, wanted)
        json_path = self.json_files.get(wanted)
        if json_path is not None:
            yield from _json_records(json_path, wanted)


def _xml_records(path: Path, wanted: str) -> Iterator[Record]:
    depth = 0
    root: Element | None = None
    try:
        for event, element in iterparse(path, events=("start", "end")):
            if event == "start":
                depth += 1
                root = element if root is None else root
                continue
            depth -= 1
            if depth == 1:
                if normalize_name(element.tag) == wanted:
                    yield _from_element(element)
                # Emptying the root drops the finished element itself, not only its content.
                root.clear()
    except SyntaxError as error:  # ParseError: position is (line, column)
        line, column = getattr(error, "position", (None, None))
        raise ContractViolation(
            path, line, None, "not well-formed XML", column_index=column
        ) from None


def _json_records(path: Path, wanted: str) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise ContractViolation(
                    path, line_number, None, "not a JSON object", column_index=error.pos + 1
                ) from None
            if not isinstance(value, dict):
                raise ContractViolation(path, line_number, None, "a line must hold one JSON object")
            yield _from_json(wanted, value)


def date_only(value: str) -> str:
    """`2021-04-01T16:00:00` as `2021-04-01`: Ed-Fi datetimes where the contract wants a date."""
    return value[:10] if len(value) > 10 and value[10] == "T" else value


def spring_year(value: str) -> int | None:
    """A school year as its spring year: XML writes `2021-2022`, the API `2022`."""
    value = value.strip()
    if not value:
        return None
    return int(value.rsplit("-", 1)[-1])


def code_value(descriptor_uri: str) -> str:
    """The code of a descriptor URI: `uri://ed-fi.org/BehaviorDescriptor#Fighting` -> Fighting."""
    return descriptor_uri.rsplit("#", 1)[-1].strip()
