"""Each mart's exported rows, built as a temporary table of a read-only warehouse connection:
suppressed (release.export_outcomes, release.export_rules), with school names and levels joined
wherever there is a `school_id`, and the schools the release's gate withheld left out of the
release year.

    table = build_export(con, "fct_school_spending", context)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from release.cells import rate_cell
from release.export_assessment import ASSESSMENT, assessment_cells, with_mean_scale_score
from release.export_cells import SUPPRESSION, cell_columns, suppression_columns
from release.export_outcomes import (
    OUTCOME_MARTS,
    cohort_graduation_cells,
    outcome_cells,
    outcome_keys,
    outcome_rows,
    outcome_types,
)
from release.export_rules import RULES, MartRule, is_student_level
from release.outcome_tables import outcome_tables
from release.suppression import suppress_rates

# Per outcome mart, the mart's columns joined to each level's rows (district rows get the sums
# named in _DISTRICT_SUMS, else NULL), and the student counts among them.
_LEVEL_COLUMNS = {
    "fct_course_access": ("offers_ap", "offers_ib", "offers_dual_enrollment"),
    "fct_school_profile": (
        "census_date",
        "census_enrollment",
        "schools_ranked",
        "poverty_quartile",
        "minority_quartile",
    ),
    "fct_cohort_graduation": (
        "entering_school_year",
        "as_of_date",
        "four_year_deadline_date",
        "five_year_deadline_date",
        "has_cohort_start_in_data",
        "is_four_year_window_complete",
        "is_four_year_deadline_passed",
        "is_five_year_window_complete",
        "is_five_year_deadline_passed",
    ),
}
_DISTRICT_SUMS = {"fct_school_profile": ("census_enrollment",)}
_OUTCOME_COUNTS = {"fct_school_profile": ("census_enrollment",)}


@dataclass(frozen=True)
class ExportContext:
    minimum_n: int
    release_year: int
    withheld_schools: tuple[str, ...]  # the gate's, left out of the release year
    # year -> the release's cells: one suppression per year serves the three marts it covers
    outcomes: dict = field(default_factory=dict, compare=False)
    # the cells the release took as known (release.previous_release): the release year's
    # outcome cells, and the graduation and assessment cells of every year; or None
    previous_cells: dict | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ExportTable:
    mart: str
    table: str  # the temporary table holding the rows
    year: str | None  # the column partitioned on (None: one file)
    not_exported: list[str]  # the mart's columns that never leave the warehouse


class NoExportRuleError(LookupError):
    """An aggregate mart nobody has decided the suppression of."""


def columns_of(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """column -> DuckDB type, in order."""
    return dict(
        con.execute(f"select column_name, column_type from (describe {relation})").fetchall()
    )


def build_export(con: duckdb.DuckDBPyConnection, mart: str, context: ExportContext) -> ExportTable:
    source = f'marts."{mart}"'
    columns = list(columns_of(con, source))
    table = f'"export__{mart}"'
    if is_student_level(mart, columns):  # internal folder only: exported whole
        year = "school_year" if "school_year" in columns else None
        select = f"select * from {source}"
    elif mart in OUTCOME_MARTS:
        year, select = OUTCOME_MARTS[mart].year, _outcome_select(con, mart, context)
    elif mart in RULES:
        year, select = RULES[mart].year, _rule_select(con, mart, source, RULES[mart], context)
    else:
        raise NoExportRuleError(
            f"marts.{mart} has no export rule: say in release/export_rules.py which of its "
            "columns may leave the warehouse and how they are suppressed"
        )
    con.execute(f"create or replace temp table {table} as {select}")
    if "school_id" in columns_of(con, table):
        _join_school_names(con, table)
        if year is not None and context.withheld_schools:
            con.execute(
                f"delete from {table} where {year} = ? and list_contains(?, school_id)",
                [context.release_year, list(context.withheld_schools)],
            )
    exported = set(columns_of(con, table))
    return ExportTable(mart, table, year, [c for c in columns if c not in exported])


def _rule_select(con, mart: str, relation: str, rule: MartRule, context) -> str:
    """The select that applies `rule` to `relation` (the mart, or its rows built from cells)."""
    n = int(context.minimum_n)
    expressions, joins = [], []
    present = columns_of(con, relation)
    for column in present:
        quoted = f'"{column}"'
        if rule.keep is None or column in rule.keep:
            expressions.append(f"m.{quoted}")
        elif column in rule.counts:
            expressions += [
                f"case when m.{quoted} >= {n} then m.{quoted} end as {quoted}",
                f"case when m.{quoted} < {n} then 'primary' else '' end "
                f'as "{column}{SUPPRESSION}"',
            ]
        elif column in rule.gated and rule.gated[column] in present:  # else: cannot judge it
            group = f'coalesce(m."{rule.gated[column]}", 0)'
            expressions += [
                f"case when {group} >= {n} then m.{quoted} end as {quoted}",
                f"case when m.{quoted} is not null and {group} < {n} then 'primary' else '' end "
                f'as "{column}{SUPPRESSION}"',
            ]
        elif column in rule.coded:
            frame = f"coded__{mart}__{column}"
            rates, keys = _coded_rates(con, mart, column, rule.coded[column], context)
            con.register(frame, rates)
            on = " and ".join(f'm."{k}" is not distinct from {frame}."{k}"' for k in keys)
            joins.append(f"left join {frame} on {on}")
            suppression, lower, upper = suppression_columns(column)
            expressions += [
                f'cast({frame}."{column}" as double) as "{column}"',
                f'coalesce({frame}."{suppression}", \'\') as "{suppression}"',
                f'cast({frame}."{lower}" as double) as "{lower}"',
                f'cast({frame}."{upper}" as double) as "{upper}"',
            ]
    return f"select {', '.join(expressions)} from {relation} m {' '.join(joins)}"


def _coded_rates(con, mart: str, value: str, of: tuple[str, str], context) -> tuple:
    """A rate over students with no published total: primary suppression and coding, row by
    row; keyed by the mart's other text and year columns."""
    count, denominator = of
    types = columns_of(con, f'marts."{mart}"')
    keys = [c for c, kind in types.items() if kind == "VARCHAR" or c == RULES[mart].year]
    frame = con.execute(f'select * from marts."{mart}"').df()
    frame = frame.dropna(subset=[count, denominator])
    result = suppress_rates(
        frame, keys=keys, count=count, denominator=denominator, minimum_n=context.minimum_n
    )
    rows = [
        {**{k: row[k] for k in keys}, **cell_columns(rate_cell(row), value, None)}
        for row in result.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=[*keys, value, *suppression_columns(value)]), keys


