"""The gate's vocabulary: an expectation with a severity and its three sentences, a suite per
table, and the settings a district changes. Plain Python, so Dagster can load the definitions
without importing Great Expectations (which takes seconds)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

Severity = Literal["critical", "school", "warning"]
SEVERITIES: tuple[Severity, ...] = ("critical", "school", "warning")


@dataclass(frozen=True, kw_only=True)
class GateSettings:
    """What a district tunes. `from_env` reads the gate's own limits from the environment the
    pipeline's settings were read from; the dbt vars the gate must agree with are filled in from
    dbt_project.yml by the settings (orchestration.settings.Settings.load)."""

    freshness_days: int = 14  # how old the as-of date may be before the gate warns
    max_rate_change: float = 0.15  # a school's rate may move 15 points between releases
    max_count_change: float = 0.25  # a school's student count may move 25% between releases
    today: date = field(default_factory=date.today)
    # dbt var k12_early_warning_lowest_grade, a grade number (frames.grade_number: PK -1, KG 0),
    # as declared in dbt_project.yml: no default here, so the var has one home.
    early_warning_lowest_grade: int

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], today: date | None, early_warning_lowest_grade: int
    ) -> "GateSettings":
        return cls(
            early_warning_lowest_grade=early_warning_lowest_grade,
            freshness_days=int(env.get("K12_RELEASE_FRESHNESS_DAYS", cls.freshness_days)),
            max_rate_change=float(env.get("K12_RELEASE_MAX_RATE_CHANGE", cls.max_rate_change)),
            max_count_change=float(env.get("K12_RELEASE_MAX_COUNT_CHANGE", cls.max_count_change)),
            today=today or date.today(),
        )


@dataclass(frozen=True)
class Expectation:
    """One publishing rule, as a GX Core expectation run on one frame of its suite.

    `frame` names a frame the suite derives: the table itself cut to the release year, or a
    school-level view of it. Roster rules are counted per school before GX sees them; where GX
    does see students (dim_student's codes), the runner keeps only school ids and counts.
    """

    name: str  # a sentence, unique across the gate
    severity: Severity
    gx_type: str  # a GX Core expectation class, e.g. "ExpectColumnValuesToBeBetween"
    kwargs: Mapping[str, Any]
    checks: str
    why_it_matters: str
    how_to_fix: str
    frame: str = "release_year"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.name}: severity {self.severity!r} not in {SEVERITIES}")

    @property
    def meta(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "checks": self.checks,
            "why_it_matters": self.why_it_matters,
            "how_to_fix": self.how_to_fix,
        }


# A suite's frames are computed from every release table, the settings and the optional
# previous-release snapshot: frames(tables, settings, previous) -> {frame name: DataFrame}.
FrameBuilder = Callable[[Any, GateSettings, "pd.DataFrame | None"], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Suite:
    """The expectations on one published table, named after it."""

    table: str
    expectations: tuple[Expectation, ...]
    frames: FrameBuilder

    @property
    def name(self) -> str:
        return f"{self.table}_is_publishable"
