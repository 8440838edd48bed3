"""Parquet exports of the packet warehouse (tests/release/packet_warehouse.py): the catalog and
the files agree, student-level marts stay out of the export folder, and the aggregates hide
exactly the cells the packets and the release's bi/ files hide (worked by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from packet_warehouse import OPTIONAL, build_packet_warehouse

from release.bi_exports import write_bi_exports
from release.export_build import NoExportRuleError
from release.exports import CATALOG, ReleaseInfo, publish_exports
from release.mart_docs import mart_docs
from release.outcome_tables import outcome_tables

REPO = Path(__file__).resolve().parents[2]
RELEASE = ReleaseInfo("2026-03-15_20260316T060000Z", "run-1", "2026-03-15", 2026)
STUDENT_LEVEL = {
    "dim_student",
    "fct_early_warning",
    "fct_student_attendance",
    "fct_student_course_performance",
    "fct_student_on_track",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Every mart of the packet warehouse; spending as money (DECIMAL), as dbt builds it."""
    path = tmp_path_factory.mktemp("exports") / "warehouse.duckdb"
    build_packet_warehouse(path, {f"marts.{mart}" for mart in OPTIONAL})
    with duckdb.connect(str(path)) as con:
        con.execute(
            "alter table marts.fct_school_spending alter per_pupil_expenditure type decimal(18, 2)"
        )
    return path


def _publish(warehouse: Path, folder: Path, release=RELEASE, **options):
    return publish_exports(
        warehouse,
        folder / "exports",
        folder / "work" / "tmp" / "exports",
        release=release,
        minimum_n=10,
        docs=mart_docs(REPO / "dbt_project"),
        **options,
    )


