"""Principal packets on the tiny hand-made warehouse of conftest.py: suppressed numbers in the
page, rosters of the school's own enrolled students only, spreadsheets equal to the CSVs, no
external resources, nothing about a student in the logs."""

from __future__ import annotations

import csv
import logging
import re

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook
from packet_html import Tables, external_references
from packet_warehouse import OPTIONAL, STUDENTS, YEAR, build_packet_warehouse

from release.cells import gated_cells
from release.charts import bars
from release.outcome_tables import GRADE_ORDER, outcome_tables
from release.packet import open_schools, write_school_packet
from release.packet_data import gather

MINIMUM_N = 10  # the shipped k12_minimum_reporting_n, which the hand-worked cells assume


@pytest.fixture(scope="module")
def packets(packet_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packets")
    con = duckdb.connect(str(packet_warehouse), read_only=True)
    written = {
        school: write_school_packet(con, folder, school, YEAR, minimum_n=MINIMUM_N)
        for school in ("A", "B")
    }
    con.close()
    return folder, written


def html_of(packets, school: str) -> str:
    return (packets[0] / school / "packet.html").read_text(encoding="utf-8")


def test_open_schools_are_those_open_in_the_year(packet_con):
    # C is closed, D opens in 2027
    assert open_schools(packet_con, YEAR) == ["A", "B"]
    assert open_schools(packet_con, 2027) == ["D"]


def test_a_subgroup_under_ten_is_suppressed_in_the_page_and_so_is_its_complement(packets):
    # GIVEN school A's on-track counts by race: Hispanic 24/30, White 19/25, Black 2/4 of 45/59.
    # Black (4 < 10) is withheld; shown alone, it would be 59 - 30 - 25 = 4 by subtraction, so
    # the next smallest group, White (25), is withheld too. Hispanic 24/30 = 80% (21-40 band).
    # English learners (8) are withheld with no complement: no "not English learner" row exists.
    # Economically disadvantaged 12/12 = 100% would be top-coded "≥90%", but the district's
    # 42/62 minus B's 30/50 would give it away: A's and B's are both withheld.
    tables = Tables(html_of(packets, "A"))
    on_track = 1  # columns: group, on track school, district, freshman school, district, ...
    assert tables.row("subgroups", "Black or African American")[on_track] == "*"
    assert tables.row("subgroups", "White")[on_track] == "*"
    assert tables.row("subgroups", "Hispanic or Latino")[on_track] == "80% n=30"
    assert tables.row("subgroups", "English learners")[on_track] == "*"
    assert tables.row("subgroups", "Economically disadvantaged")[on_track] == "*"
    assert tables.row("subgroups", "Female")[on_track] == "77% n=35"  # 27/35 = 77.1%
    assert tables.row("subgroups", "All students")[on_track] == "76% n=59"  # 45/59 = 76.3%
    # the district column: A + B, Black 17/24 = 70.8% -> 71% (21-40 band), nothing withheld
    assert tables.row("subgroups", "Black or African American")[2] == "71% n=24"
    # B's groups are all 20 or more, but its Black and White are withheld with A's: the
    # district's 24 and 65 less B's 20 and 40 would be A's 4 and 25
    b = Tables(html_of(packets, "B"))
    assert b.row("subgroups", "Black or African American")[on_track] == "*"
    assert b.row("subgroups", "White")[on_track] == "*"
    assert b.row("subgroups", "Hispanic or Latino")[on_track] == "83% n=60"  # 50/60
    assert b.row("subgroups", "Female")[on_track] == "80% n=60"  # 48/60


def test_a_grade_under_ten_is_suppressed_with_the_next_smallest_grade(packets):
    # A's grades 9-12 judged: 15, 20, 16, 8 of 59. Grade 12 (8) withheld, then grade 9 (15), the
    # smallest other grade. Grade 10: 15/20 = 75%; grade 11: 12/16 = 75%.
    tables = Tables(html_of(packets, "A"))
    assert tables.row("grades", "Grade 12")[1] == "*"
    assert tables.row("grades", "Grade 09")[1] == "*"
    assert tables.row("grades", "Grade 10")[1] == "75% n=20"
    assert tables.row("grades", "Grade 11")[1] == "75% n=16"
    assert tables.row("grades", "All grades")[1] == "76% n=59"
    assert "Withheld to protect student privacy" in html_of(packets, "A")


def test_enrollment_shares_are_suppressed_across_the_schools_and_the_district(tmp_path):
    # GIVEN A's census shares of 59: economically disadvantaged 12 (20.3% -> 20%), students with
    # disabilities 5 (8.5% -> 8%); the district's 179 (A + B): 62 (34.6%) and 19 (10.6%).
    path = build_packet_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        shares = gather(con, "A", YEAR, minimum_n=MINIMUM_N)["enrollment"]["shares"]
    assert shares["Economically disadvantaged"]["school"]["text"] == "20%"
    assert shares["Students with disabilities"]["school"]["text"] == "8%"
    assert shares["Students with disabilities"]["district"]["text"] == "11%"
    # WHEN A has 1 student with a disability (1.7%, bottom-coded "≤2%" in a group of 41-100):
    # B's 14 of 120 and the district's 15 of 179 would give A's 1 back, so B's share is
    # withheld, and then A's too (else A's 59 = 179 - 120). The district's 15 stays: 8.4%.
    with duckdb.connect(str(path)) as con:
        con.execute(  # and the district's row, 19 - 4
            "update marts.fct_school_profile set students_with_disability_count = "
            "case when school_id = 'A' then 1 else 15 end "
            "where school_id = 'A' or school_id is null"
        )
    with duckdb.connect(str(path), read_only=True) as con:
        a, b = (
            gather(con, s, YEAR, minimum_n=MINIMUM_N)["enrollment"]["shares"] for s in ("A", "B")
        )
    disability = "Students with disabilities"
    assert (a[disability]["school"]["reason"], b[disability]["school"]["reason"]) == (
        "complementary",
        "complementary",
    )
    assert a[disability]["district"]["text"] == b[disability]["district"]["text"] == "8%"
    assert b["Economically disadvantaged"]["school"]["text"] == "42%"  # 50 of 120 = 41.7%


def test_the_page_shows_the_school_against_the_district(packets):
    tables = Tables(html_of(packets, "A"))
    assert tables.row("enrollment", "Census-day enrollment (2025-10-01)")[1:] == ["59", "179"]
    assert tables.row("enrollment", "Projected for 2026–27")[1:] == ["61", "61"]  # 61.4
    assert tables.row("money", "Per-pupil spending")[1:] == ["$12,346", "$11,000"]
    assert tables.row("money", "Spent to 2026-03-15")[1:] == ["$500,000 (62%)"]  # 0.625 -> 62%
    # A has 7 teachers (< 10): its teacher shares are withheld; the district's 19 are not:
    # inexperienced (0.5 x 6.5 + 0.25 x 12) / 18.5 = 0.338 -> 34%
    assert tables.row("staffing", "Inexperienced teachers")[1:] == ["*", "34%"]
    assert tables.row("staffing", "Students per teacher")[1:] == ["9.1", "9.7"]  # 179 / 18.5


def test_a_section_without_data_is_left_out_or_marked_not_sent_never_named_by_table(packets):
    # this warehouse has no course access, no educator equity and no key figures yet; B has no
    # budget row (its district sent none)
    a, b = html_of(packets, "A"), html_of(packets, "B")
    assert "Advanced courses" not in a  # no empty column
    assert "Highest-quartile schools" not in a
    assert "not sent</span>: the district has not sent the data for the budget" in b
    assert "not sent</span>: the district has not sent the data for the budget" not in a
    for html in (a, b):
        assert "fct_" not in html and "Not available" not in html
        assert "The key figures are not in this release yet" in html


def test_the_sections_of_a_mart_the_gate_withholds_say_so(packet_con, tmp_path):
    # GIVEN the gate's checks on the budget failed (the dbt tests of fct_school_budget), named
    # as GateResult.withheld_marts names them: by model
    withheld = {"fct_school_budget": "withheld: checks failed; not_null_fct_school_budget_x"}
    data = gather(packet_con, "A", YEAR, minimum_n=MINIMUM_N, withheld_marts=withheld)
    assert data["budget"] == {"available": False, "withheld": withheld["fct_school_budget"]}
    assert data["spending"]["available"] is True
    write_school_packet(
        packet_con, tmp_path, "A", YEAR, minimum_n=MINIMUM_N, withheld_marts=withheld
    )
    tables = Tables((tmp_path / "A" / "packet.html").read_text(encoding="utf-8"))
    html = (tmp_path / "A" / "packet.html").read_text(encoding="utf-8")
    assert "The budget: withheld, because the checks on this data failed" in " ".join(html.split())
    assert tables.row("money", "Per-pupil spending")[1:] == ["$12,346", "$11,000"]  # not withheld
    assert "Revised budget" not in html


def test_course_access_and_educator_equity_appear_once_their_marts_land(tmp_path):
    every_mart = {f"marts.{name}" for name in OPTIONAL}
    path = build_packet_warehouse(tmp_path / "w.duckdb", every_mart)
    with duckdb.connect(str(path), read_only=True) as con:
        write_school_packet(con, tmp_path / "out", "A", YEAR, minimum_n=MINIMUM_N)
    html = (tmp_path / "out" / "A" / "packet.html").read_text(encoding="utf-8")
    tables = Tables(html)
    school, district = 7, 8  # the advanced-courses columns
    # A: Black 1 of 4 withheld, White 7 of 25 its complement; Hispanic 12/30 = 40%;
    # all 20/59 = 33.9% -> 34%. District Black 6/24 = 25%.
    assert tables.row("subgroups", "Black or African American")[school] == "*"
    assert tables.row("subgroups", "White")[school] == "*"
    assert tables.row("subgroups", "Hispanic or Latino")[school] == "40% n=30"
    assert tables.row("subgroups", "All students")[school] == "34% n=59"
    assert tables.row("subgroups", "Black or African American")[district] == "25% n=24"
    assert "AP yes, IB no, Dual enrollment yes" in " ".join(html.split())
    # the lowest-quartile schools have 6.5 teacher FTE (fewer than 10 teachers): withheld
    assert tables.row("staffing", "inexperienced, by poverty") == [
        "inexperienced, by poverty",
        "25%",
        "*",
    ]
    assert "Not available" not in html


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def roster_students(folder, school: str) -> dict[str, set[str]]:
    return {
        name: {row["student_id"] for row in read_csv(folder / school / f"{name}.csv")}
        for name in ("students_off_track", "chronic_absence")
    }


def test_rosters_hold_only_the_schools_enrolled_students(packets):
    folder, _ = packets
    # A: A1 off track, A2 high risk (on track); A3 left; A4 chronically absent; X1 was chronically
    # absent at A but is enrolled at B; B1 was at A last year
    assert roster_students(folder, "A") == {
        "students_off_track": {"STU-A1", "STU-A2"},
        "chronic_absence": {"STU-A4"},
    }
    # B: X1 is off track and enrolled at B (not chronically absent at B)
    assert roster_students(folder, "B") == {
        "students_off_track": {"STU-B1", "STU-B2", "STU-X1"},
        "chronic_absence": {"STU-B2"},
    }
    off_track = read_csv(folder / "B" / "students_off_track.csv")
    wren = next(row for row in off_track if row["student_id"] == "STU-X1")
    assert wren["last_name"] == "Wren"
    assert wren["reason_keys"] == "total_credits_short; english_credits_short; core_semester_fs"
    assert wren["current_courses_and_marks"] == "BIO Biology (S1): D"  # not A's Chemistry


def every_text_of(folder) -> str:
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            texts += [
                str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
            ]
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_no_student_of_another_school_is_in_any_file_of_a_packet(packets):
    folder, _ = packets
    enrolled = {"A": {"STU-A1", "STU-A2", "STU-A4"}, "B": {"STU-B1", "STU-B2", "STU-X1"}}
    for school, own in enrolled.items():
        text = every_text_of(folder / school)
        for student, (_, _, _, _, last) in STUDENTS.items():
            if student not in own:
                assert student not in text and last not in text, (school, student)


def test_the_isolation_check_finds_a_planted_student(packets, tmp_path):
    folder, _ = packets
    planted = tmp_path / "A"
    planted.mkdir()
    (planted / "chronic_absence.csv").write_text("student_id,last_name\nSTU-B2,Vesper\n")
    assert "STU-B2" in every_text_of(planted)


def test_each_spreadsheet_holds_the_rows_of_its_csv(packets):
    folder, _ = packets
    for school in ("A", "B"):
        for name in ("students_off_track", "chronic_absence"):
            from_csv = pd.read_csv(
                folder / school / f"{name}.csv", dtype=str, keep_default_na=False
            )
            # two heading lines above the xlsx's header (release.roster_sheet); its headers are
            # readable, the CSV's the model's column names, in the same order
            from_xlsx = pd.read_excel(
                folder / school / f"{name}.xlsx", dtype=str, keep_default_na=False, header=2
            )
            assert len(from_xlsx) == len(from_csv) > 0
            assert len(from_xlsx.columns) == len(from_csv.columns) - 1  # reason_keys: CSV only
            assert from_xlsx["Student ID"].tolist() == from_csv["student_id"].tolist()
            assert from_xlsx["Last name"].tolist() == from_csv["last_name"].tolist()
    # a first name that looks like a formula stays text
    sheet = load_workbook(folder / "B" / "students_off_track.xlsx").active
    (cell,) = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == "=1+1"]
    assert cell.data_type == "s"


