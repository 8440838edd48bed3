"""Render docs/export-contract.md from the machine-readable contract, so the two never disagree."""

from ingestion.contract import QUARANTINE_PARENT, Contract, load_contract, quarantine_parent
from ingestion.csv_reader import MAX_LINE_BYTES
from ingestion.guards import DEFAULT_FIRST_YEAR, DEFAULT_MAX_REJECTED_SHARE, DEFAULT_MAX_SHRINK
from ingestion.landing import SHRINK_MARKER_SUFFIX
from ingestion.source_profile import DEFAULT_PROFILE_NAME

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
  field is doubled), UTF-8 with or without a byte-order mark, or Windows-1252, or the encoding
  the district's source profile names (below).
- Column order is free and header names are matched case-insensitively, or through the source
  profile's aliases. A column whose header name is blank is kept as the extra column
  `column_<n>`, n its 1-based position. Every column below must be
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
{source_profile}
## What happens to bad input
- A file that cannot be parsed (a row with too many or too few fields, an unterminated quote), an
  empty file, or a file missing a column fails its extract with a message naming the file, the line
  and the column. Nothing of that extract is changed.
- A row that parses but breaks a rule above, or repeats the primary key of an earlier row of the
  same file, goes to `raw_quarantine.rejected_rows` with every reason and the whole row as
  received. It is counted in the run summary and in the extract's Dagster check. Nothing is
  dropped silently.
- A reason quotes the value that broke the rule, as received (cut at 60 characters):
  `amount: '$13,779.60' is not a decimal number`. The value lives only in the quarantine table:
  the run summary, logs, Dagster metadata and checks count the reason without it
  (`amount: not a decimal number`).
- A row of `{parent}` in quarantine takes into quarantine the rows of the same school year
  that carry its `{parent_key}` in
  {followers},
  with the reason `{parent_key} not loaded: its {parent} row was quarantined (line N)`,
  N its line in the {parent} file (a key that loaded from another row of that file, such as
  the first of two duplicates, keeps its rows). Otherwise they would load without their
  {parent_entity} and break the marts. These extracts load after `{parent}`, and a year of
  theirs is checked again when that year's quarantined `{parent}` rows change, so a corrected
  file brings its rows back.
"""

_SOURCE_PROFILE = """
## A district's source profile
Real systems write dates as `6/25/2003` or `16/09/2019`, flags as `0`/`1` or `Yes`/`No`, amounts
as `$1,234.56` or `(62.74)`, and name columns their own way. Instead of conversion code, a
district describes its exports in one YAML file, `<landing>/{profile_name}` (or the file the
setting `K12_SOURCE_PROFILE` names), checked by `k12 profile check [PATH]`, which names the line
of each error. Its schema is
[`ingestion/source_profile.schema.json`](../ingestion/source_profile.schema.json);
[`docs/examples/source_profile_sis_us.yml`](examples/source_profile_sis_us.yml) is a worked
example for an SIS with US dates and 0/1 flags. Under `defaults` (every extract) and
`systems.<system>.<extract>` (that extract; each key replaces the default's):

- `aliases`: contract column -> the header names the file uses for it, any case
  (`birth_date: [DOB]`);
- `date_formats`: strptime formats tried in order, the first that reads the value wins
  (`["%m/%d/%Y"]` reads `6/25/2003` and `06/25/2003`);
- `true_values`, `false_values`: the spellings of `Y` and `N`, any case (`["1", "Yes"]`);
- `numbers`: `currency_sign`, `thousands_separator` (digits in groups of three),
  `decimal_separator` and `parentheses_negative` (`$1,234.56` -> `1234.56`, `(62.74)` ->
  `-62.74`);
- `encoding`: the file's encoding, any Python codec name (`cp850`).

Ingestion rewrites every value the profile describes to the contract's form before the checks
above, in DuckDB SQL over the whole file, and the raw tables hold the rewritten value. A value
already in the contract's form is kept; a value the profile does not describe (`25/06/2003` when
the format is `%m/%d/%Y`, a two-digit year, `1,23`) is checked as received and quarantined with
that value quoted, and the quarantine record keeps the whole row as received. No profile file is
the contract itself: nothing is rewritten. A file loads again when the profile's rewrites for its
extract change, though the file has not.
"""

_GUARDS = """
## Guards against losing data
- **Line length.** A line (one row, quoted line breaks included) longer than {max_line} bytes fails
  its extract with the file and the line. Ingestion also counts each file's data lines itself
  (blank lines are not data lines) and checks that loaded plus quarantined rows equal them; when
  they differ, the file fails its extract and nothing of it is loaded.
- **Mostly rejected files.** A file whose rows would all be quarantined, or more than
  {max_rejected_share} of them (setting `K12_MAX_REJECTED_SHARE`), fails its extract with the counts
  and its most common reasons: a format the contract (or the source profile) does not describe
  is not a few bad rows, and loading the rest would replace the year with a fragment. Nothing
  of the extract is changed; the previous load stays.
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
        _INTRODUCTION.format(
            version=contract.version,
            layout=contract.layout,
            source_profile=_SOURCE_PROFILE.format(profile_name=DEFAULT_PROFILE_NAME),
            **_parent_rule(contract),
        ),
        _GUARDS.format(
            max_line=f"{MAX_LINE_BYTES:,}",
            max_rejected_share=f"{DEFAULT_MAX_REJECTED_SHARE:.0%}",
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


def _parent_rule(contract: Contract) -> dict[str, str]:
    system, extract, key = QUARANTINE_PARENT
    followers = [
        f"`{e.system}/{e.name}`" for e in contract.extracts.values() if quarantine_parent(e)
    ]
    return {
        "parent": f"{system}/{extract}",
        "parent_key": key,
        "parent_entity": key.removesuffix("_id"),
        "followers": ", ".join(followers[:-1]) + f" and {followers[-1]}",
    }


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
