"""The dbt project agrees with the export contract and with itself: it parses, its docs build, every
contract column and code set is staged and tested, and every model's YAML documents exactly the
columns its model builds, each described."""

import copy
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
    assert "model.k12_warehouse.fct_cohort_graduation" in result.result.nodes
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
def test_every_code_column_is_standardized_through_a_crosswalk_tested_against_its_code_set(
    manifest, system, extract
):
    model_id = f"model.k12_warehouse.stg_{system}__{extract}"
    standardized = {
        raw: (code_set, staged)
        for raw, code_set, staged in STANDARDIZED.findall(manifest.nodes[model_id].raw_code)
    }
    # Ingestion checks each code against its code set (and the crosswalk's spellings); the
    # crosswalk's canonical codes are tested against the same set, so a staged code is in it.
    accepted = {
        test.attached_node.removeprefix("seed.k12_warehouse.xwalk_"): test.test_metadata.kwargs[
            "values"
        ]
        for test in manifest.nodes.values()
        if test.resource_type == "test"
        and (getattr(test, "attached_node", None) or "").startswith("seed.k12_warehouse.xwalk_")
        and test.column_name == "canonical_code"
        and test.test_metadata.name == "accepted_values"
    }
    code_columns = {
        name: column["code_set"]
        for name, column in CONTRACT["systems"][system][extract]["columns"].items()
        if column["type"] == "code"
    }

    assert {raw: code_set for raw, (code_set, _) in standardized.items()} == code_columns
    for code_set, _ in standardized.values():
        assert accepted[code_set] == CONTRACT["code_sets"][code_set], code_set


def yaml_out_of_step_with_warehouse(manifest, built_columns) -> list[str]:
    """Every model whose YAML does not list exactly the columns it builds, or leaves one
    undescribed."""
    problems = []
    for node in manifest.nodes.values():
        if node.resource_type != "model":
            continue
        documented = set(node.columns)
        built = built_columns[(node.schema, node.name)]
        problems += [f"{node.name}.{name}: not in the YAML" for name in built - documented]
        problems += [f"{node.name}.{name}: not built" for name in documented - built]
        problems += [
            f"{node.name}.{name}: no description"
            for name, column in node.columns.items()
            if not column.description.strip()
        ]
    return problems


@pytest.fixture(scope="module")
def built_columns(built_warehouse) -> dict[tuple[str, str], set[str]]:
    connection = duckdb.connect(str(built_warehouse[0]), read_only=True)
    columns = {}
    for schema, table, column in connection.sql(
        "select table_schema, table_name, column_name from information_schema.columns"
    ).fetchall():
        columns.setdefault((schema, table), set()).add(column)
    connection.close()
    return columns


def test_every_model_yaml_describes_exactly_the_columns_it_builds(manifest, built_columns):
    models = [node for node in manifest.nodes.values() if node.resource_type == "model"]
    assert {node.schema for node in models} == {"staging", "intermediate", "marts", "restricted"}
    assert yaml_out_of_step_with_warehouse(manifest, built_columns) == []


def test_a_column_missing_from_the_yaml_or_undescribed_is_reported(manifest, built_columns):
    built_columns = {key: set(columns) for key, columns in built_columns.items()}
    built_columns[("marts", "dim_school")].add("school_motto")
    manifest = copy.deepcopy(manifest)
    manifest.nodes["model.k12_warehouse.dim_school"].columns["school_name"].description = ""

    assert yaml_out_of_step_with_warehouse(manifest, built_columns) == [
        "dim_school.school_motto: not in the YAML",
        "dim_school.school_name: no description",
    ]


def test_standardize_code_knows_which_code_sets_are_upper_case_in_the_contract():
    macro = (PROJECT / "macros" / "standardize_code.sql").read_text()
    listed = re.search(r"return\(\[(.*?)\]\)", macro).group(1)
    upper_case = {
        name
        for name, codes in CONTRACT["code_sets"].items()
        if any(str(code) != str(code).lower() for code in codes)
    }
    assert set(re.findall(r"'(\w+)'", listed)) == upper_case
