"""The contract YAML as typed objects, and which codes a code set accepts."""

from pathlib import Path

from ingestion.contract import load_contract


def test_contract_parses_every_extract_with_typed_columns():
    # GIVEN the v1 contract WHEN it is loaded
    contract = load_contract()
    # THEN the 17 extracts and their rules come through typed
    assert contract.version == 1
    assert contract.systems == ("sis", "hr", "finance")
    assert len(contract.extracts) == 17
    attendance = contract.extract("sis", "attendance")
    assert attendance.table == "raw_sis.attendance"
    assert attendance.primary_key == ("student_id", "school_id", "date", "attendance_code")
    fraction = attendance.column("day_fraction_absent")
    assert (fraction.type, fraction.required, fraction.minimum, fraction.maximum) == (
        "decimal",
        True,
        0,
        1,
    )
    # A description with a comma survives whole (it used to split into bogus YAML keys).
    assert fraction.description == "Share of the day missed; 1 for a full day, 0 for a tardy."
    assert contract.extract("hr", "professional_learning").primary_key == ()
    assert contract.code_sets["grade_level"][:3] == ("PK", "KG", "01")


def test_accepted_codes_are_canonical_codes_normalized_when_there_is_no_seed(tmp_path: Path):
    contract = load_contract()
    assert contract.accepted_codes("sex", seeds_dir=tmp_path) == {"f", "m", "x"}


def test_accepted_codes_add_the_crosswalk_source_codes(tmp_path: Path):
    # GIVEN a district crosswalk seed for sex
    (tmp_path / "xwalk_sex.csv").write_text(
        "source_code,canonical_code\n Female ,F\nMALE,M\n", encoding="utf-8"
    )
    # WHEN the accepted codes are asked for
    accepted = load_contract().accepted_codes("sex", seeds_dir=tmp_path)
    # THEN canonical and source codes are both there, trimmed and lower-cased
    assert accepted == {"f", "m", "x", "female", "male"}
