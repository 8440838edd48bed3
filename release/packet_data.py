"""The numbers of one school's packet, against the district's, every cell suppressed.

`gather(con, school_id, school_year)` reads a built warehouse (a read-only DuckDB connection) and
returns plain dicts for the template. Student counts and rates go through `release.cells` (small
counts withheld, complementary suppression across grades and subgroups, rates coded near 0% and
100%); figures about a group (per pupil, per teacher) are withheld when the group is smaller than
`minimum_n`. A section whose mart is not built yet, or has no row for the school, is
{"available": False}; one whose mart failed its checks (`withheld_marts`, from the gate) is
{"available": False, "withheld": reason}. The front page (`front`) is the school's key figures
(`release.packet_key_figures`) and its headline findings (`release.packet_headlines`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import duckdb
import pandas as pd

from release.cells import count_cell, gated_cells, not_available
from release.outcome_tables import OutcomeTables, outcome_tables
from release.packet_headlines import front_page
from release.packet_key_figures import KEY_FIGURES, KeyFigureTables
from release.packet_outcomes import NOT_AVAILABLE, course_access, on_track
from release.sources import available, query, require

SHARE_LABELS = {  # census-day shares of enrollment, suppressed with the release's outcomes
    "Economically disadvantaged": "economically_disadvantaged_share",
    "English learners": "english_learner_share",
    "Students with disabilities": "students_with_disabilities_share",
    "Students of color": "students_of_color_share",
}
TEACHER_SHARES = (
    "inexperienced_teacher_share",
    "out_of_field_teacher_share",
    "provisionally_certified_teacher_share",
    "ineffective_teacher_share",
    "teachers_stayed_share",
)


def gather(
    con: duckdb.DuckDBPyConnection,
    school_id: str,
    school_year: int,
    *,
    minimum_n: int,
    outcomes: OutcomeTables | None = None,
    key_figures: KeyFigureTables | None = None,
    withheld_marts: Mapping[str, str] | None = None,
) -> dict:
    """`outcomes` and `key_figures`: the release's suppressed cells (`release.outcome_tables`,
        `release.packet_key_figures`), shared by every packet of the release; computed here when not
        given. `withheld_marts`: mart (model or relation name) -> why the gate withholds it (its dbt
    checks failed: `GateResult.withheld_marts`)."""
    present = available(con)
    require(present, "marts.dim_school", "marts.dim_school_year")
    school = _school_of(query(con, "select * from marts.dim_school", []), school_id)
    year = _one(con, "select * from marts.dim_school_year where school_year = ?", [school_year])
    if school is None or year is None:
        raise LookupError(
            f"no school {school_id!r} or no school year {school_year} in the warehouse"
        )
    if outcomes is None:
        outcomes = outcome_tables(con, school_year, minimum_n)
    args = (con, school_id, school_year, minimum_n)
    sections = {
        "enrollment": ("marts.fct_school_profile", partial(_enrollment, outcomes=outcomes)),
        "on_track": ("marts.fct_on_track_summary", lambda *_: on_track(outcomes, school_id)),
        "course_access": (
            "marts.fct_course_access",
            lambda *_: course_access(con, outcomes, school_id),
        ),
        "staffing": ("marts.fct_school_staffing", _staffing),
        "educator_equity": ("marts.fct_educator_equity", _educator_equity),
        "spending": ("marts.fct_school_spending", _spending),
        "budget": ("marts.fct_school_budget", _budget),
        "front": (KEY_FIGURES, partial(front_page, outcomes=outcomes, key_figures=key_figures)),
    }
    # by model name (the gate's GateResult.withheld_marts) or by relation
    withheld = {name.split(".")[-1]: reason for name, reason in (withheld_marts or {}).items()}
    data = {
        name: {"available": False, "withheld": withheld[source.split(".")[1]]}
        if source.split(".")[1] in withheld
        else build(*args, present)
        if source in present
        else NOT_AVAILABLE
        for name, (source, build) in sections.items()
    }
    return {
        "school": school,
        "school_year": school_year,
        "as_of_date": _date(year["as_of_date"]),
        "is_year_complete": bool(year["is_complete"]),
        "minimum_n": minimum_n,
        **data,
    }


def _enrollment(con, school_id, school_year, minimum_n, present, outcomes) -> dict:
    rows = query(con, "select * from marts.fct_school_profile where school_year = ?", [school_year])
    own = rows[(rows["reporting_level"] == "school") & (rows["school_id"] == school_id)]
    district = rows[rows["reporting_level"] == "district"]  # the mart's, built in dbt
    if own.empty:
        return NOT_AVAILABLE
    mine = own.iloc[0]
    enrollment = int(mine["census_enrollment"])
    shares = {
        label: {
            level: _all_students(outcomes, measure, level_id)
            for level, level_id in (("school", school_id), ("district", None))
        }
        for label, measure in SHARE_LABELS.items()
    }
    projection = {"available": False}
    if "marts.fct_enrollment_projection" in present:
        projection = _projection(con, school_id, school_year, minimum_n)
    return {
        "available": True,
        "census_date": _date(mine["census_date"]),
        "school": count_cell(enrollment, minimum_n),
        "district": count_cell(
            int(district["census_enrollment"].iloc[0]) if len(district) else None, minimum_n
        ),
        "shares": shares,
        "poverty_quartile": _int_or_none(mine["poverty_quartile"]),
        "minority_quartile": _int_or_none(mine["minority_quartile"]),
        "projection": projection,
    }


def _all_students(outcomes, measure: str, level_id: str | None) -> dict:
    cells = outcomes.cells(measure, level_id)
    return cells.by_grade["all"] if cells else not_available()


def _projection(con, school_id, school_year, minimum_n) -> dict:
    totals = query(
        con,
        "select school_id, sum(projected_enrollment) as projected, "
        "any_value(school_backtest_mape) as mape from marts.fct_enrollment_projection "
        "where base_year = ? and projection_year = ? group by school_id",
        [school_year, school_year + 1],
    )
    own = totals[totals["school_id"] == school_id]
    if own.empty:
        return {"available": False}
    mape = own.iloc[0]["mape"]
    return {
        "available": True,
        "year": school_year + 1,
        "school": count_cell(round(float(own.iloc[0]["projected"])), minimum_n),
        "district": count_cell(round(float(totals["projected"].sum())), minimum_n),
        "backtest_error": None if pd.isna(mape) else f"{float(mape):.1%}",
    }


def _staffing(con, school_id, school_year, minimum_n, present) -> dict:
    rows = query(
        con, "select * from marts.fct_school_staffing where school_year = ?", [school_year]
    )
    own = rows[rows["school_id"] == school_id]
    if own.empty:
        return NOT_AVAILABLE
    mine = own.iloc[0]
    fte = rows["teacher_fte"].astype(float)
    district = {share: _fte_weighted(rows[share], fte) for share in TEACHER_SHARES}
    district_teachers = int(rows["teacher_count"].sum())
    shares = {}
    for share in TEACHER_SHARES:
        group = "teachers_followed" if share == "teachers_stayed_share" else "teacher_count"
        shares[share] = dict(
            zip(
                ["school", "district"],
                gated_cells(
                    [_float_or_none(mine[share]), district[share]],
                    [
                        mine[group],
                        rows[group].sum() if group != "teacher_count" else district_teachers,
                    ],
                    minimum_n,
                ),
                strict=True,
            )
        )
    ratio = gated_cells(
        [
            _float_or_none(mine["students_per_teacher_fte"]),
            float(rows["census_enrollment"].sum()) / fte.sum() if fte.sum() else None,
        ],
        [mine["census_enrollment"], rows["census_enrollment"].sum()],
        minimum_n,
    )
    return {
        "available": True,
        "teacher_fte": float(mine["teacher_fte"]),
        "district_teacher_fte": float(fte.sum()),
        "students_per_teacher": dict(zip(["school", "district"], ratio, strict=True)),
        "shares": shares,
    }


def _fte_weighted(shares: pd.Series, fte: pd.Series) -> float | None:
    """Over the schools whose share is known: a school whose figure is not known yet (retention
    of the current year) neither counts as 0 nor dilutes the others."""
    known = shares.notna()
    weight = fte[known].sum()
    return float((shares[known].astype(float) * fte[known]).sum() / weight) if weight else None


def _educator_equity(con, school_id, school_year, minimum_n, present) -> dict:
    rows = query(
        con,
        "select * from marts.fct_educator_equity where school_year = ? "
        "order by comparison, measure",
        [school_year],
    )
    if rows.empty:
        return NOT_AVAILABLE
    table = []
    for row in rows.to_dict("records"):
        high, low = gated_cells(
            [
                _float_or_none(row["high_quartile_teacher_share"]),
                _float_or_none(row["low_quartile_teacher_share"]),
            ],
            # FTE never exceeds headcount: whole FTE is a lower bound of the teachers in the group
            [int(row["high_quartile_teacher_fte"] or 0), int(row["low_quartile_teacher_fte"] or 0)],
            minimum_n,
        )
        if (high["reason"], low["reason"]) == ("not_available", "not_available"):
            continue  # a comparison with no figure on either side is no row
        table.append(
            {"comparison": row["comparison"], "measure": row["measure"], "high": high, "low": low}
        )
    return {"available": True, "rows": table} if table else NOT_AVAILABLE


def _spending(con, school_id, school_year, minimum_n, present) -> dict:
    mine = _school_row(con, "marts.fct_school_spending", "fiscal_year", school_year, school_id)
    if mine is None:
        return NOT_AVAILABLE
    pupils = mine["census_enrollment"]
    figures = [
        "per_pupil_expenditure",
        "federal_per_pupil_expenditure",
        "state_local_per_pupil_expenditure",
        "per_pupil_ratio_to_district",
    ]
    cells = gated_cells(
        [_float_or_none(mine[f]) for f in figures], [pupils] * len(figures), minimum_n
    )
    return {
        "available": True,
        **dict(zip(figures, cells, strict=True)),
        "district_per_pupil_expenditure": _float_or_none(mine["district_per_pupil_expenditure"]),
    }


def _budget(con, school_id, school_year, minimum_n, present) -> dict:
    mine = _school_row(con, "marts.fct_school_budget", "fiscal_year", school_year, school_id)
    if mine is None:
        return NOT_AVAILABLE
    (per_pupil,) = gated_cells(
        [_float_or_none(mine["budget_per_pupil"])], [mine["census_enrollment"] or 0], minimum_n
    )
    return {
        "available": True,
        "as_of_date": _date(mine["as_of_date"]),
        "revised_budget": float(mine["revised_budget"]),
        "actual_to_date": float(mine["actual_to_date"]),
        "remaining_budget": float(mine["remaining_budget"]),
        "share_spent": _float_or_none(mine["share_spent"]),
        "budget_per_pupil": per_pupil,
    }


def _school_row(con, relation: str, year_column: str, year: int, school_id: str) -> dict | None:
    # relation and year_column come from this module, never from input; every school's rows in
    # one read, which the release shares between packets (release.sources.shared_reads)
    sql = f"select * from {relation} where {year_column} = ?"
    return _school_of(query(con, sql, [year]), school_id)


def _school_of(rows: pd.DataFrame, school_id: str) -> dict | None:
    own = rows[rows["school_id"] == school_id].to_dict("records")
    return own[0] if own else None


def _one(con, sql: str, params: list) -> dict | None:
    rows = query(con, sql, params).to_dict("records")
    return rows[0] if rows else None


def _date(value) -> str:
    return pd.Timestamp(value).date().isoformat()


def _float_or_none(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
