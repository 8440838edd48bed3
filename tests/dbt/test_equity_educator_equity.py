"""GIVEN the equity fixture district (fixtures/equity, story in its README.md), loaded by ingestion
WHEN `dbt build` runs every model, unit test and data test
THEN fct_educator_equity holds the 2025 numbers worked out by hand below.

2025 groups (fct_school_profile quartiles, 4 ranked schools): poverty high = 0101 Alder, low =
0102 Birch (both elementary: no course marks, so no students); minority high = 0901 Delta High,
low = 0902 Elm High.

2025 census-day teachers; years = prior + district years completed before 2025:
  0101 (4.0 FTE): T01 0 years, provisional certificate only; T02 1 year, rated 1; T03 19 years;
                  T13 5 years. No subjects, so nothing is judged out of field.
  0102 (3.0 FTE): T04 19 years, rated 4; T05 exactly 2 years (inexperienced at the default
                  k12_inexperienced_max_years 2); T06 3 years (not).
  0901 (2.5 FTE): T07 english 12 years; T08 3 years, math-certified teaching science (out of
                  field), rated 1; T09 math 0.5 FTE (the other 0.5 at 0902).
  0902 (2.5 FTE): T09 math 0.5; T10 english 18 years; T11 science on an emergency science
                  certificate (in field, provisionally certified), 4 prior years, rated 4.
Students (marks from those teachers): 0901 has 12, all with ENG9 (T07) and ALG1 (T09); two of
them also take APBIO (science) from T08. 0902 has 8 with ENG9 (T10) and ALG1 (T09); four have a
mark from T11 (APBIO A, DECOMP A, DECOMP F, APBIO W: a withdrawal still counts as taught).
T11's DECOMP is an English course; T11 has no English assignment, so it is not judged out of
field (out of field is matched on the assignment's subject).
"""

import duckdb
import pytest


@pytest.fixture(scope="module")
def rows(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    result = connection.sql(
        "select measure || '@' || comparison, "
        "high_quartile_school_count, low_quartile_school_count, "
        "high_quartile_teacher_fte, low_quartile_teacher_fte, "
        "high_quartile_teacher_share, low_quartile_teacher_share, teacher_share_gap, "
        "high_quartile_students, low_quartile_students, "
        "high_quartile_measure_students, low_quartile_measure_students, "
        "high_quartile_student_share, low_quartile_student_share, student_share_gap "
        "from marts.fct_educator_equity where school_year = 2025"
    ).fetchall()
    connection.close()
    return {row[0]: row[1:] for row in result}


def test_every_year_has_the_eight_rows(equity_warehouse):
    connection = duckdb.connect(str(equity_warehouse), read_only=True)
    per_year = connection.sql(
        "select school_year, count(*) from marts.fct_educator_equity group by 1 order by 1"
    ).fetchall()
    connection.close()
    assert per_year == [(2023, 8), (2024, 8), (2025, 8)]


def test_poverty_groups_compare_teacher_fte_and_have_no_students(rows):
    # 0101: inexperienced T01 + T02 = 2 of 4 FTE; 0102: T05 = 1 of 3. Gap 1/2 - 1/3 = 1/6.
    inexperienced = rows["inexperienced@poverty"]
    assert inexperienced[:4] == (1, 1, 4, 3)
    assert inexperienced[4:6] == pytest.approx((0.5, 1 / 3))
    assert inexperienced[6] == pytest.approx(1 / 6)
    # Provisional T01 and ineffective T02: 1 of 4 at 0101, none at 0102.
    for measure in ("provisional_certified", "ineffective"):
        assert rows[f"{measure}@poverty"][4:7] == pytest.approx((0.25, 0, 0.25))
    assert rows["out_of_field@poverty"][4:7] == (0, 0, 0)
    # Elementary schools export no course marks: no students, null student shares and gaps.
    for measure in ("inexperienced", "out_of_field", "provisional_certified", "ineffective"):
        assert rows[f"{measure}@poverty"][7:] == (0, 0, 0, 0, None, None, None)


def test_minority_groups_split_t09_and_match_out_of_field_on_the_subject(rows):
    # T09 counts 0.5 in each group: 2.5 FTE at 0901 and at 0902.
    # T08 (out of field, ineffective): 1 of 2.5 at 0901 -> 0.4; none at 0902.
    # T08's two APBIO students of 0901's 12 -> 1/6; none of 0902's 8.
    for measure in ("out_of_field", "ineffective"):
        row = rows[f"{measure}@minority"]
        assert row[:4] == (1, 1, 2.5, 2.5)
        assert row[4:7] == pytest.approx((0.4, 0, 0.4))
        assert row[7:11] == (12, 8, 2, 0)
        assert row[11:] == pytest.approx((1 / 6, 0, 1 / 6))
    # T11 (provisional): 1 of 2.5 at 0902 -> -0.4; T11's 4 students of 0902's 8 -> -0.5.
    provisional = rows["provisional_certified@minority"]
    assert provisional[4:7] == pytest.approx((0, 0.4, -0.4))
    assert provisional[7:] == pytest.approx((12, 8, 0, 4, 0, 0.5, -0.5))
    # Nobody at the high schools is inexperienced in 2025 (T08 has 3 years, T11 4).
    assert rows["inexperienced@minority"][4:] == (0, 0, 0, 12, 8, 0, 0, 0, 0, 0)
