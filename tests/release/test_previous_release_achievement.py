"""Suppression across releases of the assessment and graduation cells (the exports' cells, the
packets' key figures among them): what the previous release of the school year published is
written beside its BI files and read back, so no cell withheld now can be worked out from both.

GIVEN one test and subject (or one graduating cohort), all grades, at schools A and B:

| level | girls | boys | all |
|---|---|---|---|
| A, October | 6 of 11 (55%) | 10 of 20 (50%) | 16 of 31 (52%) |
| A, January | 5 of 9 | 10 of 20 (50%) | 15 of 29 (52%) |
| B, both | 8 of 15 (53%) | 12 of 25 (48%) | 20 of 40 (50%) |
| district | A + B | A + B | A + B |

October shows every cell (none under n = 10). In January A's girls are 9: withheld. Alone,
January would hide A's boys as the complement and show A's 15 of 29; but October published A's
boys, 10 of 20, and they have not changed: 29 - 20 = 9 girls, and of the 15 proficient (the only
count of 29 printed as 52%) 15 - 10 = 5. With October's cells, A's boys are known, so hiding them
protects nothing: A's all students go instead, then the district's (A + B), then the district's
girls (all less the boys). Unknowns A girls, A all, district all, district girls; equations A all
= girls + 20, district all = A all + 40, district all = district girls + 45, district girls = A
girls + 15: only three are independent, so no unknown is pinned down.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from packet_front_warehouse import build_front_page_warehouse

from release.export_assessment import ASSESSMENT
from release.export_outcomes import COHORT_GRADUATION, achievement_cells
from release.exports import latest_release_info
from release.level_suppression import DISTRICT_LEVEL
from release.previous_release import ACHIEVEMENT_FILE, published_cells, write_achievement_cells
from release.release_run import SUPPRESSED_AGAINST
from tests.release.test_release_run import RUN_1, RUN_2, gate_tables, publish

MINIMUM_N = 10
GROUPS = {"all": ("all_students", "all_students"), "F": ("sex", "F"), "M": ("sex", "M")}
B = {"F": (8, 15), "M": (12, 25)}
OCTOBER = {"A": {"F": (6, 11), "M": (10, 20)}, "B": B}
JANUARY = {"A": {"F": (5, 9), "M": (10, 20)}, "B": B}
PART = {ASSESSMENT: (2026, "State Test", "math"), COHORT_GRADUATION: (2026,)}
MEASURE = {ASSESSMENT: "proficiency", COHORT_GRADUATION: "four_year"}


def _cells(groups: dict) -> dict[tuple[str | None, str], tuple[int, int]]:
    """(school or None, group) -> (count, students), with each level's all and the district."""
    cells = {(school, g): counts for school, by in groups.items() for g, counts in by.items()}
    for school in groups:
        cells[(school, "all")] = _add(cells[(school, "F")], cells[(school, "M")])
    for g in GROUPS:
        cells[(None, g)] = _add(cells[("A", g)], cells[("B", g)])
    return cells


def _add(one: tuple[int, int], other: tuple[int, int]) -> tuple[int, int]:
    return (one[0] + other[0], one[1] + other[1])


def _warehouse(mart: str, groups: dict):
    rows = []
    for (school, g), (count, students) in _cells(groups).items():
        level = {"reporting_level": "district" if school is None else "school"}
        key = {**level, "school_id": school, "subgroup_category": GROUPS[g][0]}
        key["subgroup"] = GROUPS[g][1]
        if mart == ASSESSMENT:
            year, test, subject = PART[mart]
            rows.append(
                {**key, "school_year": year, "test_name": test, "assessment_subject": subject}
                | {"grade_level": "all", "students_proficient": count}
                | dict.fromkeys(
                    ["students_enrolled", "students_tested", "students_scored"], students
                )
            )
        else:
            rows.append(
                {**key, "cohort_graduation_year": PART[mart][0], "four_year_graduates": count}
                | {"adjusted_cohort": students, "five_year_graduates": None}
                | {"five_year_adjusted_cohort": None}
            )
    con = duckdb.connect()
    con.execute("create schema marts")
    con.register("rows", pd.DataFrame(rows))
    con.execute(f"create table marts.{mart} as select * from rows")
    return con


def _published(cells: dict, mart: str) -> dict:
    """(level, group) -> (text, reason) of the all-grades cells of MEASURE[mart]."""
    shown = {}
    for (measure, level), keyed in cells[(mart, PART[mart])].items():
        if measure == MEASURE[mart]:
            school = None if level == DISTRICT_LEVEL else level
            for (_, group), cell in keyed.items():
                name = next(g for g, pair in GROUPS.items() if pair == group)
                shown[(school, name)] = (cell["text"], cell["reason"])
    return shown


