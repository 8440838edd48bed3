"""The headline findings of a packet's front page: three to five sentences a principal reads
first, chosen from the key figures by one documented rule.

The thresholds live in one home, the seed `packet_headline_rules` (dbt_project/seeds/rules/),
read from the warehouse like a mart:

- `min_findings`, `max_findings`: how many findings the front page shows (3 and 5);
- `rate_gap_points`, `rate_change_points`: a rate or share this far from the district's, or
  from last year's, is a finding (0.05 = 5 percentage points);
- `relative_gap`, `relative_change`: the same for a dollar figure or a count of students, as a
  fraction of the district's or last year's (0.10 = 10%).

The rule, per measure the school's level has (enrollment is never compared with the district):
1. Its gap to the district and its change since last year are scored against their thresholds
   (1.0 = exactly at the threshold), from published cells only: a withheld, coded or missing
   cell takes part in nothing.
2. **Needs action**: worse than the district by at least the gap threshold *and* worse than last
   year by at least the change threshold (for measures with a better direction).
3. Otherwise the larger of its two scores is the measure's finding.
4. Needs-action findings come first, then the rest by score; every finding at or over its
   threshold, at most `max_findings`. Fewer than `min_findings`: the next largest differences
   fill in (never one of zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from release.packet_key_figures import KeyFigure, key_figure_tables
from release.sources import query, require

RULES = "seeds.packet_headline_rules"
SETTINGS = (
    "min_findings",
    "max_findings",
    "rate_gap_points",
    "rate_change_points",
    "relative_gap",
    "relative_change",
)
POINTS_UNITS = ("rate", "share")  # compared in percentage points; others relative


@dataclass(frozen=True)
class Finding:
    kind: str  # needs_action, gap or change
    measure: str
    text: str
    score: float
    is_worse: bool | None  # None: the measure has no better direction


def front_page(con, school_id, school_year, minimum_n, present, outcomes, key_figures) -> dict:
    """The front page's data: the school's key figures and its findings. `key_figures`: the
    release's (`release.packet_key_figures.key_figure_tables`), else computed here."""
    require(present, RULES)  # the rule ships with the key figures, in the same dbt build
    if key_figures is None:
        key_figures = key_figure_tables(con, school_year, minimum_n, outcomes)
    figures = key_figures.rows(school_id)
    if not figures:
        return {"available": False}
    return {
        "available": True,
        "figures": figures,
        "findings": headline_findings(figures, headline_rules(con)),
    }


def headline_rules(con) -> dict[str, float]:
    """The seed's settings; every one must be there (a missing one is a broken seed, not 0)."""
    rows = query(con, f"select setting, value from {RULES}", [])
    rules = dict(zip(rows["setting"], rows["value"].astype(float), strict=True))
    missing = [name for name in SETTINGS if name not in rules]
    if missing:
        raise LookupError(f"{RULES} lacks the settings {missing}")
    return rules


def headline_findings(figures: list[KeyFigure], rules: dict[str, float]) -> list[Finding]:
    """The front page's findings, in the order shown."""
    needs_action, others = [], []
    for figure in figures:
        gap, change = _gap(figure, rules), _change(figure, rules)
        if gap and change and gap[1] is True and change[1] is True and min(gap[0], change[0]) >= 1:
            text = (
                f"Needs action: {figure.label} is {format_value(figure.this_year, figure.unit)}, "
                f"{_amount(figure, figure.gap, figure.district)} "
                f"{_side(figure.gap)} the district ({format_value(figure.district, figure.unit)})"
                f" and {_updown(figure.change)} {_amount(figure, figure.change, figure.last_year)}"
                " since last year."
            )
            score = gap[0] + change[0]
            needs_action.append(Finding("needs_action", figure.measure, text, score, True))
            continue
        best = max([c for c in (gap, change) if c], key=lambda c: c[0], default=None)
        if best and best[0] > 0:
            others.append(best[2])
    ranked = sorted(needs_action, key=lambda f: -f.score) + sorted(others, key=lambda f: -f.score)
    top = int(rules["max_findings"])
    chosen = [f for f in ranked if f.kind == "needs_action" or f.score >= 1][:top]
    missing = max(int(rules["min_findings"]) - len(chosen), 0)
    return chosen + [f for f in ranked if f not in chosen][:missing]


def _gap(figure: KeyFigure, rules) -> tuple | None:
    if figure.gap is None or figure.unit == "students":
        return None
    score = _score(figure.gap, figure.district, figure.unit, rules, "gap")
    if score is None:
        return None
    worse = _is_worse(figure, figure.gap)
    text = (
        f"{figure.label} is {format_value(figure.this_year, figure.unit)}, "
        f"{_amount(figure, figure.gap, figure.district)} {_side(figure.gap)} the district "
        f"({format_value(figure.district, figure.unit)})."
    )
    return score, worse, Finding("gap", figure.measure, text, score, worse)


def _change(figure: KeyFigure, rules) -> tuple | None:
    if figure.change is None:
        return None
    score = _score(figure.change, figure.last_year, figure.unit, rules, "change")
    if score is None:
        return None
    worse = _is_worse(figure, figure.change)
    verb = "rose" if figure.change > 0 else "fell"
    text = (
        f"{figure.label} {verb} {_amount(figure, figure.change, figure.last_year)} since last "
        f"year, to {format_value(figure.this_year, figure.unit)}."
    )
    return score, worse, Finding("change", figure.measure, text, score, worse)


def _score(delta: float, reference: dict, unit: str, rules, kind: str) -> float | None:
    if unit in POINTS_UNITS:
        return abs(delta) / rules[f"rate_{kind}_points"]
    if not reference["value"]:
        return None  # relative to nothing
    return abs(delta / reference["value"]) / rules[f"relative_{kind}"]


def _is_worse(figure: KeyFigure, delta: float) -> bool | None:
    if figure.is_higher_better is None or delta == 0:
        return None
    return (delta < 0) == figure.is_higher_better


def _amount(figure: KeyFigure, delta: float, reference: dict) -> str:
    if figure.unit in POINTS_UNITS:
        return f"{_number(abs(delta) * 100)} points"
    return f"{abs(delta / reference['value']):.0%}"


def _side(delta: float) -> str:
    return "above" if delta > 0 else "below"


def _updown(delta: float) -> str:
    return "up" if delta > 0 else "down"


def format_value(cell: dict, unit: str) -> str:
    """A key-figure cell as the front page prints it: a mark, or the value in its unit."""
    if cell["text"] is not None:
        return cell["text"]  # a rate as suppression published it, a count, or a mark
    value = cell["value"]
    if value is None:
        return "–"
    if unit == "dollars":
        return f"{'-' if value < 0 else ''}${abs(value):,.0f}"
    if unit in POINTS_UNITS:
        return f"{value:.0%}"
    return f"{value:,.0f}"


def format_change(delta: float | None, unit: str) -> str:
    """A change since last year: "+6 pts", "−$546", "+2"; "–" when it cannot be shown."""
    if delta is None:
        return "–"
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    if unit in POINTS_UNITS:
        return f"{sign}{_number(abs(delta) * 100)} pts"
    if unit == "dollars":
        return f"{sign}${abs(delta):,.0f}"
    return f"{sign}{abs(delta):,.0f}"


def _number(points: float) -> str:
    """Whole points as whole numbers; the 0.1-percent bands' points to one decimal."""
    rounded = round(points, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
