"""The dbt project's SQL builds on DuckDB and on Spark (issue 16): no DuckDB-only construct may
appear outside a dispatch macro (dbt_project/macros/portable/, where `default__` holds DuckDB's
spelling and `spark__` Spark's). Part of `make lint`.

The list was checked against local PySpark 4.3: Spark 4 reads `::` casts (except to a length-less
varchar), QUALIFY, FILTER, `string_agg` without ordering and `max_by` with a struct, so those are
not listed. Jinja, comments and the text of string literals are blanked before matching, so a
macro call or a description never trips it.
"""

import re
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).parents[2] / "dbt_project"
SCANNED_FOLDERS = ("models", "macros", "tests")
DISPATCH_FOLDER = PROJECT_DIR / "macros" / "portable"

# (construct as reported, pattern, what to write instead)
DUCKDB_ONLY = [
    ("hugeint", r"\bhugeint\b", "decimal(38, 0)"),
    ("* exclude", r"\*\s*exclude\b", "list the columns"),
    ("arg_max/arg_min", r"\barg_(max|min)\s*\(", "max_by/min_by"),
    ("tuple ordering key", r"\b(max|min)_by\s*\([^()]*,\s*\(", "ordering_key() (portable)"),
    ("struct literal {...}", r"\{\s*''\s*:", "a portable unpivot macro"),
    ("unnest()", r"\bunnest\s*\(", "a portable macro (Spark: explode)"),
    ("list functions", r"\blist(_\w+)?\s*\(", "a join, or a portable macro"),
    ("generate_series/range()", r"\b(generate_series|range)\s*\(", "a portable series macro"),
    ("// integer division", r"//", "integer_divide() (portable)"),
    ("map()[...] lookup", r"\bmap\s*\(", "a portable lookup macro"),
    ("string_split()", r"\bstring_split\s*\(", "a portable macro (Spark: split)"),
    (
        "ordered string_agg",
        r"\bstring_agg\s*\((?:[^()]|\([^()]*\))*\border\s+by\b",
        "ordered_string_agg()",
    ),
    ("varchar/text type", r"(::|\bas\s+)(varchar|text)\b", "dbt.type_string()"),
    # dates are <event>_date (STYLE.md); a count of days such as instructional_days_through_date
    # is not a date
    (
        "date - date",
        r"\b(?!\w*days_)\w+_date\s*-\s*(\w+\.)?(?!\w*days_)\w+_date\b",
        "dbt.datediff(...)",
    ),
    ("strftime/strptime", r"\bstr[fp]time\s*\(", "a portable date macro"),
    ("two-argument trim", r"\btrim\s*\([^()]*,", "clean_text() (portable)"),
    ("union all by name", r"\bunion\s+(all\s+)?by\s+name\b", "union_all_by_name() (portable)"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE), fix) for name, pattern, fix in DUCKDB_ONLY]

_BLANKED = re.compile(
    r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}|/\*.*?\*/|--[^\n]*|'(?:[^']|'')*'", re.DOTALL
)


def _blank(match: re.Match) -> str:
    """Keep line breaks (so line numbers hold) and a string's quotes; blank the rest."""
    text = match.group(0)
    if text.startswith("'"):
        return "''" + "\n" * text.count("\n")
    return re.sub(r"[^\n]", " ", text)


def duckdb_only_constructs(sql: str) -> list[tuple[int, int, str, str]]:
    """(line, column, construct, what to use instead) of every DuckDB-only construct in `sql`."""
    code = _BLANKED.sub(_blank, sql)
    found = []
    for name, pattern, fix in _COMPILED:
        for match in pattern.finditer(code):
            line = code.count("\n", 0, match.start()) + 1
            column = match.start() - (code.rfind("\n", 0, match.start()) + 1) + 1
            found.append((line, column, name, fix))
    return sorted(found)


