"""The demo-district generator writes contract-conforming, deterministic, realistic exports."""

import hashlib
from pathlib import Path

import duckdb
import pytest
import yaml

from demo_district import generate_district

CONTRACT = yaml.safe_load(
    (Path(__file__).parents[2] / "ingestion" / "contract" / "v1.yml").read_text()
)
EXTRACTS = [
    (system, name, spec)
    for system, extracts in CONTRACT["systems"].items()
    for name, spec in extracts.items()
]


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.csv"))
    }


def _read(path: Path):
    con = duckdb.connect()
    return con.execute(f"select * from read_csv('{path}', all_varchar=true, header=true)").df()


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "landing"
    summary = generate_district(out, students=3000, years=2, seed=11)
    return out, summary


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = generate_district(tmp_path / "a", students=400, years=2, seed=5, chunk_size=150)
    generate_district(tmp_path / "b", students=400, years=2, seed=5, chunk_size=150)
    generate_district(tmp_path / "c", students=400, years=2, seed=6, chunk_size=150)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    assert a.planted == [] and a.planted_rejects == {}


def test_every_extract_and_year_is_written_with_the_contract_columns(district):
    out, summary = district
    for system, name, spec in EXTRACTS:
        for year in (2025, 2026):
            rel = f"{system}/{name}/{year}.csv"
            assert rel in summary.files, rel
            header = (out / rel).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
            # a column the contract lets a file leave out (gl_actuals' record_type, ...) may be
            # absent; every other column is there, in the contract's order
            expected = [
                column
                for column, rule in spec["columns"].items()
                if column in header or not rule.get("may_be_absent")
            ]
            assert header == expected, rel
            assert summary.files[rel] > 0, rel
    assert summary.bytes_written == sum(p.stat().st_size for p in out.rglob("*.csv"))


def test_keys_unique_codes_valid_required_present(district):
    out, summary = district
    for system, name, spec in EXTRACTS:
        for year in (2025, 2026):
            frame = _read(out / f"{system}/{name}/{year}.csv")
            assert len(frame) == summary.files[f"{system}/{name}/{year}.csv"]
            if spec["primary_key"]:
                assert not frame.duplicated(spec["primary_key"]).any(), (name, year)
            for column, rule in spec["columns"].items():
                if rule.get("may_be_absent") and column not in frame:
                    continue
                values = frame[column].dropna()
                if rule.get("required"):
                    assert frame[column].notna().all(), (name, column)
                if rule["type"] == "code":
                    allowed = set(CONTRACT["code_sets"][rule["code_set"]])
                    assert set(values) <= allowed, (name, column, set(values) - allowed)
                if rule["type"] == "flag":
                    assert set(values) <= {"Y", "N"}, (name, column)
                if rule["type"] == "date":
                    assert values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), (name, column)
                if rule["type"] in ("decimal", "integer"):
                    numbers = values.astype(float)
                    if "min" in rule:
                        assert (numbers >= rule["min"]).all(), (name, column)
                    if "max" in rule:
                        assert (numbers <= rule["max"]).all(), (name, column)


def test_tiny_district_still_has_every_grade(tmp_path):
    summary = generate_district(tmp_path / "t", students=300, years=1, seed=3)
    enrollments = _read(tmp_path / "t" / "sis/enrollments/2026.csv")
    schools = _read(tmp_path / "t" / "sis/schools/2026.csv")
    assert set(schools.school_level) >= {"elementary", "middle", "high"}
    assert len(set(enrollments.grade_level)) == 13
    assert summary.schools >= 3


def _scalar(sql: str, out: Path) -> list:
    con = duckdb.connect()
    con.execute(f"set file_search_path = '{out}'")
    return con.execute(sql).fetchall()