def test_the_page_has_no_external_resources(packets):
    for school in ("A", "B"):
        assert external_references(html_of(packets, school)) == []
    assert "<svg" in html_of(packets, "A")  # the charts are inline


def test_the_external_reference_check_finds_planted_ones():
    assert external_references('<img src="https://example.org/x.png">') != []
    assert external_references('<svg xmlns="http://www.w3.org/2000/svg">') != []
    assert external_references("<style>@import 'x.css'</style>") != []


def test_nothing_about_a_student_is_logged(packet_warehouse, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with duckdb.connect(str(packet_warehouse), read_only=True) as con:
        write_school_packet(con, tmp_path, "B", YEAR, minimum_n=MINIMUM_N)
    assert "students_off_track.csv 3 rows" in caplog.text  # counts are logged
    for student, (_, _, _, first, last) in STUDENTS.items():
        assert student not in caplog.text and last not in caplog.text and first not in caplog.text


def test_a_school_without_grades_9_to_12_shows_chronic_absence_only(tmp_path):
    path = build_packet_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into marts.dim_school by name select 'E' as school_id, "
            "'Elm Elementary School' as school_name, 'open' as school_status, "
            "false as serves_high_school_grades, 2023 as first_school_year, "
            "2026 as last_school_year"
        )
        for grade in ("03", "all"):  # 3 of 12 third graders chronically absent
            con.execute(
                "insert into marts.fct_on_track_summary values "
                "(2026, 'school', 'E', ?, 'all_students', 'all_students', 12, 0, 0, 0, 0, 12, 3)",
                [grade],
            )
        # the 12 are Hispanic; 7 girls (2 absent), 5 boys (1)
        for category, subgroup, n, absent in [
            ("race_ethnicity", "hispanic", 12, 3), ("sex", "F", 7, 2), ("sex", "M", 5, 1)
        ]:  # fmt: skip
            con.execute(
                "insert into marts.fct_on_track_summary values "
                "(2026, 'school', 'E', 'all', ?, ?, ?, 0, 0, 0, 0, ?, ?)",
                [category, subgroup, n, n, absent],
            )
            _add_to_district(con, "all", category, subgroup, n, absent)
        # and in the district's rows, which add up the schools': grade 3 is E's alone
        con.execute(
            "insert into marts.fct_on_track_summary values "
            "(2026, 'district', null, '03', 'all_students', 'all_students', 0, 0, 0, 0, 0, 0, 0)"
        )
        _add_to_district(con, "03", "all_students", "all_students", 12, 3)
        _add_to_district(con, "all", "all_students", "all_students", 12, 3)
    with duckdb.connect(str(path), read_only=True) as con:
        write_school_packet(con, tmp_path / "out", "E", YEAR, minimum_n=MINIMUM_N)
    html = (tmp_path / "out" / "E" / "packet.html").read_text(encoding="utf-8")
    tables = Tables(html)
    assert tables.sections["grades"][0] == ["Grade", "Chronically absent school", "district"]
    assert tables.row("grades", "Grade 03") == ["Grade 03", "25% n=12", "25% n=12"]
    # the district: A's 14 and B's 25 of 179, and E's 3 of 12: 42 of 191 = 22.0%
    assert tables.row("subgroups", "All students")[1:3] == ["25% n=12", "22% n=191"]
    # E's Black and White students (none) are withheld, so its Hispanic 12 is too: else the
    # groups left hidden would add up to 0
    assert tables.row("subgroups", "Black or African American")[1] == "*"
    assert tables.row("subgroups", "Hispanic or Latino")[1] == "*"
    assert tables.row("subgroups", "Female")[1] == "*"  # 7
    assert "On track and freshman on track: grades 9–12 only." in html


