"""gl_actuals' optional columns (record_type, fiscal_period, journal_id): a ledger written to the
earlier contract still loads, a full-ledger export loads with them, and bad values in them are
quarantined with the column named."""

from pathlib import Path

import pytest

from ingestion.contract import load_contract
from ingestion.errors import ContractViolation

EARLIER_HEADER = "posting_date,fund,function,object,location,program,amount,description"


def _write_ledger(landing: Path, text: str) -> None:
    path = landing / "finance" / "gl_actuals" / "2025.csv"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")


def test_a_ledger_without_the_new_columns_loads_them_empty(ws):
    # GIVEN a ledger written to the earlier contract (no record_type, fiscal_period, journal_id)
    _write_ledger(ws.landing, f"{EARLIER_HEADER}\n2024-09-30,100,1000,100,L1,,10.00,x\n")
    # WHEN loaded
    result = ws.load("finance", "gl_actuals")
    # THEN its row loads, with the three columns present and empty
    assert (result.files[0].rows_loaded, result.files[0].rows_rejected) == (1, 0)
    assert ws.rows(
        "select amount, record_type, fiscal_period, journal_id from raw_finance.gl_actuals"
    ) == [("10.00", None, None, None)]


def test_a_full_ledger_loads_with_record_types_periods_and_journals(ws):
    # GIVEN a full ledger: an expenditure with a date, a revenue row with only a period, a
    # reversal pair with a journal id, and a posting with no location
    _write_ledger(
        ws.landing,
        "posting_date,fund,function,object,location,program,amount,description,"
        "record_type,fiscal_period,journal_id\n"
        "2024-09-30,100,1000,100,L1,,10.00,pay,expenditure,3,J1\n"
        ",100,0000,1100,L1,,-500.00,tax,Revenue,4,\n"
        "2024-10-01,100,1000,600,L1,,25.00,books,,4,J2\n"
        "2024-10-02,100,1000,600,L1,,-25.00,books reversed,EXP,4,J2\n"
        "2024-10-03,100,2600,400,,,7.50,no location,,4,\n",
    )
    # WHEN loaded
    result = ws.load("finance", "gl_actuals", seeds_dir=_crosswalks())
    # THEN every row loads as received (staging maps the spellings and the defaults)
    assert (result.files[0].rows_loaded, result.files[0].rows_rejected) == (5, 0)
    assert ws.rows(
        "select posting_date, location, record_type, fiscal_period, journal_id "
        "from raw_finance.gl_actuals order by _source_row_number"
    ) == [
        ("2024-09-30", "L1", "expenditure", "3", "J1"),
        (None, "L1", "Revenue", "4", None),
        ("2024-10-01", "L1", None, "4", "J2"),
        ("2024-10-02", "L1", "EXP", "4", "J2"),
        ("2024-10-03", None, None, "4", None),
    ]


def test_bad_record_types_and_periods_are_quarantined_naming_the_column(ws):
    # GIVEN a record type no crosswalk knows and a period 15 (a fiscal year has at most 14)
    _write_ledger(
        ws.landing,
        "posting_date,fund,function,object,location,program,amount,description,"
        "record_type,fiscal_period\n"
        "2024-09-30,100,1000,100,L1,,10.00,ok,expenditure,3\n"
        "2024-09-30,100,1000,100,L1,,10.00,bad type,statistical,3\n"
        "2024-09-30,100,1000,100,L1,,10.00,bad period,,15\n",
    )
    # WHEN loaded
    result = ws.load("finance", "gl_actuals")
    # THEN the two bad rows are quarantined with the column in the reason
    assert result.files[0].rows_loaded == 1
    reasons = ws.rows(
        "select source_row_number, reasons from raw_quarantine.rejected_rows "
        "order by source_row_number"
    )
    assert [row for row, _ in reasons] == [2, 3]
    assert reasons[0][1][0].startswith("record_type:")
    assert reasons[1][1][0].startswith("fiscal_period:")


def test_a_required_column_is_still_required_in_the_header(ws):
    # GIVEN a ledger without its amount column
    _write_ledger(ws.landing, "posting_date,fund,function,object,location\n2024-09-30,1,2,3,L\n")
    # WHEN loaded THEN the file fails naming the missing column
    with pytest.raises(ContractViolation, match="amount"):
        ws.load("finance", "gl_actuals")


def test_the_contract_refuses_a_required_column_that_may_be_absent(tmp_path):
    contract = Path(__file__).parents[2] / "ingestion" / "contract" / "v1.yml"
    text = contract.read_text(encoding="utf-8").replace(
        "journal_id: {type: string, may_be_absent: true",
        "journal_id: {type: string, required: true, may_be_absent: true",
    )
    broken = tmp_path / "v1.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="journal_id: a required column cannot be absent"):
        load_contract(path=broken)


def _crosswalks() -> Path:
    return Path(__file__).parents[2] / "dbt_project" / "seeds" / "crosswalks"