@pytest.fixture(scope="module")
def exports(warehouse, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    _publish(warehouse, folder)
    return folder / "exports"


def _read(folder: Path, mart: str) -> pd.DataFrame:
    with duckdb.connect() as con:
        return con.execute(
            f"select * from read_parquet('{folder / mart}/**/*.parquet', hive_partitioning = true)"
        ).df()


def _types(folder: Path, mart: str) -> dict[str, str]:
    with duckdb.connect() as con:
        rows = con.execute(
            f"describe select * from read_parquet('{folder / mart}/**/*.parquet', "
            "hive_partitioning = false)"
        ).fetchall()
    return {row[0]: row[1] for row in rows}


def test_every_mart_is_in_a_catalog_with_the_row_counts_of_its_files(warehouse, exports, tmp_path):
    _publish(warehouse, tmp_path, internal=True)
    internal = tmp_path / "exports"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = {
            m
            for (m,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        }
    public, private = (json.loads((f / CATALOG).read_text())["marts"] for f in (exports, internal))
    assert set(public) | set(private) == marts and not set(public) & set(private)
    assert set(private) == STUDENT_LEVEL
    # the BI catalog names every other mart too, and where it is: never its rows
    elsewhere = json.loads((exports / CATALOG).read_text())["not_exported"]
    assert set(elsewhere) == STUDENT_LEVEL and set(public) | set(elsewhere) == marts
    assert elsewhere["dim_student"].startswith("student-level")
    for folder, catalog in ((exports, public), (internal, private)):
        for mart, entry in catalog.items():
            files = sorted((folder / mart).rglob("*.parquet"))
            with duckdb.connect() as con:
                counted = {
                    (
                        p.parent.name.removeprefix("school_year=")
                        if entry["year_column"]
                        else "all"
                    ): con.execute(f"select count(*) from read_parquet('{p}')").fetchone()[0]
                    for p in files
                }
            assert entry["rows"] == counted, mart
            assert [c["name"] for c in entry["columns"]] == list(_types(folder, mart))
    # the catalog's run and release; hand-counted rows: A and B by 3 census shares' levels
    whole = json.loads((exports / CATALOG).read_text())
    assert (whole["release_id"], whole["run_id"], whole["as_of_date"]) == (
        RELEASE.release_id,
        "run-1",
        "2026-03-15",
    )
    assert public["fct_school_profile"]["rows"] == {"2026": 3}  # district, A, B
    assert public["dim_school"]["rows"] == {"all": 4}


def test_student_level_marts_never_reach_the_export_folder(exports):
    assert not STUDENT_LEVEL & {p.name for p in exports.iterdir()}
    for path in exports.rglob("*.parquet"):
        assert "student_id" not in _types(exports, path.relative_to(exports).parts[0])
    assert "STU-" not in (exports / CATALOG).read_text()


def test_numbers_stay_numbers_and_schools_are_named(exports):
    summary = _types(exports, "fct_on_track_summary")
    assert summary["on_track_rate"] == "DOUBLE" and summary["on_track_evaluated"] == "BIGINT"
    assert summary["on_track_rate_lower"] == summary["on_track_rate_upper"] == "DOUBLE"
    assert _types(exports, "fct_school_spending")["per_pupil_expenditure"] == "DECIMAL(18,2)"
    rates = _read(exports, "fct_on_track_summary")["on_track_rate"].dropna()
    assert rates.between(0, 1).all() and len(rates) > 0
    names = _read(exports, "fct_course_access").dropna(subset=["school_id"])
    assert dict(zip(names["school_id"], names["school_name"], strict=True)) == {
        "A": "Alpha High School",
        "B": "Beta High School",
    }
    # dim_school names its schools itself: no second, joined copy of the name.
    assert not [c for c in _types(exports, "dim_school") if c.endswith("_1")]


def _cell(frame, school, grade, subgroup, measure):
    level = frame["school_id"].isna() if school is None else frame["school_id"] == school
    row = frame[level & (frame["grade_level"] == grade) & (frame["subgroup"] == subgroup)]
    assert len(row) == 1, (school, grade, subgroup)
    value = row.iloc[0][f"{measure}_rate"]
    return (None if pd.isna(value) else float(value)), row.iloc[0][f"{measure}_rate_suppression"]


def test_the_exported_outcomes_hide_what_the_packets_hide_worked_by_hand(exports):
    summary = _read(exports, "fct_on_track_summary")
    # A's Black group (4 judged) is withheld, with White (25), the next smallest; B's Black and
    # White go too, else the district's 24 and 65 minus B's would give A's.
    assert _cell(summary, "A", "all", "black", "on_track") == (None, "primary")
    assert _cell(summary, "A", "all", "white", "on_track") == (None, "complementary")
    assert _cell(summary, "B", "all", "black", "on_track")[0] is None
    assert _cell(summary, "B", "all", "white", "on_track")[0] is None
    assert _cell(summary, "A", "all", "hispanic", "on_track") == (0.80, "")  # 24 of 30
    assert _cell(summary, None, "all", "hispanic", "on_track") == (0.82, "")  # 74 of 90
    # grade 12 at A (8) withheld with grade 9 (15); A's English learners (8) withheld
    assert _cell(summary, "A", "12", "all_students", "on_track") == (None, "primary")
    assert _cell(summary, "A", "09", "all_students", "on_track") == (None, "complementary")
    assert _cell(summary, "A", "all", "english_learner", "on_track") == (None, "primary")
    hispanic = summary[(summary["school_id"] == "A") & (summary["subgroup"] == "hispanic")]
    assert hispanic["on_track_evaluated"].tolist() == [30]
    assert pd.isna(
        summary[summary["school_id"] == "A"]
        .query("subgroup == 'black'")["on_track_evaluated"]
        .iloc[0]
    )  # a withheld cell's denominator is withheld too


def test_every_exported_outcome_cell_is_shown_exactly_when_the_bi_file_shows_it(
    warehouse, exports, tmp_path
):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        outcomes = outcome_tables(con, 2026, 10)
    write_bi_exports(tmp_path, outcomes, ["A", "B"])
    bi = pd.concat(
        [
            pd.read_csv(tmp_path / "district_outcomes.csv", dtype=str).assign(school_id=None),
            pd.read_csv(tmp_path / "school_outcomes.csv", dtype=str),
        ]
    )
    summary = _read(exports, "fct_on_track_summary")
    compared = 0
    for row in bi.to_dict("records"):
        for measure in ("on_track", "freshman_on_track", "chronic_absence"):
            if row[f"{measure}_reason"] == "not_available":
                continue
            value, reason = _cell(
                summary, row["school_id"], row["grade_level"], row["subgroup"], measure
            )
            assert (row[f"{measure}_rate"] == "*") == (value is None), (row, measure)
            assert reason == (
                row[f"{measure}_reason"] if isinstance(row[f"{measure}_reason"], str) else ""
            )
            compared += 1
    assert compared > 60


def test_coded_and_gated_figures(exports):
    staffing = _read(exports, "fct_school_staffing").set_index("school_id")
    # A has 7 teachers: its teacher shares are withheld; B's 12 are shown
    assert pd.isna(staffing.loc["A", "inexperienced_teacher_share"])
    assert staffing.loc["A", "inexperienced_teacher_share_suppression"] == "primary"
    assert staffing.loc["B", "inexperienced_teacher_share"] == 0.25
    assert staffing.loc["A", "teacher_fte"] == 6.5  # staff, not students: as it is
    equity = _read(exports, "fct_educator_equity")
    # the low-poverty quartile's 6.5 teacher FTE is under 10: withheld; the high's 12 shown
    assert equity["low_quartile_teacher_share"].isna().all()
    assert equity["high_quartile_teacher_share"].tolist() == [0.25, 0.25]


def test_the_release_gates_withheld_schools_are_left_out_of_the_release_year(warehouse, tmp_path):
    withheld = ReleaseInfo(RELEASE.release_id, "run-2", "2026-03-15", 2026, ("B",))
    _publish(warehouse, tmp_path, release=withheld)
    for mart in ("fct_on_track_summary", "fct_course_access", "fct_school_staffing"):
        assert set(_read(tmp_path / "exports", mart)["school_id"].dropna()) == {"A"}, mart


def test_a_failed_publish_leaves_the_previous_exports(warehouse, tmp_path, monkeypatch):
    _publish(warehouse, tmp_path)
    link = tmp_path / "exports"
    before = (link.readlink(), (link / CATALOG).read_bytes())
    import release.exports as exports_module

    real = exports_module.build_export

    def fail_on_staffing(con, mart, context):
        if mart == "fct_school_staffing":
            raise RuntimeError("disk full")
        return real(con, mart, context)

    monkeypatch.setattr(exports_module, "build_export", fail_on_staffing)
    later = ReleaseInfo("2026-03-16_20260317T060000Z", "run-2", "2026-03-16", 2026)
    with pytest.raises(RuntimeError, match="disk full"):
        _publish(warehouse, tmp_path, release=later)
    assert (link.readlink(), (link / CATALOG).read_bytes()) == before
    assert [p.name for p in (tmp_path / ".exports-versions").iterdir()] == [RELEASE.release_id]
    assert list((tmp_path / "work" / "tmp" / "exports").iterdir()) == []


def test_a_second_publish_swaps_the_link_and_keeps_only_the_previous_version(warehouse, tmp_path):
    ids = [f"2026-03-1{day}_20260317T060000Z" for day in (5, 6, 7)]
    for release_id in ids:
        _publish(warehouse, tmp_path, release=ReleaseInfo(release_id, "r", "2026-03-15", 2026))
    assert (tmp_path / "exports").readlink() == Path(".exports-versions") / ids[2]
    assert sorted(p.name for p in (tmp_path / ".exports-versions").iterdir()) == ids[1:]


def test_a_mart_with_no_export_rule_is_refused(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_new_thing as select 'A' school_id, 3 students")
    with pytest.raises(NoExportRuleError, match="marts.fct_new_thing has no export rule"):
        _publish(path, tmp_path)
    assert not (tmp_path / "exports").exists()


def test_a_folder_in_the_way_of_the_link_is_refused(warehouse, tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="is not the link"):
        _publish(warehouse, tmp_path)
    assert (tmp_path / "exports" / "mine.txt").read_text() == "keep me"
