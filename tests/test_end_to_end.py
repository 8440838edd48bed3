"""GIVEN a small generated district with planted defects, and `k12 run` started as cron starts it:
by its absolute path, PATH=/usr/bin:/bin, a second process of its own
WHEN it runs, runs again on the same files, gets a corrected snapshot of one extract, and is then
killed in every stage of another small change and rerun
THEN every row is loaded or quarantined and counts match what the generator wrote; a run with
nothing new does nothing in a tenth of a full run's time; a changed extract rebuilds only what
depends on it; after every kill there are no duplicate rows, no partial release or export, no
temporary student files where readers look, `latest` still names the last good release, and the
rerun finishes the work. The measured ratios are printed (`pytest -s` shows them)."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from demo_district import generate_district
from expectations.frames import RELEASE_TABLES
from orchestration.progress import console_output_problems

pytestmark = pytest.mark.e2e

K12 = Path(sys.executable).with_name("k12")
DBT_PROJECT = Path(__file__).parents[1] / "dbt_project"
GRADUATION_TRACK_MARTS = [
    "fct_student_attendance",
    "fct_student_course_performance",
    "fct_student_on_track",
    "fct_freshman_on_track",
    "fct_early_warning",
    "fct_cohort_graduation",
    "fct_on_track_summary",
]
RUN_TIMEOUT_SECONDS = 1200
# A reader that holds the analyst database open, as a dashboard server does, and asks it for a
# checksum of every mart until told to stop.
READER = """
import pathlib, sys, time
import duckdb
database, answers, stop = sys.argv[1:4]
con = duckdb.connect(database, read_only=True)
marts = [name for (name,) in con.execute(
    "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
checksum = " + ".join(f"(select coalesce(sum(hash(t)), 0) from marts.{m} t)" for m in marts)
with open(answers, "w") as out:
    while not pathlib.Path(stop).exists():
        out.write(str(con.execute("select " + checksum).fetchone()[0]) + "\\n")
        out.flush()
        time.sleep(0.3)
"""


class Run:
    """One `k12 run` in its own session (so a kill takes dbt with it), its lines and its time."""

    def __init__(self, root: Path, *args: str, kill_when=None):
        started = time.monotonic()
        self.lines: list[str] = []
        process = subprocess.Popen(
            [str(K12), "run", *args],
            env=_cron_env(root),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        reader = threading.Thread(target=lambda: self.lines.extend(process.stdout), daemon=True)
        reader.start()
        self.killed = False
        while process.poll() is None and time.monotonic() - started < RUN_TIMEOUT_SECONDS:
            if kill_when is not None and kill_when(self.lines):
                os.killpg(process.pid, signal.SIGKILL)
                self.killed = True
                break
            time.sleep(0.02)
        if process.poll() is None and not self.killed:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        reader.join()
        self.returncode = process.returncode
        self.seconds = time.monotonic() - started
        self.text = "".join(self.lines)


def _cron_env(root: Path) -> dict[str, str]:
    env = {"HOME": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    for variable in (
        "K12_LANDING_DIR", "K12_WAREHOUSE", "K12_ARCHIVE_DIR", "K12_RELEASE_DIR", "K12_WORK_DIR",
        "K12_LOG_DIR", "K12_ANALYST_DB", "K12_EXPORT_DIR", "K12_DAGSTER_STORAGE",
        "K12_DAGSTER_COMPUTE_LOGS",
    ):  # fmt: skip
        env[variable] = os.environ[variable]  # tests/conftest.py: all under the test's folder
    # The run's JSON summary, as a district's notifier would get it.
    env["K12_NOTIFY_COMMAND"] = (
        f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" "
        f"{root / 'summary.json'}"
    )
    return env


def _summary(root: Path) -> dict:
    return json.loads((root / "summary.json").read_text())


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _table_counts(warehouse: Path) -> dict[tuple[str, str, int], int]:
    counts = {}
    tables = _query(
        warehouse,
        # Each raw extract is a view over its year tables (ingestion/warehouse.py).
        "select schema_name, view_name from duckdb_views() where schema_name like 'raw_%' "
        "and not internal",
    )
    for schema, table in tables:
        for year, rows in _query(
            warehouse, f"select _school_year, count(*) from {schema}.{table} group by all"
        ):
            counts[(schema.removeprefix("raw_"), table, year)] = rows
    return counts


def _models_downstream_of(root: Path, source: str) -> int:
    # dbt's target folder is the run's own, under K12_WORK_DIR (Settings.dbt_target_dir).
    manifest = json.loads((root / "work" / "dbt" / "target" / "manifest.json").read_text())
    children, seen, todo = manifest["child_map"], set(), [f"source.k12_warehouse.{source}"]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return sum(1 for node in seen if node.startswith("model."))


def _drop_last_row(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    return len(lines) - 2  # data rows left


def test_nightly_runs_on_a_small_messy_district(isolated_paths):
    root = isolated_paths
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    releases, scratch = root / "releases", root / "work" / "tmp"
    generated = generate_district(landing, students=600, years=2, seed=7, messy=True)

    # A full run, as cron starts it.
    full = Run(root)

    assert full.returncode == 0, full.text
    assert console_output_problems(full.lines[: full.lines.index(_summary_start(full))]) == []
    first = _summary(root)
    counts = first["counts"]
    assert first["status"] == "succeeded"
    assert counts["files_loaded"] == len(generated.files)
    assert counts["rows_quarantined"] == sum(generated.planted_rejects.values())
    quarantined = _query(
        warehouse,
        "select system || '/' || extract, count(*) from raw_quarantine.rejected_rows group by all",
    )
    assert dict(quarantined) == generated.planted_rejects
    table_counts = _table_counts(warehouse)
    for relative_path, rows_written in generated.files.items():
        system, extract, year_file = Path(relative_path).parts
        key = (system, extract, int(Path(year_file).stem))
        rejected_here = generated.planted_rejects_by_file.get(relative_path, 0)
        assert table_counts.get(key, 0) + rejected_here == rows_written, relative_path
    assert counts["rows_loaded"] == sum(table_counts.values())
    assert counts["dbt_models"] == len(list((DBT_PROJECT / "models").rglob("*.sql")))
    assert counts["dbt_seeds"] == len(list((DBT_PROJECT / "seeds").rglob("*.csv")))
    for mart in GRADUATION_TRACK_MARTS:
        assert _query(warehouse, f"select count(*) from marts.{mart}")[0][0] > 0, mart
    assert counts["dbt_tests"].get("failed", 0) == 0 and counts["dbt_tests"]["passed"] > 100
    assert counts["release_gate_checks"].get("failed", 0) == 0
    assert sum(counts["release_gate_checks"].values()) >= len(RELEASE_TABLES)
    assert counts["quarantine_checks"]["warned"] == len(generated.planted_rejects)
    latest = releases / "latest"
    manifest = json.loads((latest / "manifest.json").read_text())
    open_schools = [
        school_id
        for (school_id,) in _query(
            warehouse,
            "select school_id from marts.dim_school where school_status = 'open' and "
            f"{manifest['school_year']} between first_school_year and last_school_year order by 1",
        )
    ]
    assert len(open_schools) > 1
    packets = sorted(p.name for p in latest.iterdir() if (p / "packet.html").is_file())
    assert packets == manifest["schools_released"] == open_schools
    assert first["release"]["schools_released"] == len(open_schools)
    assert list(scratch.iterdir()) == []  # no temporary file outlives the run

    # The same files again: nothing new, nothing run.
    again = Run(root)

    assert again.returncode == 0 and "nothing new" in again.text, again.text
    assert _table_counts(warehouse) == table_counts
    assert os.readlink(latest) == manifest["release_id"]
    nothing_new_ratio = again.seconds / full.seconds
    assert nothing_new_ratio < 0.10, (again.seconds, full.seconds)

    # A corrected snapshot of one extract: only what depends on it is rebuilt.
    late = generated.late_arrivals[0]
    system, extract, year_file = late.parts[-3:]
    (landing / system / extract / year_file).write_bytes(late.read_bytes())
    corrected_rows = len(late.read_text(encoding="utf-8").splitlines()) - 1

    analyst_db = root / "analytics.duckdb"
    before = _marts_checksum(analyst_db)
    answers, stop = root / "reader-answers.txt", root / "reader-stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, analyst_db, answers, stop])
    while not answers.exists() or not answers.read_text():
        time.sleep(0.1)

    one = Run(root)

    stop.touch()
    reader.wait(timeout=60)
    assert one.returncode == 0, one.text
    # The reader held the old file for the whole run: it never stopped the run, and every answer
    # it got was the old version's; a reader opening now gets the new marts.
    during = answers.read_text().split()
    assert len(during) > 3 and set(during) == {str(before)}
    assert _marts_checksum(analyst_db) == _marts_checksum(warehouse) != before
    assert f"loading {system}/{extract} and rebuilding what depends on them" in one.text
    changed = _summary(root)["counts"]
    assert changed["files_loaded"] == 1
    assert changed["dbt_models"] == _models_downstream_of(root, f"{system}.{extract}")
    assert changed["dbt_seeds"] == 0
    after = _table_counts(warehouse)
    assert after[(system, extract, int(Path(year_file).stem))] == corrected_rows
    assert {k: v for k, v in after.items() if k[:2] != (system, extract)} == {
        k: v for k, v in table_counts.items() if k[:2] != (system, extract)
    }
    good_release = os.readlink(latest)
    assert good_release != manifest["release_id"]
    print(
        f"\nfull run {full.seconds:.0f} s; nothing new {again.seconds:.1f} s "
        f"({nothing_new_ratio:.1%}); one extract ({system}/{extract}, "
        f"{changed['dbt_models']} of {counts['dbt_models']} models) {one.seconds:.0f} s "
        f"({one.seconds / full.seconds:.0%})"
    )

    # Another small change, killed at every stage, then run to the end.
    discipline = sorted((landing / "sis" / "discipline").glob("*.csv"))[-1]
    discipline_year = int(discipline.stem)
    rows_before = after[("sis", "discipline", discipline_year)]
    rows_after = _drop_last_row(discipline)
    kills = {
        "ingestion": lambda lines: _archived(root, discipline),
        "dbt build": lambda lines: _said(lines, "ingestion: done"),
        "release gate": lambda lines: _said(lines, "dbt build: done"),
        "writing the release": lambda lines: any(scratch.glob("releases/*/*/*")),
        "publishing the analyst database and exports": lambda lines: _said(lines, "release: done"),
    }
    for stage, kill_when in kills.items():
        killed = Run(root, kill_when=kill_when)

        assert killed.killed, f"the run ended before {stage}: {killed.text}"
        copies_of = {good_release}
        if stage.startswith("publishing"):
            # The release went out before the copies for analysts: it is whole, and it is the
            # last good one now; the copies are the previous run's or this one's, never half.
            good_release = os.readlink(releases / "latest")
            copies_of.add(good_release)
        _assert_nothing_half_done(root, good_release, copies_of)

    final = Run(root)

    assert final.returncode == 0, final.text
    assert "loading sis/discipline and rebuilding what depends on them" in final.text
    rows = _query(warehouse, "select count(*), count(distinct _source_row_number) from "
                  f"raw_sis.discipline where _school_year = {discipline_year}")  # fmt: skip
    assert rows == [(rows_after, rows_after)] and rows_after == rows_before - 1
    assert os.readlink(latest) != good_release
    assert list(scratch.iterdir()) == []
    assert not list(root.glob(".analytics.duckdb.tmp-*"))
    assert not list((root / "archive").glob("*/.*.partial"))


def _marts_checksum(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        marts = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        checksum = " + ".join(f"(select coalesce(sum(hash(t)), 0) from marts.{m} t)" for m in marts)
        return con.execute("select " + checksum).fetchone()[0]


def _summary_start(run: Run) -> str:
    return next(line for line in run.lines if line.startswith("k12 run succeeded"))


def _said(lines: list[str], text: str) -> bool:
    return any(text in line for line in lines)


def _archived(root: Path, landing_file: Path) -> bool:
    import hashlib

    digest = hashlib.sha256(landing_file.read_bytes()).hexdigest()
    return (root / "archive" / digest[:2] / f"{digest}.csv").exists()


def _assert_nothing_half_done(root: Path, good_release: str, copies_of: set[str]) -> None:
    """What a reader sees after a kill: the last good release, whole, and its exports."""
    releases = root / "releases"
    assert os.readlink(releases / "latest") == good_release
    names = set(os.listdir(releases)) - {"latest", "validation_runs"}
    assert not any(name.startswith(".") for name in names), names
    for name in names:  # every release is whole: its files are the ones its manifest lists
        folder = releases / name
        listed = {entry["path"] for entry in json.loads((folder / "manifest.json").read_text())[
            "files"]}  # fmt: skip
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert on_disk == listed | {"manifest.json"}, name
    catalog = json.loads((root / "exports" / "catalog.json").read_text())
    assert catalog["release_id"] in copies_of
