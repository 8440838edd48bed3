"""A file rejected whole, or beyond the allowed share, fails its extract and keeps the previous
load: a format the contract (or the profile) does not describe is not a few bad rows."""

from dataclasses import replace

import pytest

from ingestion.errors import ContractViolation
from ingestion.guards import DEFAULT_MAX_REJECTED_SHARE, IngestionGuards
from orchestration.settings import Settings

HEADER = (
    "student_id,state_student_id,first_name,last_name,birth_date,sex,race_ethnicity,"
    "economically_disadvantaged,english_learner,students_with_disabilities,homeless,foster_care"
)
GUARDS = IngestionGuards(max_shrink=0.20, first_year=1990, last_year=2027)


def _students(ws, good: int, bad: int) -> None:
    """`good` valid rows, then `bad` rows whose sex is 'Q'."""
    rows = [
        f"S{i:02d},T{i},Ann,Lee,2010-01-05,{'F' if i <= good else 'Q'},white,N,N,N,N,N"
        for i in range(1, good + bad + 1)
    ]
    path = ws.landing / "sis" / "students" / "2025.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n")


def _state(ws):
    return (
        ws.rows("select count(*) from raw_sis.students"),
        ws.rows("select count(*) from raw_quarantine.rejected_rows"),
        ws.rows("select source_sha256, rows_loaded from raw_meta.file_loads"),
    )


def test_a_file_rejected_whole_fails_and_the_previous_load_stays(ws):
    # GIVEN 16 good students loaded
    _students(ws, good=16, bad=0)
    ws.load("sis", "students", guards=GUARDS)
    before = _state(ws)
    assert before[0] == [(16,)]
    # WHEN the next file's 16 rows all break the sex code set
    _students(ws, good=0, bad=16)
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students", guards=GUARDS)
    # THEN the extract fails with the counts and the value-free reason, naming the file
    assert raised.value.path.name == "2025.csv"
    assert raised.value.message.startswith("all 16 rows would be quarantined")
    assert "16 x sex: not in code set 'sex'" in raised.value.message
    assert "'Q'" not in str(raised.value)  # no value reaches a log
    # AND the warehouse is as it was: 16 rows loaded, nothing quarantined, the same load logged
    assert _state(ws) == before


def test_more_than_half_rejected_fails(ws):
    _students(ws, good=7, bad=9)
    with pytest.raises(ContractViolation) as raised:
        ws.load("sis", "students", guards=GUARDS)
    assert raised.value.message.startswith(
        "9 of 16 rows would be quarantined, more than the 50% allowed (K12_MAX_REJECTED_SHARE)"
    )
    assert ws.rows("select count(*) from raw_sis.students") == [(0,)]
    assert ws.rows("select count(*) from raw_meta.file_loads") == [(0,)]


def test_exactly_half_rejected_loads_the_other_half(ws):
    _students(ws, good=8, bad=8)
    result = ws.load("sis", "students", guards=GUARDS)
    assert (result.files[0].rows_loaded, result.files[0].rows_rejected) == (8, 8)


def test_the_share_is_a_setting_but_a_file_rejected_whole_always_fails(ws):
    _students(ws, good=1, bad=15)
    lenient = replace(GUARDS, max_rejected_share=1.0)
    assert ws.load("sis", "students", guards=lenient).files[0].rows_rejected == 15
    assert lenient.rejects_too_many(16, 16)
    assert not lenient.rejects_too_many(15, 16)
    assert GUARDS.rejects_too_many(9, 16) and not GUARDS.rejects_too_many(8, 16)
    assert not GUARDS.rejects_too_many(0, 0)


def test_the_share_comes_from_the_settings_and_must_be_a_fraction():
    assert Settings.load(env={}).ingestion_guards.max_rejected_share == DEFAULT_MAX_REJECTED_SHARE
    settings = Settings.load(env={"K12_MAX_REJECTED_SHARE": "0.1"})
    assert settings.ingestion_guards.max_rejected_share == 0.1
    with pytest.raises(ValueError, match="max_rejected_share must be between 0 and 1"):
        Settings.load(env={"K12_MAX_REJECTED_SHARE": "50"})
