"""Schools, attendance zones and their neighbourhoods.

About one school per 500 students: ~60% elementary (K-5), ~20% middle (6-8), ~15% high (9-12),
plus K-8 combined (charter, lottery) and 9-12 alternative schools once the district has six or more
schools, and one school closed before the first year. Each elementary zone is a neighbourhood with
its own poverty rate (12%-90%, spread evenly) and a race mix that shifts with poverty, as is common
in US districts; middle and high schools draw from contiguous zones, so they differ less.
"""

from dataclasses import dataclass

import numpy as np

from .names import SCHOOL_NAME_STEMS

LEVELS = ["elementary", "middle", "high", "combined", "alternative"]
ELEM, MIDDLE, HIGH, COMBINED, ALTERNATIVE = range(5)
LEVELS_ORDER = [ELEM, MIDDLE, HIGH, COMBINED, ALTERNATIVE]
GRADE_SPAN = {ELEM: (0, 5), MIDDLE: (6, 8), HIGH: (9, 12), COMBINED: (0, 8), ALTERNATIVE: (9, 12)}
LEVEL_SUFFIX = {
    ELEM: "Elementary School",
    MIDDLE: "Middle School",
    HIGH: "High School",
    COMBINED: "Academy",
    ALTERNATIVE: "Alternative High School",
}
# District-wide race mix near the US public-school one, and how strongly each group's share rises
# (or falls) with neighbourhood poverty.
RACE_BASE = np.array([0.28, 0.01, 0.05, 0.15, 0.005, 0.46, 0.045])
RACE_POVERTY_TILT = np.array([1.8, 1.0, -1.2, 2.2, 0.5, -2.2, 0.0])
COMBINED_SIZE = 450
ALTERNATIVE_SIZE = 150


@dataclass
class District:
    n_students: int
    level: np.ndarray  # per school
    school_id: list[str]
    name: list[str]
    network: list[str]
    is_open: np.ndarray
    zone_poverty: np.ndarray  # per elementary zone (neighbourhood)
    zone_weight: np.ndarray
    zone_race: np.ndarray  # [zone, race] probabilities
    elem_of_zone: np.ndarray  # school index per zone
    middle_of_zone: np.ndarray
    high_of_zone: np.ndarray
    combined: np.ndarray  # school indexes
    alternative: np.ndarray
    combined_share: float  # of K-8 students who win a lottery seat
    alternative_share: float  # of 9-12 students placed at an alternative school
    expected_enrollment: np.ndarray  # per school
    expected_poverty: np.ndarray  # per school

    @property
    def n_schools(self) -> int:
        return len(self.level)

    def schools_of(self, level: int) -> np.ndarray:
        return np.flatnonzero((self.level == level) & self.is_open)

    def first_zone_of(self) -> np.ndarray:
        """Per school, a zone it serves: a student moving there adopts that neighbourhood."""
        zone = np.zeros(self.n_schools, dtype=np.int32)
        for mapping in (self.high_of_zone, self.middle_of_zone, self.elem_of_zone):
            for z in range(len(mapping) - 1, -1, -1):
                zone[mapping[z]] = z
        return zone


def _counts(n_students: int) -> dict[int, int]:
    total = max(3, round(n_students / 500))
    special = 0 if total < 6 else max(1, round(total * 0.02))
    alt = 0 if total < 6 else max(1, round(total * 0.015))
    rest = max(3, total - special - alt)
    middle = max(1, round(rest * 0.20 / 0.95))
    high = max(1, round(rest * 0.15 / 0.95))
    elem = max(1, rest - middle - high)
    return {ELEM: elem, MIDDLE: middle, HIGH: high, COMBINED: special, ALTERNATIVE: alt}