def _outcome_select(con, mart: str, context: ExportContext) -> str:
    spec = OUTCOME_MARTS[mart]
    years = [
        y for (y,) in con.execute(f'select distinct {spec.year} from marts."{mart}"').fetchall()
    ]
    cells_by_part: dict[tuple, dict] = {}
    for year in years:
        if mart == "fct_cohort_graduation":
            cells_by_part[(year,)] = cohort_graduation_cells(
                con, year, context.minimum_n, context.previous_cells
            )
        elif mart == ASSESSMENT:
            cells_by_part |= assessment_cells(con, year, context.minimum_n, context.previous_cells)
        else:  # the release's own cells: the same function, warehouse and minimum n
            if year not in context.outcomes:
                previous = context.previous_cells if year == context.release_year else None
                tables = outcome_tables(con, year, context.minimum_n, previous)
                context.outcomes[year] = outcome_cells(tables)
            cells_by_part[(year,)] = context.outcomes[year]
    name = f"cells__{mart}"
    con.register(name, outcome_rows(spec, cells_by_part))
    types = outcome_types(spec)
    typed = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in types.items())
    con.execute(f"create or replace temp table {name}_typed as select {typed} from {name}")
    present = columns_of(con, f'marts."{mart}"')
    attributes = [c for c in _LEVEL_COLUMNS.get(mart, ()) if c in present]
    relation = f"{name}_typed"
    if mart == ASSESSMENT:
        relation = with_mean_scale_score(con, relation, outcome_keys(spec), cells_by_part)
    if attributes:  # after the keys, before the measures
        relation = _with_level_columns(con, mart, spec.year, relation, attributes)
    counts = _OUTCOME_COUNTS.get(mart, ())
    keep = tuple(c for c in columns_of(con, relation) if c not in counts)
    return _rule_select(con, mart, relation, MartRule(keep=keep, counts=counts), context)


def _with_level_columns(con, mart: str, year: str, cells: str, attributes: list[str]) -> str:
    source = f'marts."{mart}"'
    level = "reporting_level" if "reporting_level" in columns_of(con, source) else "'school'"
    picked = ", ".join(f'any_value("{c}") as "{c}"' for c in attributes)
    district = ""
    if _DISTRICT_SUMS.get(mart) and level == "'school'":  # a mart with district rows has its own
        types = columns_of(con, source)
        summed = ", ".join(f'sum("{c}")::{types[c]} as "{c}"' for c in _DISTRICT_SUMS[mart])
        district = (
            f"union all by name select {year}, 'district' as reporting_level, "
            f"null::varchar as school_id, {summed} from {source} group by {year}"
        )
    con.execute(
        f"create or replace temp table {cells}_levels as select {year}, {level} as "
        f"reporting_level, school_id, {picked} from {source} group by all {district}"
    )
    keys = outcome_keys(OUTCOME_MARTS[mart])
    measures = [c for c in columns_of(con, cells) if c not in keys]
    selected = [f'c."{k}"' for k in keys] + [f'l."{a}"' for a in attributes]
    selected += [f'c."{m}"' for m in measures]
    con.execute(
        f"create or replace temp table {cells}_joined as select {', '.join(selected)} "
        f"from (select *, row_number() over () as row_position from {cells}) c "
        f"left join {cells}_levels l on c.{year} = l.{year} "
        "and c.reporting_level = l.reporting_level "
        "and c.school_id is not distinct from l.school_id order by c.row_position"
    )
    return f"{cells}_joined"


def _join_school_names(con, table: str) -> None:
    """school_name and school_level right after school_id (NULL on district rows)."""
    if "marts.dim_school" not in _relations(con):
        return
    columns = list(columns_of(con, table))
    at = columns.index("school_id") + 1
    # A mart that has them already (dim_school itself) keeps its own.
    names = [f"s.{name}" for name in ("school_name", "school_level") if name not in columns]
    if not names:
        return
    picked = [f't."{c}"' for c in columns[:at]] + names + [f't."{c}"' for c in columns[at:]]
    unnamed = f'{table[:-1]}__unnamed"'
    con.execute(f"alter table {table} rename to {unnamed}")
    con.execute(
        f"create temp table {table} as select {', '.join(picked)} "
        f"from (select *, row_number() over () as row_position from {unnamed}) t "
        "left join marts.dim_school s using (school_id) order by t.row_position"
    )
    con.execute(f"drop table {unnamed}")


def _relations(con) -> set[str]:
    rows = con.execute("select table_schema || '.' || table_name from information_schema.tables")
    return {name for (name,) in rows.fetchall()}