def _release(folder, cells: dict, school_year: int = 2026, withheld=()) -> int:
    (folder / "bi").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"school_year": school_year}))
    return write_achievement_cells(folder / "bi", cells, 2026, set(withheld))


@pytest.mark.parametrize("mart", [ASSESSMENT, COHORT_GRADUATION])
def test_a_cell_withheld_in_january_cannot_be_worked_out_with_october(mart, tmp_path):
    october = achievement_cells(_warehouse(mart, OCTOBER), MINIMUM_N)
    assert all(reason is None for _, reason in _published(october, mart).values())
    assert _release(tmp_path, october) == (18 if mart == ASSESSMENT else 9)
    previous = published_cells(tmp_path, 2026)
    # alone, January hides A's boys, which October showed unchanged: A's girls are A less them
    alone = _published(achievement_cells(_warehouse(mart, JANUARY), MINIMUM_N), mart)
    assert (alone[("A", "F")], alone[("A", "M")], alone[("A", "all")]) == (
        ("*", "primary"),
        ("*", "complementary"),
        ("52%", None),
    )
    # WHEN January is suppressed against October
    january = _published(achievement_cells(_warehouse(mart, JANUARY), MINIMUM_N, previous), mart)
    # THEN A's boys stay shown (known anyway), and A's and the district's totals go instead
    assert january == {
        ("A", "F"): ("*", "primary"),
        ("A", "M"): ("50%", None),
        ("A", "all"): ("*", "complementary"),
        ("B", "F"): ("53%", None),
        ("B", "M"): ("48%", None),
        ("B", "all"): ("50%", None),
        (None, "F"): ("*", "complementary"),
        (None, "M"): ("49%", None),
        (None, "all"): ("*", "complementary"),
    }


def test_a_release_of_another_year_and_a_withheld_school_are_not_read_as_published(tmp_path):
    october = achievement_cells(_warehouse(ASSESSMENT, OCTOBER), MINIMUM_N)
    assert published_cells(_release_of(tmp_path / "2025", october, 2025), 2026) is None
    folder = _release_of(tmp_path / "withheld", october, 2026, withheld=("B",))
    previous = published_cells(folder, 2026)[(ASSESSMENT, PART[ASSESSMENT], "proficiency")]
    assert sorted(set(previous["level"])) == [DISTRICT_LEVEL, "A"]


def test_a_damaged_record_is_refused_naming_file_line_and_column(tmp_path):
    october = achievement_cells(_warehouse(ASSESSMENT, OCTOBER), MINIMUM_N)
    _release(tmp_path, october)
    path = tmp_path / "bi" / ACHIEVEMENT_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",45,", ",forty-five,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"assessment_and_graduation.csv, line 4, column '_n'"):
        published_cells(tmp_path, 2026)


def _release_of(folder, cells, school_year, withheld=()):
    _release(folder, cells, school_year, withheld)
    return folder


def test_a_release_writes_its_cells_and_the_next_one_and_its_exports_read_them(tmp_path):
    # GIVEN the front-page warehouse (graduation and proficiency marts included) released once;
    # WHEN it is released again THEN the second names the first, writes the same cells (nothing
    # changed), and the exports read the same previous cells as the release did
    warehouse = build_front_page_warehouse(tmp_path / "warehouse.duckdb")
    releases = tmp_path / "releases"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first = publish(con, releases, gate_tables(), started_at=RUN_1)
        second = publish(con, releases, gate_tables(), started_at=RUN_2)
    written = [
        (r.path / "bi" / ACHIEVEMENT_FILE).read_text(encoding="utf-8") for r in (first, second)
    ]
    assert written[0] == written[1]
    # A's math of 2026 (18 of 50) as its front page shows it, and the class of 2025's rate
    everyone = "all,all_students,all_students"
    assert f"{ASSESSMENT},2026,State Test,math,proficiency,A,{everyone},50,36%," in written[0]
    assert f"{COHORT_GRADUATION},2025,,,four_year,A,{everyone},50,80%," in written[0]
    manifest = json.loads((second.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest[SUPPRESSED_AGAINST] == first.release_id
    info = latest_release_info(releases, "run-2", {})
    key = (ASSESSMENT, PART[ASSESSMENT], "proficiency")
    pd.testing.assert_frame_equal(info.previous_cells[key], published_cells(first.path, 2026)[key])
