"""GIVEN a landing folder WHEN files arrive or change
THEN the sensor asks for one run per change."""

from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context

from orchestration.automation import new_landing_files


def _evaluate(cursor):
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, cursor=cursor)
        result = new_landing_files(context)
        return result, context.cursor


def test_sensor_runs_once_per_change(isolated_paths, monkeypatch):
    landing = isolated_paths / "landing"
    students = landing / "sis" / "students"
    students.mkdir(parents=True)
    (students / "2025.csv").write_text("student_id\nS1\n", encoding="utf-8")

    first, cursor = _evaluate(None)
    assert isinstance(first, RunRequest)
    assert first.run_key == cursor

    again, same_cursor = _evaluate(cursor)
    assert isinstance(again, SkipReason)
    assert same_cursor == cursor

    (students / "2026.csv").write_text("student_id\nS2\n", encoding="utf-8")
    changed, new_cursor = _evaluate(cursor)
    assert isinstance(changed, RunRequest)
    assert new_cursor != cursor


def test_sensor_skips_when_landing_folder_is_missing(isolated_paths):
    result, cursor = _evaluate(None)
    assert isinstance(result, SkipReason)
    assert "does not exist" in result.skip_message
    assert cursor is None