def test_realistic_shape(district):
    out, _ = district
    y = 2026
    ed = _scalar(
        f"""
        with s as (select student_id, economically_disadvantaged ed from 'sis/students/{y}.csv'),
        e as (select distinct student_id, school_id from 'sis/enrollments/{y}.csv')
        select school_id, avg((ed = 'Y')::int) ed_share, count(*) n from e join s using (student_id)
        group by 1 having n >= 100 order by ed_share""",
        out,
    )
    assert ed[-1][1] - ed[0][1] >= 0.30

    students = _scalar(f"select count(*) from 'sis/students/{y}.csv'", out)[0][0]
    spend = _scalar(f"select sum(amount::double) from 'finance/gl_actuals/{y}.csv'", out)[0][0]
    assert 12_000 <= spend / students <= 20_000

    novice = _scalar(
        f"""
        with pov as (
            select e.school_id, avg((s.economically_disadvantaged = 'Y')::int) p
            from 'sis/enrollments/{y}.csv' e join 'sis/students/{y}.csv' s using (student_id)
            group by 1),
        t as (select a.location_id school_id, st.prior_experience_years::double
                  + (date '{y - 1}-07-01' - st.hire_date::date) / 365.25 experience
              from 'hr/staff_assignments/{y}.csv' a join 'hr/staff/{y}.csv' st using (staff_id)
              where a.job_category = 'teacher')
        , ranked as (select *, p >= median(p) over () high_poverty
                     from t join pov using (school_id))
        select high_poverty, avg((experience <= 2)::int) from ranked group by 1 order by 1""",
        out,
    )
    assert novice[1][1] > novice[0][1]

    chronic = _scalar(
        f"""
        with days as (
            select e.student_id, e.school_id, count(*) enrolled
            from 'sis/enrollments/{y}.csv' e join 'sis/calendar/{y}.csv' c
              on c.school_id = e.school_id and c.date between e.entry_date and e.exit_date
             and c.is_instructional_day = 'Y' group by all),
        missed as (select student_id, school_id, sum(day_fraction_absent::double) missed
                   from 'sis/attendance/{y}.csv' group by all),
        pov as (select e.school_id, avg((s.economically_disadvantaged = 'Y')::int) p
                from 'sis/enrollments/{y}.csv' e join 'sis/students/{y}.csv' s using (student_id)
                group by 1)
        select school_id, p, avg((coalesce(missed, 0) / enrolled >= 0.1)::int) chronic
        from days left join missed using (student_id, school_id) join pov using (school_id)
        where enrolled >= 20 group by all order by p""",
        out,
    )
    assert chronic[-1][2] > chronic[0][2]
    assert min(r[2] for r in chronic) >= 0.05 and max(r[2] for r in chronic) <= 0.5

    missing = _scalar(f"select count(*) - count(birth_date) from 'hr/staff/{y}.csv'", out)
    assert missing[0][0] == 0

    exits = dict(
        _scalar(f"select exit_code, count(*) from 'sis/enrollments/{y}.csv' group by 1", out)
    )
    assert exits["graduated"] > 50 and exits["dropout"] > 0 and exits["promoted"] > 1000
    assert exits["transfer_in_district"] > 0 and exits["transfer_out_documented"] > 0


def test_marks_point_at_teachers_of_that_school_and_subject(district):
    out, _ = district
    bad = _scalar(
        """
        select count(*) from 'sis/course_marks/2026.csv' m
        join 'sis/courses/2026.csv' c using (course_code)
        left join 'hr/staff_assignments/2026.csv' a
          on a.staff_id = m.teacher_staff_id and a.location_id = m.school_id
         and a.subject_area = c.subject_area and a.job_category = 'teacher'
        where a.staff_id is null""",
        out,
    )[0][0]
    assert bad == 0


def test_messy_plants_exactly_what_the_summary_says(tmp_path):
    out = tmp_path / "landing"
    summary = generate_district(out, students=600, years=2, seed=7, messy=True)
    assert len(summary.planted) >= 7
    staff = (out / "hr/staff/2026.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        staff.decode("utf-8")
    assert "O\u2019Brien" in staff.decode("cp1252")
    assert summary.planted_rejects == {"sis/attendance": 5}
    assert summary.planted_rejects_by_file == {
        "sis/attendance/2025.csv": 3,
        "sis/attendance/2026.csv": 2,
    }
    first = (out / "sis/attendance/2025.csv").read_text().splitlines()
    assert len(first) - 1 == summary.files["sis/attendance/2025.csv"]
    assert len(first) - len(set(first)) == 3
    last = (out / "sis/attendance/2026.csv").read_text()
    assert "2025-13-45" in last and ",1.5\n" in last
    assert "ABSENT_EXCUSED" in first[0] + "\n".join(first) or "TARDY" in "\n".join(first)
    assert "Hispanic" in (out / "sis/students/2025.csv").read_text()
    assert (out / "finance/budget/2025.csv").read_text().split("\n")[0].endswith(",entered_by")
    late = summary.late_arrivals[0]
    assert late == tmp_path / "landing_late_arrivals" / "sis/enrollments/2026.csv"
    landed = (out / "sis/enrollments/2026.csv").read_text().splitlines()
    fixed = late.read_text(encoding="utf-8").splitlines()
    assert (
        len(landed) == len(fixed) and sum(a != b for a, b in zip(landed, fixed, strict=True)) == 5
    )


def test_k12_generate_writes_the_school_years_it_is_asked_for(tmp_path):
    # --last-school-year 2022 with --years 2 writes school years 2021 and 2022 (2020-21 and
    # 2021-22): every extract's year files are named so, and the calendar's dates fall in
    # July 1, 2020 - June 30, 2022. Without the option, the generator's latest year stays 2026.
    from click.testing import CliRunner

    from orchestration.cli import main

    out = tmp_path / "landing"
    result = CliRunner().invoke(
        main,
        ["generate", "--students", "300", "--years", "2", "--last-school-year", "2022"]
        + ["--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    years = {path.stem for path in out.rglob("*.csv")}
    assert years == {"2021", "2022"}
    dates = duckdb.sql(
        f"select min(date), max(date) from read_csv('{out}/sis/calendar/*.csv', header=true)"
    ).fetchone()
    assert str(dates[0]) >= "2020-07-01" and str(dates[1]) <= "2022-06-30"
    assert str(dates[1]) >= "2022-05-01"  # the 2022 calendar reaches its spring

    refused = CliRunner().invoke(
        main, ["generate", "--last-school-year", "1850", "--out", str(tmp_path / "x")]
    )
    assert refused.exit_code != 0 and "1850" in refused.output
