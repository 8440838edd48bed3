"""Match a file's header to an extract's contract columns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingestion.contract import Extract
from ingestion.errors import ContractViolation
from ingestion.warehouse import LINEAGE_NAMES


@dataclass(frozen=True)
class HeaderMatch:
    # Contract column name -> 0-based field position in the file.
    contract_fields: dict[str, int]
    # Extra (non-contract) column name, as it will be stored -> field position.
    extra_fields: dict[str, int]


def normalize_header_name(name: str) -> str:
    return name.strip().lower()


def match_header(extract: Extract, header: tuple[str, ...], shown_path: Path) -> HeaderMatch:
    """Names match without regard to case or surrounding spaces; order is free."""
    positions: dict[str, int] = {}
    for position, raw_name in enumerate(header):
        name = normalize_header_name(raw_name) or f"column_{position + 1}"
        if name in positions:
            raise ContractViolation(
                shown_path,
                1,
                name,
                "column appears more than once in the header",
                column_index=position + 1,
            )
        positions[name] = position
    missing = [name for name in extract.column_names if name not in positions]
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
        contract_fields={name: positions[name] for name in extract.column_names},
        extra_fields=extras,
    )
