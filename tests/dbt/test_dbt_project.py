"""The dbt project agrees with the export contract and with itself: it parses, its docs build, every
contract column and code set is staged and tested, and every model's YAML documents exactly the
columns its view has."""

import csv
import re
from pathlib import Path

import duckdb
import pytest
import yaml

REPO = Path(__file__).parents[2]
CONTRACT = yaml.safe_load((REPO / "ingestion" / "contract" / "v1.yml").read_text())
PROJECT = REPO / "dbt_project"
STANDARDIZED = re.compile(r"standardize_code\('(\w+)', '(\w+)'\) }} as (\w+)")
EXTRACTS = [
    (system, extract) for system, extracts in CONTRACT["systems"].items() for extract in extracts
]


@pytest.fixture(scope="module")
def manifest(dbt, built_warehouse):
    result = dbt(built_warehouse[0], "parse")
    assert result.success, result.exception
    return result.result


def test_docs_generate_builds_the_catalog_of_the_built_warehouse(dbt, built_warehouse):
    result = dbt(built_warehouse[0], "docs", "generate")
    assert result.success, result.exception
    assert "model.k12_warehouse.stg_sis__students" in result.result.nodes
    assert (dbt.work / "target" / "catalog.json").exists()
    assert (dbt.work / "target" / "index.html").exists()


def test_every_crosswalk_seed_is_where_ingestion_reads_it():
    for code_set in CONTRACT["code_sets"]:
        path = PROJECT / "seeds" / "crosswalks" / f"xwalk_{code_set}.csv"
        with path.open(newline="") as file:
            assert next(csv.reader(file)) == ["source_code", "canonical_code"], path


@pytest.mark.parametrize(("system", "extract"), EXTRACTS)
def test_every_contract_extract_is_a_documented_source_and_a_staging_model(
    manifest, system, extract
):
    source = manifest.sources[f"source.k12_warehouse.{system}.{extract}"]
    model = manifest.nodes[f"model.k12_warehouse.stg_{system}__{extract}"]
    contract_columns = CONTRACT["systems"][system][extract]["columns"]

    assert source.schema == f"raw_{system}" and source.loaded_at_field == "_loaded_at"
    assert source.description and set(contract_columns) <= set(source.columns)
    assert all(column.description for column in source.columns.values())
    assert model.description and model.patch_path.endswith(f"stg_{system}__{extract}.yml")
    assert Path(model.original_file_path).with_suffix(".yml").name in model.patch_path


@pytest.mark.parametrize(("system", "extract"), EXTRACTS)
def test_every_code_column_is_standardized_and_tested_against_its_contract_code_set(
    manifest, system, extract
):
    model_id = f"model.k12_warehouse.stg_{system}__{extract}"
    standardized = {
        raw: (code_set, staged)
        for raw, code_set, staged in STANDARDIZED.findall(manifest.nodes[model_id].raw_code)
    }
    accepted = {
        test.column_name: test.test_metadata.kwargs["values"]
        for test in manifest.nodes.values()
        if test.resource_type == "test"
        and test.attached_node == model_id
        and test.test_metadata.name == "accepted_values"
    }
    code_columns = {
        name: column["code_set"]
        for name, column in CONTRACT["systems"][system][extract]["columns"].items()
        if column["type"] == "code"
    }

    assert {raw: code_set for raw, (code_set, _) in standardized.items()} == code_columns
    for code_set, staged in standardized.values():
        assert accepted[staged] == CONTRACT["code_sets"][code_set], staged


def test_every_staging_yaml_documents_exactly_the_columns_of_its_view(manifest, built_warehouse):
    connection = duckdb.connect(str(built_warehouse[0]), read_only=True)
    actual = {}
    for table, column in connection.sql(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'staging'"
    ).fetchall():
        actual.setdefault(table, set()).add(column)
    connection.close()
    for node in manifest.nodes.values():
        if node.resource_type == "model":
            assert set(node.columns) == actual[node.name], node.name
            assert all(column.description for column in node.columns.values()), node.name


def test_standardize_code_knows_which_code_sets_are_upper_case_in_the_contract():
    macro = (PROJECT / "macros" / "standardize_code.sql").read_text()
    listed = re.search(r"return\(\[(.*?)\]\)", macro).group(1)
    upper_case = {
        name
        for name, codes in CONTRACT["code_sets"].items()
        if any(str(code) != str(code).lower() for code in codes)
    }
    assert set(re.findall(r"'(\w+)'", listed)) == upper_case
