"""Match a file's header to an extract's contract columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ingestion.contract import Extract
from ingestion.errors import ContractViolation
from ingestion.warehouse import LINEAGE_NAMES


@dataclass(frozen=True)
class HeaderMatch:
    # Contract column name -> 0-based field position in the file; None for a column the contract
    # lets the file leave out (`may_be_absent`), which then loads empty.
    contract_fields: dict[str, int | None]
    # Extra (non-contract) column name, as it will be stored -> field position.
    extra_fields: dict[str, int]


def normalize_header_name(name: str) -> str:
    return name.strip().lower()


def match_header(
    extract: Extract,
    header: tuple[str, ...],
    shown_path: Path,
    aliases: Mapping[str, str] | None = None,
) -> HeaderMatch:
    """Names match without regard to case or surrounding spaces; order is free.

    `aliases` maps a normalized header name the district's system writes to the contract
    column it holds (the source profile's). A column with a blank name is kept as the extra
    `column_<n>`, n its 1-based position, so nothing in it is lost.
    """
    aliases = aliases or {}
    positions: dict[str, int] = {}
    for position, raw_name in enumerate(header):
        written = normalize_header_name(raw_name) or f"column_{position + 1}"
        name = aliases.get(written, written)
        if name in positions:
            also = f" (the source profile's alias {written!r})" if name != written else ""
            raise ContractViolation(
                shown_path,
                1,
                name,
                f"column appears more than once in the header{also}",
                column_index=position + 1,
            )
        positions[name] = position
    missing = [
        column.name
        for column in extract.columns
        if column.name not in positions and not column.may_be_absent
    ]
    if missing:
        also = f" (also missing: {', '.join(missing[1:])})" if missing[1:] else ""
        raise ContractViolation(shown_path, 1, missing[0], f"required column is missing{also}")
    contract_names = set(extract.column_names)
    extras = {name: position for name, position in positions.items() if name not in contract_names}
    reserved = sorted(LINEAGE_NAMES & set(extras))
    if reserved:
        raise ContractViolation(
            shown_path,
            1,
            reserved[0],
            "column name is reserved for lineage",
            column_index=extras[reserved[0]] + 1,
        )
    return HeaderMatch(
        contract_fields={name: positions.get(name) for name in extract.column_names},
        extra_fields=extras,
    )
