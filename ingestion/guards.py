"""Guards against a delivery that would lose data without a word: a year file that shrinks the
loaded year, a file whose rows are mostly rejected, and a file-name year no district could mean.
The thresholds are settings: one frozen object, built by the caller's settings and handed to
`load_extract` / `load_all`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingestion.errors import ContractViolation

# A snapshot may lose up to a fifth of a year's rows (withdrawals, a cleaned-up roster) unasked.
DEFAULT_MAX_SHRINK = 0.20
DEFAULT_FIRST_YEAR = 1990
# More than half a file rejected is a format the profile does not describe, not bad rows: loading
# the rest would replace a good year with a fragment.
DEFAULT_MAX_REJECTED_SHARE = 0.50
# A district may send next year's roster (school_year is the spring year) before July.
_YEARS_AHEAD = 1


@dataclass(frozen=True)
class IngestionGuards:
    max_shrink: float  # fraction of a year's loaded rows a new snapshot may lose unasked
    first_year: int  # file-name school years outside first_year..last_year are refused
    last_year: int
    # fraction of a file's rows that may be quarantined; beyond it, or all of them, the extract
    # fails
    max_rejected_share: float = DEFAULT_MAX_REJECTED_SHARE
    # "system/extract/year" keys (e.g. "sis/students/2026") whose shrink is accepted this run.
    accepted_shrinks: frozenset[str] = frozenset()

    def __post_init__(self):
        if not 0 <= self.max_shrink <= 1:
            raise ValueError(f"max_shrink must be between 0 and 1, not {self.max_shrink}")
        if not 0 <= self.max_rejected_share <= 1:
            raise ValueError(
                f"max_rejected_share must be between 0 and 1, not {self.max_rejected_share}"
            )
        if self.first_year > self.last_year:
            raise ValueError(
                f"the school-year window is empty: {self.first_year} to {self.last_year}"
            )

    @classmethod
    def default(cls, today: date | None = None) -> IngestionGuards:
        """The defaults, with a window from 1990 to next calendar year."""
        today = today or date.today()
        return cls(DEFAULT_MAX_SHRINK, DEFAULT_FIRST_YEAR, today.year + _YEARS_AHEAD)

    def year_refusal(self, school_year: int) -> str | None:
        """Why a file-name year is refused, or None when it is in the window."""
        if self.first_year <= school_year <= self.last_year:
            return None
        return (
            f"school year {school_year} is outside the accepted window "
            f"{self.first_year}-{self.last_year}"
        )

    def shrinks_too_much(self, rows_in_new_file: int, rows_loaded_now: int) -> bool:
        """More than max_shrink of the loaded rows gone, or nothing left of a year with rows."""
        if rows_loaded_now == 0:
            return False
        lost = rows_loaded_now - rows_in_new_file
        return rows_in_new_file == 0 or lost > self.max_shrink * rows_loaded_now

    def rejects_too_many(self, rows_rejected: int, rows_in_file: int) -> bool:
        """Every row of a file rejected, or more than max_rejected_share of them."""
        if rows_rejected == 0:
            return False
        share_exceeded = rows_rejected > self.max_rejected_share * rows_in_file
        return rows_rejected == rows_in_file or share_exceeded

    def too_many_rejected(
        self, path: Path, rejected: int, rows: int, by_reason: dict[str, int]
    ) -> ContractViolation:
        """Why the extract fails (see rejects_too_many): a file mostly rejected is a format
        problem, and loading the rest would replace the year with a fragment. Counts and
        value-free reasons only: the message reaches logs."""
        how_many = f"all {rows}" if rejected == rows else f"{rejected} of {rows}"
        beyond = (
            "" if rejected == rows else f", more than the {self.max_rejected_share:.0%} allowed"
        )
        reasons = "; ".join(f"{count} x {reason}" for reason, count in list(by_reason.items())[:3])
        return ContractViolation(
            path,
            None,
            None,
            f"{how_many} rows would be quarantined{beyond} (K12_MAX_REJECTED_SHARE): nothing of "
            f"the extract is loaded and its previous load stays. Most common: {reasons}",
        )


def shrink_key(system: str, extract: str, school_year: int) -> str:
    """How an accepted shrink is named on the command line: `sis/students/2026`."""
    return f"{system}/{extract}/{school_year}"
