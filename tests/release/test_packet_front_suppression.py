"""The packet's front page withholds what the release withholds elsewhere, on the warehouse of
packet_front_warehouse.py: a small school's figure with its complement, and a school's figure
the exports hide as a complement of its grades (the packets take the exports' cells). No finding
is about a withheld figure. The rest of the front page is worked out in test_packet_front.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from packet_front_warehouse import build_front_page_warehouse
from packet_warehouse import YEAR

from release.export_assessment import ASSESSMENT
from release.export_build import ExportContext, build_export
from release.packet_data import gather
from release.packet_key_figures import KEY_FIGURES
from tests.release.test_packet_front import A_FINDINGS, MINIMUM_N


@pytest.fixture(scope="module")
def front_warehouse(tmp_path_factory) -> Path:
    return build_front_page_warehouse(tmp_path_factory.mktemp("front") / "warehouse.duckdb")


def _set_math_2026(con, grades: dict[tuple[str, str], tuple[int, int]]) -> None:
    """fct_assessment_proficiency's math of 2026 as {(school, grade): (proficient, scored)},
    each school's and the district's grades and all grades (everyone enrolled tested and
    scored), and the key figures' all-grades counts to match, as dbt builds them."""
    totals: dict[tuple[str | None, str], list[int]] = {}
    for (school, grade), (proficient, scored) in grades.items():
        for level in (school, None):
            for at in (grade, "all"):
                total = totals.setdefault((level, at), [0, 0])
                total[0], total[1] = total[0] + proficient, total[1] + scored
    where = "school_year = 2026 and assessment_subject = 'math'"
    con.execute(f"delete from marts.fct_assessment_proficiency where {where}")
    for (level, grade), (proficient, scored) in totals.items():
        con.execute(
            "insert into marts.fct_assessment_proficiency values (2026, ?, ?, 'State Test', "
            "'math', ?, 'all_students', 'all_students', ?, ?, ?, ?, null)",
            ["district" if level is None else "school", level, grade, scored, scored, scored,
             proficient],
        )  # fmt: skip
        if grade == "all":
            con.execute(
                f"update {KEY_FIGURES} set numerator = ?, denominator = ?, value = ? "
                "where school_id is not distinct from ? and measure = 'proficiency_math' "
                "and school_year = 2026",
                [proficient, scored, proficient / scored, level],
            )


def test_findings_come_only_from_cells_that_survive_suppression(front_warehouse, tmp_path):
    # GIVEN A's math of 2026 were 2 of 8 (25%, 22 points under the district's 74/146 = 51%):
    # A is withheld (8 < 10), and so is E (38), the smallest other school, else the district
    # less B and E would give A back
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    with duckdb.connect(str(path)) as con:
        _set_math_2026(con, {("A", "09"): (2, 8), ("B", "11"): (60, 100), ("E", "05"): (12, 38)})
    with duckdb.connect(str(path), read_only=True) as con:
        a, e = (gather(con, s, YEAR, minimum_n=MINIMUM_N)["front"] for s in ("A", "E"))
    math = {f.measure: f for f in a["figures"]}["proficiency_math"]
    assert (math.this_year["reason"], math.district["text"]) == ("primary", "51%")
    assert {f.measure: f for f in e["figures"]}["proficiency_math"].this_year["reason"] == (
        "complementary"
    )
    # THEN no finding is about math: the fifth is advanced coursework, 6 points above
    assert [f.text for f in a["findings"]] == [
        *A_FINDINGS[:1],
        *A_FINDINGS[2:],
        "Students in advanced coursework is 34%, 6 points above the district (28%).",
    ]
    assert "math" not in " ".join(f.text for f in e["findings"])


def test_a_complement_the_exports_hide_is_hidden_on_the_front_page(front_warehouse, tmp_path):
    # GIVEN math of 2026 by grade, with the all-grades figures unchanged (A 18/50, B 60/100,
    # E 12/38, district 90/188: no school under 10, so over the schools alone all are shown):
    #   A: grade 9 14/30, grade 10 2/8, grade 11 2/12; B: grade 11 60/100 (its only grade);
    #   E: grade 4 6/19, grade 5 6/19.
    # WHEN the exports suppress it with grades: A's grade 10 (8) is withheld, and the district's
    # grade 10 (A's alone); A's grades add up to A, so its smallest other grade goes too (11,
    # 12 students); the district's grade 11 (112) is A's and B's: B's grade 11 goes; B's
    # all-grades cell is its grade 11 (B has no other): it goes; the district's all grades is
    # A + B + E: E (38, smaller than A's 50) goes, then E's grades and the district's 4 and 5.
    # Were B's 60/100 printed on its front page, the exports' district grade 11 (62/112) less
    # it would give A's grade 11, and A's all grades less its grades 9 and 11 A's grade 10.
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    grades = {("A", "09"): (14, 30), ("A", "10"): (2, 8), ("A", "11"): (2, 12)}
    grades |= {("B", "11"): (60, 100), ("E", "04"): (6, 19), ("E", "05"): (6, 19)}
    with duckdb.connect(str(path)) as con:
        _set_math_2026(con, grades)
        export = build_export(con, ASSESSMENT, ExportContext(MINIMUM_N, YEAR, ()))
        exported = con.execute(
            f"select school_id, proficiency_rate_suppression from {export.table} "
            "where grade_level = 'all' and subgroup = 'all_students' and school_year = 2026 "
            "and assessment_subject = 'math' order by school_id nulls first"
        ).fetchall()
    assert exported == [(None, ""), ("A", ""), ("B", "complementary"), ("E", "complementary")]
    with duckdb.connect(str(path), read_only=True) as con:
        fronts = {s: gather(con, s, YEAR, minimum_n=MINIMUM_N)["front"] for s in ("A", "B", "E")}
    # THEN the front pages hide the same cells, and show the same ones
    math = {
        school: {f.measure: f for f in front["figures"]}["proficiency_math"]
        for school, front in fronts.items()
    }
    assert {s: (m.this_year["text"], m.this_year["reason"]) for s, m in math.items()} == {
        "A": ("36%", None),
        "B": ("*", "complementary"),
        "E": ("*", "complementary"),
    }
    assert math["A"].district["text"] == "48%"
    # and no finding uses a hidden cell: A's math gap stays, B's and E's math are gone
    assert [f.text for f in fronts["A"]["findings"]] == A_FINDINGS
    assert "math" not in " ".join(f.text for f in fronts["B"]["findings"] + fronts["E"]["findings"])
