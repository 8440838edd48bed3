"""`k12 profile check` and the profile loader: every error named with its line."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from ingestion.source_profile import (
    CONTRACT_PROFILE,
    NumberFormat,
    SourceProfileError,
    check_source_profile,
    load_source_profile,
)
from orchestration.cli import main
from orchestration.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"

BROKEN = """\
version: 1
defaults:
  date_formats: ["%m/%d/%Y", "%Q"]
  true_values: ["1", "Y"]
  false_values: ["0", "Y"]
systems:
  sis:
    students:
      aliases:
        student_number: [Student Number]
        birth_date: [first_name]
      numbers: {thousands_separator: ".", decimal_separator: "."}
      encoding: klingon
    report_cards: {}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "source_profile.yml"
    path.write_text(text)
    return path


def test_a_valid_profile_has_no_problems_and_merges_defaults_into_each_extract():
    path = FIXTURES / "profile_us" / "landing" / "source_profile.yml"
    assert check_source_profile(path) == []
    profile = load_source_profile(path)
    students = profile.for_extract("sis", "students")
    # the extract's own aliases, normalized as headers are; the defaults' formats
    assert students.aliases == {
        "student number": "student_id",
        "dob": "birth_date",
        "frl": "economically_disadvantaged",
    }
    assert students.date_formats == ("%m/%d/%Y",)
    assert students.numbers == NumberFormat("$", ",", ".", True)
    # an extract the profile does not name gets the defaults alone
    calendar = profile.for_extract("sis", "calendar")
    assert calendar.aliases == {} and calendar.true_values == ("1", "Yes", "TRUE")


def test_contract_problems_are_each_named_with_their_line(tmp_path):
    problems = check_source_profile(_write(tmp_path, BROKEN))
    assert [(problem.line, problem.message) for problem in problems] == [
        (3, "defaults/date_formats/1: '%Q' is no strptime format"),
        (5, "defaults/false_values: ['Y'] spell both true and false"),
        (10, "systems/sis/students/aliases/student_number: sis/students has no column "
             "student_number"),
        (11, "systems/sis/students/aliases/birth_date: 'first_name' is the contract's name of "
             "another column"),
        (12, "systems/sis/students/numbers: the thousands and decimal separators are the same"),
        (13, "systems/sis/students/encoding: 'klingon' is no known encoding"),
        (14, "systems/sis/report_cards: the contract has no extract sis/report_cards"),
    ]  # fmt: skip


def test_schema_problems_are_named_with_their_line(tmp_path):
    text = "version: 1\nsystems:\n  sis:\n    students:\n      date_format: ['%m/%d/%Y']\n"
    text += "  crm:\n    contacts: {}\n"
    problems = check_source_profile(_write(tmp_path, text))
    assert [problem.line for problem in problems] == [2, 4]
    assert "'crm' is not one of ['sis', 'hr', 'finance']" in problems[0].message
    assert "'date_format' was unexpected" in problems[1].message


def test_yaml_that_does_not_parse_is_named_with_its_line(tmp_path):
    problems = check_source_profile(_write(tmp_path, "version: 1\ndefaults:\n  x: [1, 2\n"))
    assert len(problems) == 1 and problems[0].line == 4
    assert problems[0].message.startswith("not valid YAML")


def test_loading_a_broken_profile_fails_with_its_path_and_first_line(tmp_path):
    path = _write(tmp_path, BROKEN)
    with pytest.raises(SourceProfileError) as raised:
        load_source_profile(path)
    assert raised.value.path == path and raised.value.line == 3
    assert str(raised.value).endswith("(6 more: `k12 profile check`)")


def test_no_profile_file_is_the_contract_itself(tmp_path):
    assert load_source_profile(tmp_path / "source_profile.yml") is CONTRACT_PROFILE
    assert load_source_profile(None) is CONTRACT_PROFILE
    assert CONTRACT_PROFILE.for_extract("sis", "students").date_formats == ()


def test_k12_profile_check_prints_each_problem_with_its_line_and_exits_1(tmp_path):
    path = _write(tmp_path, BROKEN)
    result = CliRunner().invoke(main, ["profile", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: defaults/date_formats/1: '%Q' is no strptime format" in result.output
    assert f"{path}:14: systems/sis/report_cards" in result.output
    assert "7 problem(s)" in result.output


def test_k12_profile_check_accepts_a_valid_profile():
    path = FIXTURES / "profile_us" / "landing" / "source_profile.yml"
    result = CliRunner().invoke(main, ["profile", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "a valid source profile" in result.output


def test_the_settings_find_the_profile_in_the_landing_folder_unless_told(tmp_path):
    settings = Settings.load(env={"K12_LANDING_DIR": str(tmp_path / "landing")})
    assert settings.source_profile_path == tmp_path / "landing" / "source_profile.yml"
    named = _write(tmp_path, "version: 1\n")
    settings = Settings.load(env={"K12_SOURCE_PROFILE": str(named)})
    assert settings.source_profile_path == named
    assert settings.child_env()["K12_SOURCE_PROFILE"] == str(named)
    # a named profile that is not there is a setting's mistake, not "no profile"
    with pytest.raises(ValueError, match="K12_SOURCE_PROFILE names no file"):
        Settings.load(env={"K12_SOURCE_PROFILE": str(tmp_path / "missing.yml")})


def test_an_edited_profile_plans_everything_like_a_changed_setting(tmp_path):
    from orchestration.run_plan import plan_run, record_success

    landing = tmp_path / "landing"
    (landing / "sis" / "students").mkdir(parents=True)
    (landing / "sis" / "students" / "2026.csv").write_text("id\n1\n")
    paths = ("warehouse.duckdb", "work", "releases", "archive", "analytics.duckdb", "exports")
    names = ("warehouse", "work_dir", "release_dir", "archive_dir", "analyst_db", "export_dir")
    settings = Settings.load(
        env={},
        landing_dir=landing,
        **{name: tmp_path / path for name, path in zip(names, paths, strict=True)},
    )
    record_success(settings, plan_run(settings))
    assert plan_run(settings).nothing_new
    # WHEN the district adds its profile beside the exports, then edits it
    profile = landing / "source_profile.yml"
    profile.write_text("version: 1\n")
    assert plan_run(settings).everything
    record_success(settings, plan_run(settings))
    profile.write_text('version: 1\ndefaults:\n  date_formats: ["%m/%d/%Y"]\n')
    assert plan_run(settings).reason == "a setting changed since the last successful run"
