"""The packet's front page on the hand-made warehouse of packet_front_warehouse.py: key figures
suppressed like every other cell, headline findings chosen by the seed's rule from published
cells only, three distinct marks, and nothing a school's grades do not have.

The district is A + B + E. Worked by hand (rates rounded half up to the band's precision):
  on track 2026: A 45/59 = 76%, district 140/179 = 78%; A 2025 35/50 = 70%: +6 points
  chronic absence 2026: A 14/59 = 24%, district 47/219 = 21.5% (201-1,000: 0.1 percent);
     A 2025 10/50 = 20%: +4; E 8/40 = 20%, E 2025 14/42 = 33%: -13
  graduation (class of 2025): A 40/50 = 80%, district 140/160 = 88%; A 2025 45/52 = 87%: -7
  math 2026: A 18/50 = 36%, E 12/38 = 32%, district 90/188 = 48%
  advanced coursework 2026: A 20/59 = 34%, district 50/179 = 28%; A 2025 17/50 = 34%
  spending per pupil: A $12,346 (12,345.67), district $11,000: 12.2% above; E $10,000, E
     2025 $9,000: +11.1%
Scores against the seed's thresholds (5 points gap, 3 points change, 10% relative), A:
  graduation needs action (8/5 = 1.6 below the district, 7/3 = 2.33 down), math gap 12/5 = 2.4,
  on track change 6/3 = 2.0, chronic absence change 4/3 = 1.33, spending gap 1.22, advanced
  coursework gap 6/5 = 1.2 (sixth: left out), enrollment change 2/57 = 0.35.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from packet_front_warehouse import RULES, build_front_page_warehouse
from packet_html import Tables
from packet_warehouse import YEAR

from expectations.runner import GateResult, MartVerdict
from expectations.snapshot import METRICS
from expectations.spec import GateSettings
from release.packet import write_school_packet
from release.packet_data import gather
from release.packet_headlines import SETTINGS, headline_findings, headline_rules
from release.packet_key_figures import KEY_FIGURES
from release.release_run import publish_release, withheld_key_figure_measures

MINIMUM_N = 10  # the shipped k12_minimum_reporting_n, which the hand-worked cells assume
T = "Teachers who stayed at the school the next year"
GRADUATION_LABEL = "Four-year graduation rate (latest complete cohort)"
SEED = Path(__file__).parents[2] / "dbt_project/seeds/rules/packet_headline_rules.csv"
MEASURES_SEED = SEED.with_name("key_figure_measures.csv")
FAILED = "withheld, because the checks on this data failed"

A_FINDINGS = [
    "Needs action: Four-year graduation rate (latest complete cohort) is 80%, 8 points below the "
    "district (88%) and down 7 points since last year.",
    "Proficient in math is 36%, 12 points below the district (48%).",
    "On track to graduate rose 6 points since last year, to 76%.",
    "Chronically absent rose 4 points since last year, to 24%.",
    "Spending per pupil is $12,346, 12% above the district ($11,000).",
]
E_FINDINGS = [
    "Chronically absent fell 13 points since last year, to 20%.",
    "Proficient in math is 32%, 16 points below the district (48%).",
    "Proficient in English language arts rose 8 points since last year, to 58%.",
    "Spending per pupil rose 11% since last year, to $10,000.",
]


@pytest.fixture(scope="module")
def front_warehouse(tmp_path_factory) -> Path:
    return build_front_page_warehouse(tmp_path_factory.mktemp("front") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def pages(front_warehouse, tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("front_packets")
    with duckdb.connect(str(front_warehouse), read_only=True) as con:
        for school in ("A", "E"):
            write_school_packet(con, folder, school, YEAR, minimum_n=MINIMUM_N)
    return {s: (folder / s / "packet.html").read_text(encoding="utf-8") for s in ("A", "E")}


def findings(html: str) -> list[str]:
    front = html.split('<section id="headlines">')[1].split("</section>")[0]
    return [" ".join(item.split("</li>")[0].split(">", 1)[1].split()) for item in
            front.split("<li")[1:]]  # fmt: skip


def test_the_headline_findings_follow_the_documented_rule(pages):
    # graduation first (needs action), then by score; advanced coursework (1.2) is the sixth
    assert findings(pages["A"]) == A_FINDINGS
    assert 'class="needs_action"' in pages["A"]
    # E passes four thresholds: chronic absence 13/3 = 4.33, math 16/5 = 3.2, English 8/3 =
    # 2.67, spending 1,000/9,000 = 11.1% of 10% = 1.11; enrollment 4/44 = 9.1% does not
    assert findings(pages["E"]) == E_FINDINGS


def test_key_figures_show_this_year_last_year_the_change_and_the_district(pages):
    front = Tables(pages["A"])
    columns = [1, 2, 3, 5]  # this year, last year, change, district (4 is the sparkline)
    expected = {
        "Enrollment on census day": ["59", "57", "+2", "219"],
        "On track to graduate": ["76%", "70%", "+6 pts", "78%"],
        "Freshmen on track": ["80%", "*", "–", "82%"],  # 2025: 6 of 8, withheld
        "Chronically absent": ["24%", "20%", "+4 pts", "21.5%"],
        f"{GRADUATION_LABEL} 2024–25": ["80%", "87%", "−7 pts", "88%"],  # the class of 2025
        "Students in advanced coursework": ["34%", "34%", "±0 pts", "28%"],
        "Teachers in their first years": ["*", "–", "–", "32%"],  # 7 teachers; district 8/25
        T: ["not yet known", "83%", "–", "not yet known"],  # 10 of 12
        "Spending per pupil": ["$12,346", "$11,800", "+$546", "$11,000"],
        "Budget spent to date": ["62%", "–", "–", "62%"],
    }
    for label, cells in expected.items():
        assert [front.row("key-figures", label)[c] for c in columns] == cells, label
    # the front page's on track is the detail page's cell, suppressed once for both
    assert front.row("subgroups", "All students")[1] == "76% n=59"


def test_a_sparkline_is_drawn_where_three_years_are_shown(pages):
    rows = {
        row.split("</td>")[0].split("<td>")[-1]: row
        for row in pages["A"].split('<section id="key-figures">')[1].split("<tr>")[2:]
    }
    assert '<svg role="img" class="spark"' in rows["On track to graduate"]  # 2023-2026
    assert (
        "<title>On track to graduate: 2023: 76%, 2024: 74%, 2025: 70%, 2026: 76%</title>"
        in (rows["On track to graduate"])
    )  # 38/50, 40/54, 35/50, 45/59
    assert "<svg" not in rows["Freshmen on track"]  # two years
    assert "<svg" not in rows[T]  # 2024 and 2025 only: 9/11, 10/12


def test_an_elementary_front_page_has_only_what_its_grades_have(pages):
    labels = [row[0] for row in Tables(pages["E"]).sections["key-figures"][1:]]
    assert labels == [
        "Enrollment on census day",
        "Chronically absent",
        "Proficient in math",
        "Proficient in English language arts",
        "Teachers in their first years",
        T,
        "Spending per pupil",
        "Budget spent to date",
    ]
    html = pages["E"]
    assert "On track to graduate, by grade" not in html  # no empty chart
    assert "On track" not in Tables(html).sections["subgroups"][0][1]
    assert "fct_" not in html and "Not available" not in html


def test_three_marks_are_distinct_and_each_is_explained(pages):
    e = Tables(pages["E"])
    assert e.row("key-figures", "Budget spent to date")[1] == "not sent"  # no budget extract
    assert e.row("key-figures", T)[1:3] == ["not yet known", "*"]  # 5 of 6
    assert e.row("key-figures", "Teachers in their first years")[1] == "*"  # 6 teachers
    notes = " ".join(pages["E"].split('id="marks">')[1].split("</p>")[0].split())
    assert "<b>*</b> withheld for privacy" in notes
    assert "<b><i>not yet known</i></b>: the figure exists only once the year is over" in notes
    assert "<b><i>not sent</i></b>: the district has not sent the data" in notes


def test_fewer_findings_over_their_thresholds_are_filled_in_by_the_largest(front_warehouse):
    # GIVEN thresholds of 100 points and 100%: nothing passes, so the three largest differences
    # fill in: spending 1,345.67/11,000 = 0.122, math 0.12, graduation's gap 0.08
    with duckdb.connect(str(front_warehouse), read_only=True) as con:
        figures = gather(con, "A", YEAR, minimum_n=MINIMUM_N)["front"]["figures"]
    rules = {**RULES, "rate_gap_points": 1, "rate_change_points": 1}
    rules |= {"relative_gap": 1, "relative_change": 1}
    assert [f.text for f in headline_findings(figures, rules)] == [
        A_FINDINGS[4],
        A_FINDINGS[1],
        "Four-year graduation rate (latest complete cohort) is 80%, 8 points "
        "below the district (88%).",
    ]


def test_the_rule_lives_in_the_seed_and_a_missing_setting_is_refused(front_warehouse, tmp_path):
    shipped = pd.read_csv(SEED)
    assert dict(zip(shipped["setting"], shipped["value"], strict=True)) == RULES
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    with duckdb.connect(str(path)) as con:
        assert headline_rules(con) == {name: float(RULES[name]) for name in SETTINGS}
        con.execute("delete from seeds.packet_headline_rules where setting = 'relative_gap'")
        with pytest.raises(LookupError, match=r"lacks the settings \['relative_gap'\]"):
            headline_rules(con)


def test_a_key_figure_of_an_unknown_unit_is_refused(front_warehouse, tmp_path):
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    with duckdb.connect(str(path)) as con:
        con.execute(
            f"update {KEY_FIGURES} set unit = 'ratio' where measure = 'budget_spent_to_date'"
        )
        with pytest.raises(ValueError, match="'budget_spent_to_date' has the unknown unit 'ratio'"):
            gather(con, "A", YEAR, minimum_n=MINIMUM_N)


def test_the_key_figures_withheld_by_the_gate_say_so(front_warehouse, tmp_path):
    with duckdb.connect(str(front_warehouse), read_only=True) as con:
        write_school_packet(
            con, tmp_path, "A", YEAR, minimum_n=MINIMUM_N,
            withheld_marts={KEY_FIGURES: "fct_school_key_figures failed its checks"},
        )  # fmt: skip
    html = " ".join((tmp_path / "A" / "packet.html").read_text(encoding="utf-8").split())
    assert "The key figures: withheld, because the checks on this data failed" in html
    assert "What stands out" not in html
    assert Tables(html).row("subgroups", "All students")[1] == "76% n=59"  # the rest goes out


def test_a_figure_the_exports_have_no_cell_of_is_not_shown(front_warehouse, tmp_path):
    # GIVEN E's English of 2026 is missing from fct_assessment_proficiency (the district is then
    # A + B: 92/150): the exports have no cell of E, so its front page shows none, rather than a
    # figure suppressed on its own that could undo theirs
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    with duckdb.connect(str(path)) as con:
        where = "school_year = 2026 and assessment_subject = 'ela'"
        con.execute(
            f"delete from marts.fct_assessment_proficiency where {where} and school_id = 'E'"
        )
        con.execute(
            "update marts.fct_assessment_proficiency set students_enrolled = 150, "
            "students_tested = 150, students_scored = 150, students_proficient = 92 "
            f"where {where} and reporting_level = 'district'"
        )
        front = gather(con, "E", YEAR, minimum_n=MINIMUM_N)["front"]
    english = {f.measure: f for f in front["figures"]}["proficiency_ela"]
    assert (english.this_year["text"], english.last_year["text"]) == ("–", "50%")
    assert [f.text for f in front["findings"]] == [E_FINDINGS[0], E_FINDINGS[1], E_FINDINGS[3]]


def _gate(**failed_models: tuple[str, ...]) -> GateResult:
    """A gate that passed, withholding each mart named with the models whose tests failed."""
    settings = GateSettings(today=date(2026, 3, 16), early_warning_lowest_grade=6)
    marts = {
        m: MartVerdict(False, f"withheld: checks failed; {m}", f) for m, f in failed_models.items()
    }
    return GateResult(YEAR, "2026-03-15", settings, (), marts=marts)


def _published_page(front_warehouse, tmp_path, gate: GateResult) -> str:
    """School A's packet.html of a release of the front warehouse, with the shipped seed."""
    path = tmp_path / "w.duckdb"
    path.write_bytes(front_warehouse.read_bytes())
    measures = pd.read_csv(MEASURES_SEED)  # noqa: F841 (read by DuckDB by name)
    with duckdb.connect(str(path)) as con:
        con.execute("create table seeds.key_figure_measures as select * from measures")
        published = publish_release(
            con, tmp_path / "releases", tmp_path / "staging", gate,
            pd.DataFrame(columns=["school_id", *METRICS]), minimum_n=MINIMUM_N, run_id="run-1",
        )  # fmt: skip
    return " ".join((published.path / "A" / "packet.html").read_text(encoding="utf-8").split())


