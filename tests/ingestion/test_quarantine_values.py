"""Quarantine reasons quote the offending value, and the value stays in the warehouse: the load
result, its log lines, Dagster's metadata and the quarantine check carry the reason without it.
A column with a blank name is kept as `column_<n>`."""

import json

from dagster import materialize

from ingestion.source_profile import load_source_profile
from orchestration.assets.raw_extracts import build_raw_extract_asset
from orchestration.checks import build_quarantine_check
from orchestration.load_metadata import describe_extract_load
from orchestration.resources import pipeline_resources
from orchestration.settings import Settings

LEDGER_HEADER = "posting_date,fund,function,object,location,program,amount,description"
SECRET_VALUES = ("$13,779.60", "13/07/2024", "Q-SECRET")


def _write_ledger(landing, header, rows):
    folder = landing / "finance" / "gl_actuals"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _ledger_rows():
    return [
        "2024-07-15,100,1000,111,100,,1234.56,salary",
        '2024-07-16,100,1000,111,100,,"$13,779.60",big',
        "13/07/2024,100,1000,111,100,,5,late",
        "2024-07-18,100,1000,111,100,,Q-SECRET,odd",
        "2024-07-19,100,1000,111,100,,7,fine",
    ]


def test_reasons_quote_the_value_and_counts_do_not(ws):
    _write_ledger(ws.landing, LEDGER_HEADER, _ledger_rows())
    result = ws.load("finance", "gl_actuals")
    assert ws.rows(
        "select source_row_number, reasons from raw_quarantine.rejected_rows order by 1"
    ) == [
        (2, ["amount: '$13,779.60' is not a decimal number"]),
        (3, ["posting_date: '13/07/2024' is not an ISO date (YYYY-MM-DD)"]),
        (4, ["amount: 'Q-SECRET' is not a decimal number"]),
    ]
    assert result.rejected_by_reason == {
        "amount: not a decimal number": 2,
        "posting_date: not an ISO date (YYYY-MM-DD)": 1,
    }
    # No value leaves the warehouse: not in the result, its lines, nor Dagster's metadata.
    metadata = describe_extract_load(result)
    shown = "\n".join(
        [
            json.dumps(result.summary()),
            *result.summary_lines(),
            *(repr(getattr(value, "value", value)) for value in metadata.values()),
        ]
    )
    for value in SECRET_VALUES:
        assert value not in shown
    assert "amount: not a decimal number" in shown


def test_a_long_value_is_quoted_cut_at_60_characters(ws):
    rows = _ledger_rows()[:1] + [f"2024-07-16,100,1000,111,100,,{'9' * 59}x{'9' * 40},long"]
    _write_ledger(ws.landing, LEDGER_HEADER, rows)
    ws.load("finance", "gl_actuals")
    assert ws.rows("select reasons from raw_quarantine.rejected_rows") == [
        ([f"amount: '{'9' * 59}x...' is not a decimal number"],)
    ]


def test_blank_named_trailing_columns_are_kept_as_numbered_extras(ws):
    # GIVEN a header ending in two blank names, as spreadsheets write them
    rows = [row + ",note A," for row in _ledger_rows()[:1]] + ["2024-07-17,1,2,3,4,,5,x,,kept"]
    _write_ledger(ws.landing, LEDGER_HEADER + ",,", rows)
    result = ws.load("finance", "gl_actuals")
    # THEN they load as column_9 and column_10 (1-based positions), values and all
    assert result.extra_columns == ["column_10", "column_9"]
    assert ws.rows(
        "select column_9, column_10 from raw_finance.gl_actuals order by _source_row_number"
    ) == [("note A", None), (None, "kept")]


def test_the_dagster_asset_applies_the_landing_profile_and_publishes_no_value(isolated_paths):
    landing = isolated_paths / "landing"
    _write_ledger(landing, LEDGER_HEADER, [*_ledger_rows()[:1], *_ledger_rows()[2:]])
    (landing / "source_profile.yml").write_text(
        'version: 1\ndefaults:\n  date_formats: ["%d/%m/%Y"]\n', encoding="utf-8"
    )
    settings = Settings.load()
    assert load_source_profile(settings.source_profile_path).defaults.date_formats
    result = materialize(
        [
            build_raw_extract_asset("finance", "gl_actuals", "Ledger."),
            build_quarantine_check("finance", "gl_actuals"),
        ],
        resources=pipeline_resources(settings),
        raise_on_error=False,
    )
    assert result.success
    metadata = result.asset_materializations_for_node("finance__gl_actuals")[0].metadata
    # 13/07/2024 loads as a day-first date; Q-SECRET alone is quarantined, unquoted here
    assert metadata["rows_loaded_this_run"].value == 3
    assert metadata["rejected_by_reason"].value == {"amount: not a decimal number": 1}
    assert metadata["unrecognized_in_landing"].value == []  # the profile is no stray
    published = [repr(entry.value) for entry in metadata.values()]
    for check in result.get_asset_check_evaluations():
        published += [repr(entry.value) for entry in check.metadata.values()]
    published += [str(event.message) for event in result.all_events]
    assert not [text for text in published if "Q-SECRET" in text]
