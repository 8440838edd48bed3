"""Optional: an asset that runs `k12 import edfi|oneroster` when a district points at a source.

Not in the default definitions: a district whose exports already follow the contract has no use
for it. Wiring (for definitions.py, from settings that say where the source is):

    if settings.import_source_dir:
        assets.append(build_import_asset(settings.import_source_dir, settings.import_kind,
                                         settings.import_school_year))

The asset writes contract files into the warehouse resource's landing folder; the landing sensor
then sees new files and loads them like any other export. Its metadata holds counts and
descriptor codes only, never a value from a student's row.
"""

from pathlib import Path

from dagster import AssetExecutionContext, AssetsDefinition, Failure, MaterializeResult, asset

from ingestion import ContractViolation
from ingestion.importers.edfi import import_edfi
from ingestion.importers.oneroster import import_oneroster
from orchestration.resources import Warehouse

IMPORTERS = {"edfi": import_edfi, "oneroster": import_oneroster}


def build_import_asset(source_dir: Path, kind: str, school_year: int) -> AssetsDefinition:
    """The asset `["imports", kind]`: `source_dir` for `school_year` into the landing folder."""
    if kind not in IMPORTERS:
        raise ValueError(f"import kind {kind!r} is not one of {sorted(IMPORTERS)}")
    importer = IMPORTERS[kind]

    @asset(
        key=["imports", kind],
        group_name="imports",
        description=f"{kind} export in `{source_dir}` written as contract files for {school_year}.",
        kinds={"python", "csv"},
    )
    def import_source(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        try:
            report = importer(Path(source_dir), Path(warehouse.landing_dir), school_year)
        except ContractViolation as violation:
            raise Failure(description=str(violation)) from violation
        for line in report.lines():
            context.log.info(line)
        return MaterializeResult(
            metadata={
                "rows_written": sum(report.rows_written.values()),
                "rows_quarantined": sum(report.rows_quarantined.values()),
                "unmapped_codes": sum(len(codes) for codes in report.unmapped.values()),
                "extracts_written": sorted(report.rows_written),
                "extracts_not_filled": sorted(report.extracts_not_filled),
            }
        )

    return import_source
