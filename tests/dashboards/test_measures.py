"""The dashboard's worked-out figures, on a hand-made export folder: weighted by the published
denominators, withheld cells left out, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboards.exports import ExportVersion
from dashboards.measures import (
    chronic_absence_by_school_level,
    course_access_representation,
    spending_and_inexperience_by_quartile,
)


def _write(folder: Path, mart: str, sql: str) -> None:
    target = folder / mart / "school_year=2026"
    target.mkdir(parents=True)
    duckdb.sql(f"copy ({sql}) to '{target / 'part-0.parquet'}' (format parquet)")


@pytest.fixture
def version(tmp_path) -> ExportVersion:
    marts = {
        # S1, S2 and S3 are in poverty quartile 4, S4 in quartile 1
        "fct_school_profile": """select * from (values
            (2026, 'school', 'S1', 4), (2026, 'school', 'S2', 4), (2026, 'school', 'S3', 4),
            (2026, 'school', 'S4', 1), (2026, 'district', null, null)
        ) t(school_year, reporting_level, school_id, poverty_quartile)""",
        # S3's 8 students withhold its figures
        "fct_school_spending": """select * from (values
            ('S1', 100, 10000.00::decimal(18, 2)), ('S2', 50, 13000.00::decimal(18, 2)),
            ('S3', null, null), ('S4', 200, 9000.00::decimal(18, 2))
        ) t(school_id, census_enrollment, per_pupil_expenditure)""",
        # S2's 5 teachers withhold its share
        "fct_school_staffing": """select * from (values
            ('S1', 10.0, 0.2), ('S2', 5.0, null), ('S3', 20.0, 0.5), ('S4', 4.0, 0.25)
        ) t(school_id, teacher_fte, inexperienced_teacher_share)""",
        "fct_course_access": """select * from (values
            ('district', null, 'all_students', 'all_students', 200, 0.25, ''),
            ('district', null, 'race_ethnicity', 'black', 40, 0.10, ''),
            ('district', null, 'race_ethnicity', 'asian', 30, 0.9, 'top_coded'),
            ('district', null, 'race_ethnicity', 'white', null, null, 'complementary')
        ) t(reporting_level, school_id, subgroup_category, subgroup, students,
            advanced_course_rate, advanced_course_rate_suppression)""",
        "fct_on_track_summary": """select * from (values
            ('school', 'S1', 'elementary', 'all', 'all_students', 'all_students', 100, 0.10),
            ('school', 'S2', 'elementary', 'all', 'all_students', 'all_students', 300, 0.30),
            ('school', 'S3', 'elementary', 'all', 'all_students', 'all_students', null, null),
            ('school', 'S4', 'high', 'all', 'all_students', 'all_students', 50, 0.40),
            ('school', 'S4', 'high', '09', 'all_students', 'all_students', 20, 0.90)
        ) t(reporting_level, school_id, school_level, grade_level, subgroup_category, subgroup,
            chronic_absence_eligible, chronic_absence_rate)""",
    }
    for mart, sql in marts.items():
        _write(tmp_path, mart, sql)
    catalog = {"release_id": "r", "as_of_date": "2026-03-15", "school_year": 2026, "marts": marts}
    (tmp_path / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    return ExportVersion.open(tmp_path)


def test_quartile_figures_are_weighted_by_published_denominators(version):
    frame = spending_and_inexperience_by_quartile(version).set_index("poverty_quartile")
    # quartile 4: (10,000 x 100 + 13,000 x 50) / 150 = 11,000, S3 withheld and left out
    assert frame.loc[4, "per_pupil_expenditure"] == pytest.approx(11000)
    # quartile 4: (0.2 x 10 + 0.5 x 20) / 30 FTE = 0.4, S2 withheld and left out
    assert frame.loc[4, "inexperienced_teacher_share"] == pytest.approx(0.4)
    assert frame.loc[1].tolist() == pytest.approx([2026, 9000, 0.25])


def test_representation_needs_two_shown_rates(version):
    frame = course_access_representation(version, None).set_index("subgroup")
    assert frame.loc["black", "representation_index"] == pytest.approx(0.4)  # 0.10 / 0.25
    assert frame.loc["all_students", "representation_index"] == pytest.approx(1)
    assert frame[["representation_index"]].loc[["asian", "white"]].isna().all().all()  # coded


def test_chronic_absence_by_level_is_weighted_by_students_judged(version):
    frame = chronic_absence_by_school_level(version).set_index("school_level")
    # elementary: (0.10 x 100 + 0.30 x 300) / 400 = 0.25, S3 withheld; grade rows not counted
    assert frame.loc["elementary", "chronic_absence_rate"] == pytest.approx(0.25)
    assert frame.loc["elementary", "schools"] == 2
    assert frame.loc["high", "chronic_absence_rate"] == pytest.approx(0.40)


def test_a_mart_the_catalog_does_not_list_reads_as_empty(version):
    assert version.read("fct_educator_equity").empty
