"""Render docs/export-contract.md from the machine-readable contract, so the two never disagree."""

from ingestion.contract import Contract, load_contract
from ingestion.csv_reader import MAX_LINE_BYTES
from ingestion.guards import DEFAULT_FIRST_YEAR, DEFAULT_MAX_SHRINK
from ingestion.landing import SHRINK_MARKER_SUFFIX

_INTRODUCTION = """\
# The export contract, version {version}

What a district drops into the landing folder, and what ingestion enforces. This page is generated
from [`ingestion/contract/v{version}.yml`](../ingestion/contract/v{version}.yml) by
`k12 contract-doc`; edit the YAML, not this page (a test fails when they differ).

## Files
- Layout: `{layout}`. `system` is `sis`, `hr` or `finance`; `school_year` is the spring year
  (2024-25 is `2025`). For finance it is the fiscal year, July to June, ending in that year.
- Each file is a complete snapshot of that extract for that year. A newer file for the same extract
  and year replaces the older one: the next run loads it in place of the old rows, in one
  transaction, and keeps the old file in the archive, unless it shrinks the year too much (see
  the guards below). Re-sending an identical file changes nothing.
- Every row belongs to the school year of its file; no extract repeats the year as a column.
- CSV with a header row, comma-separated, fields double-quoted where needed (a quote inside a quoted
  field is doubled), UTF-8 with or without a byte-order mark, or Windows-1252.
- Column order is free and header names are matched case-insensitively. Every column below must be
  present (an empty value is fine where the column is not required), except a column whose rule
  says it may be left out: it then loads empty. Unknown extra columns are kept in the raw table
  and reported.
- Every other file or folder anywhere in the landing folder (a misspelt folder and everything in
  it, a file at the root, hidden names such as a partial upload) is not loaded, and is listed as
  unrecognized in the run summary and in every raw extract's Dagster metadata.

## Values
| type | accepted |
|---|---|
| `string` | any text |
| `integer` | a whole number, optional sign |
| `decimal` | a number with an optional fraction, optional sign |
| `date` | an ISO 8601 calendar date, `YYYY-MM-DD`, that exists |
| `flag` | `Y` or `N`, any case |
| `code` | a code of the named set below, any case, surrounding spaces ignored |

An empty or all-space value is missing. *Required* columns may not be missing. A district whose
codes differ from the canonical sets maps them in the dbt seed
`dbt_project/seeds/crosswalks/xwalk_<code_set>.csv` (`source_code,canonical_code`); ingestion
accepts those source codes too, and staging translates them. Never edit SQL for a code.

## What happens to bad input
- A file that cannot be parsed (a row with too many or too few fields, an unterminated quote), an
  empty file, or a file missing a column fails its extract with a message naming the file, the line
  and the column. Nothing of that extract is changed.
- A row that parses but breaks a rule above, or repeats the primary key of an earlier row of the
  same file, goes to `raw_quarantine.rejected_rows` with every reason and the whole row as
  received. It is counted in the run summary and in the extract's Dagster check. Nothing is
  dropped silently.
"""

_GUARDS = """
## Guards against losing data
- **Line length.** A line (one row, quoted line breaks included) longer than {max_line} bytes fails
  its extract with the file and the line. Ingestion also counts each file's data lines itself
  (blank lines are not data lines) and checks that loaded plus quarantined rows equal them; when
  they differ, the file fails its extract and nothing of it is loaded.
- **School-year window.** A file whose name's year is outside {first_year} to next calendar year
  (settings `K12_FIRST_SCHOOL_YEAR`, `K12_LAST_SCHOOL_YEAR`) is refused: it is not read, it is
  reported as refused with the window, and the extract's other years load.
- **Shrinking snapshots.** A new snapshot with more than {max_shrink} fewer rows than its year has
  loaded (setting `K12_MAX_SHRINK`), or with no rows where the year has rows, is held: it is not
  loaded, the year keeps the previous file's rows, and it is reported as held with both counts
  (the `<extract>_has_no_held_or_refused_files` check warns). To load it, accept it:
  - for one run: `k12 run --accept-shrink <system>/<extract>/<school_year>` (repeatable);
  - or with a marker: an empty file `<school_year>{marker}` beside it, e.g.
    `sis/students/2026{marker}`. A marker accepts one shrink. The run that uses it records the
    marker's modification time with the accepted file's SHA-256 in `raw_meta.file_loads`
    (`shrink_accepted_by`, `accept_marker_mtime_ns`), so a later shrink of the same year is held
    again while the same marker lies there; replace the marker (or touch it) to accept that one.
"""


def render_contract_doc(contract: Contract | None = None) -> str:
    contract = contract or load_contract()
    parts = [
        _INTRODUCTION.format(version=contract.version, layout=contract.layout),
        _GUARDS.format(
            max_line=f"{MAX_LINE_BYTES:,}",
            first_year=DEFAULT_FIRST_YEAR,
            max_shrink=f"{DEFAULT_MAX_SHRINK:.0%}",
            marker=SHRINK_MARKER_SUFFIX,
        ),
        "## Code sets\n",
        "| code set | codes |",
        "|---|---|",
        *(
            f"| `{name}` | {', '.join(f'`{code}`' for code in codes)} |"
            for name, codes in contract.code_sets.items()
        ),
    ]
    for system in contract.systems:
        parts.append(f"\n## `{system}` extracts")
        for extract in (e for e in contract.extracts.values() if e.system == system):
            parts.extend(_extract_section(extract))
    return "\n".join(parts) + "\n"


def _extract_section(extract) -> list[str]:
    key = ", ".join(f"`{column}`" for column in extract.primary_key) or "none (every row stands)"
    lines = [
        f"\n### `{extract.system}/{extract.name}/<school_year>.csv`\n",
        f"{extract.description} Primary key within a file: {key}.\n",
        "| column | type | required | rule | description |",
        "|---|---|---|---|---|",
    ]
    for column in extract.columns:
        lines.append(
            f"| `{column.name}` | {column.type} | {'yes' if column.required else ''} "
            f"| {_rule(column)} | {column.description} |"
        )
    return lines


def _rule(column) -> str:
    bounds = [f"code set `{column.code_set}`"] if column.code_set else []
    if column.minimum is not None:
        bounds.append(f"≥ {column.minimum}")
    if column.maximum is not None:
        bounds.append(f"≤ {column.maximum}")
    if column.may_be_absent:
        bounds.append("may be left out of the header")
    return ", ".join(bounds)
