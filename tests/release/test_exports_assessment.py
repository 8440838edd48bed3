"""fct_assessment_proficiency's export: participation and proficiency suppressed with the
release's equations (groups add up to all students, schools to the district), numerators never
exported, and the mean scale score withheld where the students tested are, worked by hand.

GIVEN one test and subject in 2026, grade 03 only, at schools A and B:

| level | group | enrolled | tested = scored | proficient | mean |
|---|---|---|---|---|---|
| A | all | 30 | 27 | 14 | 400 |
| A | F | 6 | 5 | 3 | 410 |
| A | M | 24 | 22 | 11 | 398 |
| A | English learner | 12 | 9 | 4 | 380 |
| B | all | 40 | 33 | 17 | 420 |
| B | F | 20 | 17 | 9 | 425 |
| B | M | 20 | 16 | 8 | 415 |
| B | English learner | 15 | 12 | 6 | 390 |
| district | all, F, M, English learner | 70, 26, 44, 27 | 60, 22, 38, 21 | 31, 12, 19, 10 | |

A's girls (6 enrolled, 5 tested) are under n = 10: withheld. Then A's boys go too (A's 30 less
its 24 boys would give its girls), B's girls (the district's 26 less B's 20), and B's boys (B's
40 less its girls, or the district's boys less A's): four cells that no sum pins down.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from release.export_build import ExportContext, build_export

CONTEXT = ExportContext(minimum_n=10, release_year=2026, withheld_schools=())
GROUPS = {  # group -> (category, subgroup)
    "all": ("all_students", "all_students"),
    "F": ("sex", "F"),
    "M": ("sex", "M"),
    "EL": ("english_learner", "english_learner"),
}
CELLS = {  # (school or None, group): enrolled, tested (= scored), proficient, mean
    ("A", "all"): (30, 27, 14, 400.0),
    ("A", "F"): (6, 5, 3, 410.0),
    ("A", "M"): (24, 22, 11, 398.0),
    ("A", "EL"): (12, 9, 4, 380.0),
    ("B", "all"): (40, 33, 17, 420.0),
    ("B", "F"): (20, 17, 9, 425.0),
    ("B", "M"): (20, 16, 8, 415.0),
    ("B", "EL"): (15, 12, 6, 390.0),
    (None, "all"): (70, 60, 31, 411.0),
    (None, "F"): (26, 22, 12, 420.0),
    (None, "M"): (44, 38, 19, 406.0),
    (None, "EL"): (27, 21, 10, 386.0),
}


@pytest.fixture
def con(tmp_path):
    """The mart as dbt builds it: each cell at grade 03 and at grade 'all' (one grade)."""
    rows = [
        (
            2026,
            "school" if school else "district",
            school,
            "State Test",
            "math",
            grade,
            *GROUPS[group],
            enrolled,
            tested,
            tested,
            proficient,
            proficient / tested,
            proficient / max(tested, -(-95 * enrolled // 100)),
            mean,
            tested / enrolled,
            tested / enrolled >= 0.95,
            None,
        )
        for (school, group), (enrolled, tested, proficient, mean) in CELLS.items()
        for grade in ("03", "all")
    ]
    columns = (
        "school_year, reporting_level, school_id, test_name, assessment_subject, grade_level, "
        "subgroup_category, subgroup, students_enrolled, students_tested, students_scored, "
        "students_proficient, proficiency_rate, accountability_proficiency_rate, "
        "mean_scale_score, participation_rate, meets_participation_target, "
        "proficiency_gap_to_all_students"
    )
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("create schema marts")
    frame = pd.DataFrame(rows, columns=[c.strip() for c in columns.split(",")])
    con.register("cells", frame)
    con.execute("create table marts.fct_assessment_proficiency as select * from cells")
    yield con
    con.close()


def _exported(con) -> tuple[pd.DataFrame, list[str]]:
    table = build_export(con, "fct_assessment_proficiency", CONTEXT)
    frame = con.execute(f"select * from {table.table}").df()
    return frame, table.not_exported


def _row(frame, school, grade, group) -> dict:
    level = frame["school_id"].isna() if school is None else frame["school_id"] == school
    category, subgroup = GROUPS[group]
    rows = frame[level & (frame["grade_level"] == grade) & (frame["subgroup"] == subgroup)]
    assert len(rows) == 1, (school, grade, group)
    return {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].to_dict().items()}


def test_a_small_group_and_its_complements_are_withheld_in_both_rates(con):
    frame, _ = _exported(con)
    for measure in ("participation_rate", "proficiency_rate"):
        reasons = {
            (school, group): _row(frame, school, "all", group)[f"{measure}_suppression"]
            for school in ("A", "B")
            for group in ("F", "M")
        }
        assert reasons == {
            ("A", "F"): "primary",
            ("A", "M"): "complementary",
            ("B", "F"): "complementary",
            ("B", "M"): "complementary",
        }, measure
        for school in ("A", "B"):
            for group in ("F", "M"):
                row = _row(frame, school, "all", group)
                assert row[measure] is None and row[f"{measure}_lower"] is None
    # their denominators are withheld with them
    assert _row(frame, "B", "all", "F")["students_enrolled"] is None
    assert _row(frame, "A", "all", "M")["students_scored"] is None


def test_the_cells_nothing_threatens_are_shown_rounded_as_the_packet_prints_them(con):
    frame, _ = _exported(con)
    shown = {
        ("A", "all"): (30, 0.90, 27, 0.52),  # 27/30; 14/27 = 51.9%
        ("B", "all"): (40, 0.83, 33, 0.52),  # 33/40 = 82.5% rounds half up; 17/33 = 51.5%
        (None, "all"): (70, 0.86, 60, 0.52),  # 60/70 = 85.7%; 31/60 = 51.7%
        (None, "F"): (26, 0.85, 22, 0.55),  # 22/26 = 84.6%; 12/22 = 54.5%
        (None, "M"): (44, 0.86, 38, 0.50),  # 38/44 = 86.4%; 19/38
        (None, "EL"): (27, 0.78, 21, 0.48),  # 21/27 = 77.8%; 10/21 = 47.6%
    }
    for (school, group), expected in shown.items():
        for grade in ("all", "03") if group == "all" or school is None else ("all",):
            row = _row(frame, school, grade, group)
            got = (
                row["students_enrolled"],
                row["participation_rate"],
                row["students_scored"],
                row["proficiency_rate"],
            )
            assert got == expected, (school, grade, group)
            reasons = (row["participation_rate_suppression"], row["proficiency_rate_suppression"])
            assert reasons == ("", "")
    # a school's grade-by-group cell is not exported: nothing protects it
    assert (
        frame[frame["school_id"].notna() & (frame["grade_level"] == "03")]["subgroup"]
        .eq("all_students")
        .all()
    )


def test_a_flag_group_under_n_takes_the_other_school_with_it(con):
    frame, _ = _exported(con)
    a_learners, b_learners = _row(frame, "A", "all", "EL"), _row(frame, "B", "all", "EL")
    # 12 enrolled at A and 15 at B: participation shown (9/12, 12/15)
    assert (a_learners["participation_rate"], b_learners["participation_rate"]) == (0.75, 0.80)
    # 9 scored at A: proficiency withheld, and B's (the district's 21 less B's 12 would give it)
    assert a_learners["proficiency_rate_suppression"] == "primary"
    assert b_learners["proficiency_rate_suppression"] == "complementary"
    assert a_learners["proficiency_rate"] is None and b_learners["proficiency_rate"] is None


def test_the_mean_scale_score_is_withheld_where_the_students_tested_are(con):
    frame, _ = _exported(con)
    means = {
        (school, group): (
            _row(frame, school, "all", group)["mean_scale_score"],
            _row(frame, school, "all", group)["mean_scale_score_suppression"],
        )
        for school in ("A", "B", None)
        for group in GROUPS
    }
    assert means == {
        ("A", "all"): (400.0, ""),
        ("A", "F"): (None, "primary"),  # 5 tested
        ("A", "M"): (None, "complementary"),  # 22 tested, but A's 27 less them gives A's girls
        # 9 tested, though participation (12 enrolled) is shown: the mean is about the tested
        ("A", "EL"): (None, "primary"),
        ("B", "all"): (420.0, ""),
        ("B", "F"): (None, "complementary"),
        ("B", "M"): (None, "complementary"),
        ("B", "EL"): (None, "complementary"),  # else the district's mean and B's give A's
        (None, "all"): (411.0, ""),
        (None, "F"): (420.0, ""),
        (None, "M"): (406.0, ""),
        (None, "EL"): (386.0, ""),
    }


def test_numerators_and_the_figures_that_would_give_them_never_leave(con):
    frame, not_exported = _exported(con)
    assert set(not_exported) == {
        "students_tested",
        "students_proficient",
        "accountability_proficiency_rate",
        "meets_participation_target",
        "proficiency_gap_to_all_students",
    }
    assert not set(not_exported) & set(frame.columns)
    # no dim_school in this warehouse: no school names joined
    assert list(frame.columns) == [
        "school_year",
        "reporting_level",
        "school_id",
        "test_name",
        "assessment_subject",
        "grade_level",
        "subgroup_category",
        "subgroup",
        "students_enrolled",
        *("participation_rate" + s for s in ("", "_suppression", "_lower", "_upper")),
        "students_scored",
        *("proficiency_rate" + s for s in ("", "_suppression", "_lower", "_upper")),
        "mean_scale_score",
        "mean_scale_score_suppression",
    ]