def build_district(n_students: int, rng: np.random.Generator) -> District:
    counts = _counts(n_students)
    n_zones = counts[ELEM]
    rank = (np.arange(n_zones) + rng.uniform(0.2, 0.8, n_zones)) / n_zones
    zone_poverty = np.array([0.5]) if n_zones == 1 else 0.12 + 0.78 * rank
    tilt = np.exp(np.outer(zone_poverty - 0.5, RACE_POVERTY_TILT))
    race = RACE_BASE * tilt * rng.lognormal(0, 0.25, (n_zones, len(RACE_BASE)))
    zone_race = race / race.sum(axis=1, keepdims=True)
    zone_weight = rng.uniform(0.75, 1.25, n_zones)
    zone_weight /= zone_weight.sum()

    level = np.concatenate([np.full(counts[lv], lv) for lv in LEVELS_ORDER])
    n_open = len(level)
    has_closed = n_open >= 6
    if has_closed:
        level = np.append(level, ELEM)
    is_open = np.arange(len(level)) < n_open
    starts = {lv: int(np.flatnonzero(level == lv)[0]) if counts[lv] else -1 for lv in LEVELS_ORDER}
    elem_of_zone = starts[ELEM] + np.arange(n_zones)
    middle_of_zone = starts[MIDDLE] + np.arange(n_zones) * counts[MIDDLE] // n_zones
    high_of_zone = starts[HIGH] + np.arange(n_zones) * counts[HIGH] // n_zones
    combined = np.flatnonzero((level == COMBINED) & is_open)
    alternative = np.flatnonzero((level == ALTERNATIVE) & is_open)

    per_grade = n_students / 13
    combined_share = min(0.12, len(combined) * COMBINED_SIZE / (per_grade * 9))
    alternative_share = min(0.04, len(alternative) * ALTERNATIVE_SIZE / (per_grade * 4))
    expected = np.zeros(len(level))
    pov_sum = np.zeros(len(level))
    for z in range(n_zones):
        k8 = per_grade * zone_weight[z] * (1 - combined_share)
        hs = per_grade * zone_weight[z] * 4 * (1 - alternative_share)
        for school, size in (
            (elem_of_zone[z], k8 * 6),
            (middle_of_zone[z], k8 * 3),
            (high_of_zone[z], hs),
        ):
            expected[school] += size
            pov_sum[school] += size * zone_poverty[z]
    mean_poverty = float(zone_poverty @ zone_weight)
    for group, share, grades in (
        (combined, combined_share, 9),
        (alternative, alternative_share, 4),
    ):
        for school in group:
            expected[school] = per_grade * grades * share / len(group)
            pov_sum[school] = expected[school] * (mean_poverty if group is combined else 0.8)
    expected_poverty = np.where(expected > 0, pov_sum / np.maximum(expected, 1), mean_poverty)

    stems = list(SCHOOL_NAME_STEMS)
    order = rng.permutation(len(stems))
    names, ids, networks = [], [], []
    high_rank = {int(s): i for i, s in enumerate(np.unique(high_of_zone))}
    for i, lv in enumerate(level):
        stem = stems[order[i % len(stems)]]
        repeat = i // len(stems)
        name = f"{stem} {LEVEL_SUFFIX[int(lv)]}" + (f" {repeat + 1}" if repeat else "")
        if not is_open[i]:
            name = f"Old Mill {LEVEL_SUFFIX[int(lv)]}"
        names.append(name)
        ids.append(str(101 + i))
        if lv in (ELEM, MIDDLE, HIGH) and is_open[i]:
            zones = np.flatnonzero(
                (elem_of_zone == i) | (middle_of_zone == i) | (high_of_zone == i)
            )
            networks.append(f"Zone {high_rank[int(high_of_zone[zones[0]])] + 1}")
        else:
            networks.append(None)
    return District(
        n_students,
        level,
        ids,
        names,
        networks,
        is_open,
        zone_poverty,
        zone_weight,
        zone_race,
        elem_of_zone,
        middle_of_zone,
        high_of_zone,
        combined,
        alternative,
        combined_share,
        alternative_share,
        expected,
        expected_poverty,
    )