def project_sql_files(project_dir: Path = PROJECT_DIR) -> list[Path]:
    """Every SQL file dbt compiles, but the dispatch macros that hold each engine's spelling."""
    dispatch_dir = project_dir / "macros" / "portable"
    return sorted(
        path
        for folder in SCANNED_FOLDERS
        for path in (project_dir / folder).rglob("*.sql")
        if dispatch_dir not in path.parents
    )


def test_the_project_uses_no_duckdb_only_construct_outside_a_dispatch_macro():
    problems = [
        f"{path.relative_to(PROJECT_DIR.parent)}:{line}:{column}: {name} (use {fix})"
        for path in project_sql_files()
        for line, column, name, fix in duckdb_only_constructs(path.read_text())
    ]
    assert not problems, "DuckDB-only SQL outside macros/portable/:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("sql", "construct", "line", "column"),
    [
        ("select x::hugeint", "hugeint", 1, 11),
        ("select\n    * exclude (a)\nfrom t", "* exclude", 2, 5),
        ("select arg_max(a, b) from t", "arg_max/arg_min", 1, 8),
        ("select max_by(a, (b, c)) from t", "tuple ordering key", 1, 8),
        ("select unnest([{ 'k': 'all', 'v': x }])", "struct literal {...}", 1, 16),
        ("select unnest([4, 5])", "unnest()", 1, 8),
        ("select list(a) from t", "list functions", 1, 8),
        ("where list_contains(ids, a)", "list functions", 1, 7),
        ("from generate_series(1, 3)", "generate_series/range()", 1, 6),
        ("select range(1, 3)", "generate_series/range()", 1, 8),
        ("select (a + b - 1) // b", "// integer division", 1, 20),
        ("select map(list(k), list(v))[x]", "map()[...] lookup", 1, 8),
        ("select string_split(r, '; ')", "string_split()", 1, 8),
        ("select string_agg(r, '; ' order by n)", "ordered string_agg", 1, 8),
        ("select string_agg(coalesce(a, b), '; ' order by n)", "ordered string_agg", 1, 8),
        ("select cast(a as varchar)", "varchar/text type", 1, 15),
        ("select a::text", "varchar/text type", 1, 9),
        ("select exit_date - entry_date", "date - date", 1, 8),
        ("select s.exit_date - s.entry_date", "date - date", 1, 10),
        ("select strftime(d, '%Y')", "strftime/strptime", 1, 8),
        ("select trim(a, chr(9))", "two-argument trim", 1, 8),
        ("select * from a\nunion all by name\nselect * from b", "union all by name", 2, 1),
    ],
)
def test_a_duckdb_only_construct_is_found_at_its_line_and_column(sql, construct, line, column):
    assert (line, column, construct) in [found[:3] for found in duckdb_only_constructs(sql)]


def test_portable_sql_jinja_comments_and_string_text_pass():
    sql = """
    {#- a description may say list(x) or a::hugeint -#}
    -- a comment may say unnest(x) or a // b
    select
        cast(a as integer) as a,
        a::decimal(18, 2) as b,
        {{ integer_divide('a', 'b') }} as c,
        {{ dbt.datediff('entry_date', 'exit_date', 'day') }} as days,
        max_by(grade_level, entry_date) as grade_level,
        'http://x/{ ''k'': 1 } range(1)' as text_value,
        string_agg(code, ', ') as codes,
        count(*) filter (where is_tested) as tested,
        lower(trim(code)) as code,
        days_enrolled - days_absent as days_present,
        end_day.instructional_days_through_date - start_day.instructional_days_before_date as n
    from t
    qualify row_number() over (partition by a order by b) = 1
    """
    assert duckdb_only_constructs(sql) == []


def test_the_scan_covers_models_macros_and_tests_but_not_the_dispatch_macros(tmp_path):
    for relative in ("models/m.sql", "macros/x.sql", "tests/t.sql", "macros/portable/p.sql"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("select 1")
    found = [path.relative_to(tmp_path).as_posix() for path in project_sql_files(tmp_path)]
    assert found == ["macros/x.sql", "models/m.sql", "tests/t.sql"]
