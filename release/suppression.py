"""Small-count suppression for aggregate tables that leave the warehouse.

Follows NCES, *Statistical Methods for Protecting Personally Identifiable Information in Aggregate
Reporting*, SLDS Technical Brief 3, NCES 2011-603 (December 2010). The rules:

- Primary suppression. A reporting group of fewer than `minimum_n` students (the project var
  `k12_minimum_reporting_n`, default 10, the brief's recommended minimum; 0 to 9 students) is not
  reported. For a table of counts the cell's count is its group, so 0 is suppressed too; for a
  table of rates the *denominator* is the group, and the rate and the denominator are withheld.
- Complementary suppression (`release.complementary`): more cells are hidden until none of the
  hidden ones can be worked out from the totals the table publishes (`margins`; the parts must
  add up to their total, or the call is refused). For rates, a coded cell counts as hidden in the
  numerators: a lone "≤10%" next to published rates and their total would be undone by subtraction.
- Top/bottom coding of rates. The rate, rounded half up to the band's decimals of a percent, is
  shown as "≤bottom%" when at or below the band's bottom and "≥top%" when at or above its top
  (`NCES_RATE_BANDS`; the band is chosen by the denominator): then 0 or 1 student, or all or all
  but one, never shows as an exact rate. Rate tables never publish the numerator: with the
  denominator beside it, a count would undo the coding.

Every function returns a new frame with only the key columns and what may be published, plus a
`reason` per cell (`primary`, `complementary`, `top_coded`, `bottom_coded`, or None); inputs are
never modified.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from release.complementary import Family, complementary_cells
from release.suppression_history import Published, complements_against_history, history_layers

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
TOP_CODED = "top_coded"
BOTTOM_CODED = "bottom_coded"


@dataclass(frozen=True)
class RateBand:
    """How rates of groups of `min_n` to `max_n` students are shown (None: no upper bound)."""

    min_n: int
    max_n: int | None
    bottom: Decimal  # a rounded rate at or below this is shown as "≤bottom%"
    top: Decimal  # a rounded rate at or above this is shown as "≥top%"
    decimals: int  # rates are rounded half up to this many decimals of a percent


# The brief's recommended reporting rules code rates more widely as the group gets smaller, so
# that 0 and 1 student (and all and all-but-one) always fall in the coded range. The bands' one
# home is the dbt seed nces_rate_bands (documented there); `check_rate_bands` enforces the
# property they exist for, so a corrected table that broke it would be refused.
RATE_BANDS_SEED = (
    Path(__file__).parents[1] / "dbt_project" / "seeds" / "rules" / "nces_rate_bands.csv"
)


def read_rate_bands(path: Path = RATE_BANDS_SEED) -> tuple[RateBand, ...]:
    with path.open(newline="") as file:
        return tuple(
            RateBand(
                min_n=int(row["min_n"]),
                max_n=int(row["max_n"]) if row["max_n"] else None,
                bottom=Decimal(row["bottom_percent"]),
                top=Decimal(row["top_percent"]),
                decimals=int(row["decimals"]),
            )
            for row in csv.DictReader(file)
        )


NCES_RATE_BANDS: tuple[RateBand, ...] = read_rate_bands()


def suppress_counts(
    frame: pd.DataFrame,
    *,
    keys: Sequence[str],
    count: str = "count",
    minimum_n: int,
    margins: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Suppress a long table of counts: keys, `count_reported` (nullable integer) and `reason`.

    `margins` maps a key column to the label of its total (`{"grade_level": "all"}`): for every
    combination of the other keys, the rows labelled with the total must equal the sum of the
    other rows, and together they form one family for complementary suppression.
    """
    table = _prepared(frame, keys, [count])
    counts = table[count].tolist()
    primary = primary_cells(counts, minimum_n)
    families = _families(table, keys, margins or {}, [count])
    complementary = complementary_cells(families, counts, [primary])
    reasons = [_reason(cell, primary, complementary, None) for cell in range(len(table))]
    out = table[list(keys)].copy()
    out["count_reported"] = pd.array(
        [None if reason else value for value, reason in zip(counts, reasons, strict=True)],
        dtype="Int64",
    )
    out["reason"] = pd.Series(reasons, dtype=object)
    return out