def test_a_failed_finance_mart_withholds_only_its_key_figures(front_warehouse, tmp_path):
    # GIVEN spending failed its checks, which withholds the key figures built on it too
    spending = ("fct_school_spending",)
    gate = _gate(fct_school_spending=spending, fct_school_key_figures=spending)
    html = _published_page(front_warehouse, tmp_path, gate)
    front = Tables(html)
    # THEN the front page is shown, spending per pupil marked in every column it has a cell
    assert front.row("key-figures", "Enrollment on census day")[1:4] == ["59", "57", "+2"]
    assert front.row("key-figures", "Budget spent to date")[1] == "62%"
    spending_row = ["Spending per pupil", FAILED, FAILED, "–", "", FAILED]
    assert front.row("key-figures", "Spending per pupil") == spending_row  # no change, no line
    # AND no finding is about spending: advanced coursework (gap 6/5 = 1.2) comes in fifth
    assert findings(html) == [
        *A_FINDINGS[:4],
        "Students in advanced coursework is 34%, 6 points above the district (28%).",
    ]
    assert "Spending: withheld, because the checks on this data failed" in html


@pytest.mark.parametrize(
    "key_figures_failed",
    [("fct_school_key_figures", "fct_school_spending"), ("int_key_figures_of_students",)],
)
def test_a_failure_the_finance_marts_do_not_explain_withholds_the_front_page(
    front_warehouse, tmp_path, key_figures_failed
):
    spending = ("fct_school_spending",)
    gate = _gate(fct_school_spending=spending, fct_school_key_figures=key_figures_failed)
    html = _published_page(front_warehouse, tmp_path, gate)
    assert "The key figures: withheld, because the checks on this data failed" in html
    assert "What stands out" not in html and "Enrollment on census day" not in html


