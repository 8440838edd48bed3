"""Landing files into raw DuckDB tables, enforcing the export contract. Plain Python: no Dagster."""

from ingestion.contract import Column, Contract, Extract, load_contract
from ingestion.errors import ContractViolation
from ingestion.guards import IngestionGuards
from ingestion.landing import LandingFile, LandingScan, discover, landing_fingerprint
from ingestion.load import load_all, load_extract
from ingestion.quarantine import quarantine_counts, unloaded_files
from ingestion.results import ExtractLoadResult, FileLoadResult
from ingestion.warehouse import ensure_raw_tables

__all__ = [
    "Column",
    "Contract",
    "ContractViolation",
    "Extract",
    "ExtractLoadResult",
    "FileLoadResult",
    "IngestionGuards",
    "LandingFile",
    "LandingScan",
    "discover",
    "ensure_raw_tables",
    "landing_fingerprint",
    "load_all",
    "load_contract",
    "load_extract",
    "quarantine_counts",
    "unloaded_files",
]