def primary_cells(counts: Sequence[int], minimum_n: int) -> set[int]:
    """Primary suppression, its one home: the cells (positions) under `minimum_n` students."""
    return {cell for cell, value in enumerate(counts) if value < minimum_n}


def suppress_rates(
    frame: pd.DataFrame,
    *,
    keys: Sequence[str],
    count: str = "count",
    denominator: str = "denominator",
    minimum_n: int,
    margins: Mapping[str, object] | None = None,
    bands: Sequence[RateBand] = NCES_RATE_BANDS,
) -> pd.DataFrame:
    """Suppress and code a long table of rates (`count` of `denominator` students).

    Returns the keys, `denominator_reported` (nullable integer), `rate_reported` (text such as
    "85%", "≤5%" or "≥99.5%", None when suppressed) and `reason`. `margins` as for counts; both the
    counts and the denominators must add up.
    """
    table = _prepared(frame, keys, [count, denominator])
    if (table[count] > table[denominator]).any():
        raise ValueError(f"{count} is larger than {denominator} in some rows")
    families = _families(table, keys, margins or {}, [count, denominator])
    suppressed = suppress_rate_families(
        table[count].tolist(), table[denominator].tolist(), families, minimum_n, bands=bands
    )
    return pd.concat([table[list(keys)], suppressed], axis=1)


def suppress_rate_families(
    counts: Sequence[int],
    sizes: Sequence[int],
    families: Sequence[Family],
    minimum_n: int,
    *,
    known: Collection[int] = (),
    bands: Sequence[RateBand] = NCES_RATE_BANDS,
    previous: Sequence[Published | None] | None = None,
) -> pd.DataFrame:
    """Suppress and code rates (`counts[i]` of `sizes[i]` students) given the families directly,
    for tables whose equations margins cannot express (cells shared by several tables).

    `known` cells are not published but an outsider is assumed to know them (such as the students
    whose race is not reported: the total minus the groups); they are never hidden and never
    chosen to protect another cell. `previous`: what the previous release of the same figures
    published of each cell (None: not published; `previous` None: there is no previous release),
    so that no cell hidden now can be worked out from the two releases together
    (`release.suppression_history`). Returns one row per cell, in order:
    `denominator_reported`, `rate_reported` and `reason` (None for known cells).
    """
    check_rate_bands(bands, minimum_n)
    if any(count > size for count, size in zip(counts, sizes, strict=True)):
        raise ValueError("a count is larger than its denominator")
    known = set(known)
    published = [cell for cell in range(len(sizes)) if cell not in known]
    primary = {cell for cell in published if sizes[cell] < minimum_n}
    shown = {
        cell: _rate_text(counts[cell], sizes[cell], bands)
        for cell in published
        if cell not in primary
    }
    coded = {cell: text[1] for cell, text in shown.items() if text[1]}
    # denominators are hidden for suppressed cells; numerators also for coded ones
    layers = [primary, primary | set(coded)]
    if previous is None:
        complementary = complementary_cells(families, sizes, layers, unhidable=known)
    else:
        values = (list(sizes), list(counts))
        history = history_layers(
            previous, families, values, shown, known, lambda r, n: _rate_text(r, n, bands)[0]
        )
        complementary = complements_against_history(
            families, sizes, layers, unhidable=known, history=history
        )
    reasons = [_reason(cell, primary, complementary, coded) for cell in range(len(sizes))]
    withheld = [
        reason in (PRIMARY, COMPLEMENTARY) or cell in known for cell, reason in enumerate(reasons)
    ]
    return pd.DataFrame(
        {
            "denominator_reported": pd.array(
                [None if hide else size for size, hide in zip(sizes, withheld, strict=True)],
                dtype="Int64",
            ),
            "rate_reported": pd.Series(
                [None if withheld[cell] else shown[cell][0] for cell in range(len(sizes))],
                dtype=object,
            ),
            "reason": pd.Series(reasons, dtype=object),
        }
    )