def test_which_key_figures_a_gate_withholds():
    sources = {"enrollment": "fct_school_profile", "per_pupil_spending": "fct_school_spending"}
    sources |= {"budget_spent_to_date": "fct_school_budget"}
    ledger = ("int_gl_actuals_classified",)
    explained = _gate(fct_school_spending=ledger, fct_school_budget=ledger,
                      fct_school_key_figures=ledger)  # fmt: skip
    assert withheld_key_figure_measures(explained, sources) == {
        "per_pupil_spending", "budget_spent_to_date"
    }  # fmt: skip
    assert withheld_key_figure_measures(_gate(fct_school_spending=ledger), sources) == set()
    # an older gate result (no failed models) or warehouse (no source_mart) says nothing
    assert withheld_key_figure_measures(explained, None) is None
    unknown = _gate(fct_school_spending=ledger, fct_school_key_figures=())
    assert withheld_key_figure_measures(unknown, sources) is None


def test_each_measure_names_a_mart_the_key_figures_read():
    models = Path(__file__).parents[2] / "dbt_project/models/intermediate"
    sql = " ".join(path.read_text() for path in models.glob("int_key_figures_of_*.sql"))
    refs = set(re.findall(r"ref\('(fct_\w+)'\)", sql))
    sources = pd.read_csv(MEASURES_SEED).set_index("measure")["source_mart"]
    assert set(sources) == refs  # every mart read names a measure, and only those
    assert sources["per_pupil_spending"] == "fct_school_spending"
    assert sources["proficiency_math"] == "fct_assessment_proficiency"