def _add_to_district(con, grade, category, subgroup, students, absent):
    con.execute(
        "update marts.fct_on_track_summary set n = n + ?, chronic_absence_eligible = "
        "chronic_absence_eligible + ?, chronically_absent_count = chronically_absent_count + ? "
        "where reporting_level = 'district' and grade_level = ? and subgroup_category = ? "
        "and subgroup = ?",
        [students, students, absent, grade, category, subgroup],
    )


def test_a_figure_about_a_small_group_is_withheld_and_a_missing_one_is_not_available():
    # per-teacher figures of 7 teachers withheld, of 12 shown; a figure the mart leaves null
    # (retention in the last year of data: no next year yet) shows "–", not the marker
    cells = gated_cells([0.5, 0.25, None], [7, 12, 0], minimum_n=10)
    assert [cell["text"] for cell in cells] == ["*", None, "–"]
    assert [cell["reason"] for cell in cells] == ["primary", None, "not_available"]
    assert cells[1]["value"] == 0.25


def test_a_figure_at_exactly_the_minimum_is_shown_and_bad_group_sizes_are_refused():
    # 10 teachers at minimum_n 10: shown; 9: withheld
    cells = gated_cells([0.5, 0.4], [10, 9], minimum_n=10)
    assert [cell["reason"] for cell in cells] == [None, "primary"]
    with pytest.raises(ValueError, match="one group size per value"):
        gated_cells([0.5, 0.4], [10], minimum_n=10)  # a figure with no group size
    with pytest.raises(ValueError, match="each a count"):
        gated_cells([0.5], [-3], minimum_n=10)


def test_a_chart_draws_no_bar_for_a_withheld_cell():
    svg = bars("On track", [("12", [(None, "*"), (0.89, "89%")])], maximum=1)
    widths = re.findall(r'<rect x="150" y="\d+" width="([\d.]+)" height="11"', svg)
    assert widths == ["0.0", "222.5"]  # withheld: nothing drawn; 0.89 of the 250-pixel bar
    assert ">*</text>" in svg and ">89%</text>" in svg


def test_a_measure_is_published_for_the_grades_the_district_judges_it_in(packet_con):
    # the district's freshmen are all in grade 9 (its grades 10-12 judge none): no zero cells of
    # grades 10-12 withheld as "*", which a grade list would otherwise have to say
    tables = outcome_tables(packet_con, YEAR, MINIMUM_N)
    assert set(tables.cells("freshman_on_track").by_grade) == {"09", "all"}
    assert set(tables.cells("on_track").by_grade) == {"09", "10", "11", "12", "all"}
    assert GRADE_ORDER[:3] == ["PK", "KG", "01"] and GRADE_ORDER[-1] == "all"  # the contract's