def suppress_crosstab(
    table: pd.DataFrame, *, minimum_n: int, margin_label: object = "All"
) -> pd.DataFrame:
    """Suppress a cross-tab of counts with margins (as `pd.crosstab(..., margins=True)` makes).

    Every row and every column, margins included, is a family. Returns the long form of
    `suppress_counts`, keyed by the index and columns names ("row" and "column" if unnamed).
    """
    row_key = table.index.name or "row"
    column_key = table.columns.name or "column"
    if row_key == column_key:
        raise ValueError("the index and the columns need different names")
    long = table.rename_axis(index=row_key, columns=column_key).stack().rename("count")
    return suppress_counts(
        long.reset_index(),
        keys=[row_key, column_key],
        minimum_n=minimum_n,
        margins={row_key: margin_label, column_key: margin_label},
    )


def check_rate_bands(bands: Sequence[RateBand], minimum_n: int) -> None:
    """Raise unless the bands cover every group from `minimum_n` up, once, and each band codes
    0 and 1 student, and all and all but one, at its smallest group (so at every larger one)."""
    expected = min(band.min_n for band in bands) if bands else None
    if expected is None or expected > minimum_n:
        raise ValueError(f"no rate band for groups of {minimum_n} students")
    for band in sorted(bands, key=lambda band: band.min_n):
        if band.min_n != expected:
            raise ValueError(f"rate bands leave a gap or overlap at {expected} students")
        n = band.min_n
        if (
            _rate_text(1, n, [band])[1] != BOTTOM_CODED
            or _rate_text(n - 1, n, [band])[1] != TOP_CODED
        ):
            raise ValueError(f"band from {n} students shows one student or all but one uncoded")
        expected = None if band.max_n is None else band.max_n + 1
    if expected is not None:
        raise ValueError(f"no rate band for groups of {expected} students or more")


def _rate_text(count: int, size: int, bands: Sequence[RateBand]) -> tuple[str, str | None]:
    band = next(b for b in bands if b.min_n <= size and (b.max_n is None or size <= b.max_n))
    scale = 10**band.decimals
    # round half up, in integers: no binary floating point at the thresholds
    scaled = (2 * count * 100 * scale + size) // (2 * size)
    if scaled <= band.bottom * scale:
        return f"≤{band.bottom}%", BOTTOM_CODED
    if scaled >= band.top * scale:
        return f"≥{band.top}%", TOP_CODED
    return f"{Decimal(scaled).scaleb(-band.decimals)}%", None


def _reason(cell, primary, complementary, coded) -> str | None:
    if cell in primary:
        return PRIMARY
    if cell in complementary:
        return COMPLEMENTARY
    return (coded or {}).get(cell)


def _prepared(frame: pd.DataFrame, keys: Sequence[str], values: Sequence[str]) -> pd.DataFrame:
    missing = [column for column in [*keys, *values] if column not in frame.columns]
    if missing:
        raise ValueError(f"missing columns: {missing}")
    if frame.duplicated(list(keys)).any():
        raise ValueError(f"{list(keys)} do not identify one row each")
    table = frame[[*keys, *values]].reset_index(drop=True)
    for column in values:
        if table[column].isna().any() or (table[column] < 0).any():
            raise ValueError(f"{column} must be a count: no nulls, nothing negative")
        if not (table[column] == table[column].round()).all():
            raise ValueError(f"{column} must be whole numbers")
        table[column] = table[column].astype("int64")
    return table


def _families(table, keys, margins: Mapping[str, object], values) -> list[Family]:
    """One family per margin column and combination of the other keys, checked to add up."""
    families = []
    for key, label in margins.items():
        if key not in keys:
            raise ValueError(f"margin {key!r} is not a key")
        others = [other for other in keys if other != key]
        is_total = (table[key] == label).tolist()
        groups = (
            table.groupby(others, dropna=False, observed=True, sort=True).indices
            if others
            else {(): range(len(table))}
        )
        for group, positions in groups.items():
            totals = [p for p in positions if is_total[p]]
            parts = tuple(int(p) for p in positions if not is_total[p])
            if not totals or not parts:
                continue  # no published total: no equation to protect against
            family = Family(parts, int(totals[0]))
            for column in values:
                if table[column].iloc[list(parts)].sum() != table[column].iat[family.total]:
                    raise ValueError(
                        f"{column} of the parts does not add up to {key}={label!r} at {group}"
                    )
            families.append(family)
    return families
