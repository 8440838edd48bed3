"""Positions of each school and of the central office, sized from expected enrollment.

Ratios are typical of US districts: ~1 teacher per 15-17 students (lower where poverty is high,
since Title I and local funds buy extra staff), one principal per school, an assistant principal
per ~450 students, a counselor per ~380, an instructional coach at high-need or large schools,
paraprofessionals (more with poverty, partly IDEA-funded), clerical/custodial/nurse staff, and a
central office with transportation, facilities and nutrition services.
"""

import numpy as np
import pandas as pd

from .codes import SUBJECT
from .schools import COMBINED, ELEM, District

SECONDARY_MIX = {
    "english": 0.18,
    "math": 0.17,
    "science": 0.14,
    "social_studies": 0.13,
    "world_language": 0.07,
    "arts": 0.08,
    "pe_health": 0.08,
    "cte": 0.09,
    "other": 0.06,
}
TEACHER_CODE = {
    "english": "TCH-ELA",
    "math": "TCH-MTH",
    "science": "TCH-SCI",
    "social_studies": "TCH-SOC",
    "world_language": "TCH-WLG",
    "arts": "TCH-ART",
    "pe_health": "TCH-PEH",
    "cte": "TCH-CTE",
    "other": "TCH-GEN",
}
CENTRAL = [  # code, description, function, position, job category, students per position
    ("C01", "Superintendent's Office", "2300", "ADM-EXEC", 2500),
    ("C02", "Business and Human Resources", "2500", "ADM-BUS", 1500),
    ("C03", "Transportation", "2700", "BUS-DRV", 90),
    ("C04", "Facilities and Operations", "2600", "MAINT", 350),
    ("C05", "Teaching and Learning", "2200", "CURR-SPEC", 1500),
    ("C06", "Nutrition Services", "3100", "FOOD-SVC", 130),
]
FUNCTION_OF_POSITION = {
    "PRIN": "2400",
    "APRN": "2400",
    "SEC": "2400",
    "CNSL": "2100",
    "NURSE": "2100",
    "ICOACH": "2200",
    "CUST": "2600",
    "PARA": "1000",
}


def school_positions(district: District, rng: np.random.Generator) -> pd.DataFrame:
    """One row per position: location (school index or central code), job, subject, fte, fund."""
    rows = []
    for s in np.flatnonzero(district.is_open):
        size, pov = district.expected_enrollment[s], district.expected_poverty[s]
        level = district.level[s]
        teachers = max(3, round(size / (17.5 - 3.5 * pov)))
        if level in (ELEM, COMBINED):
            general_share = 1.0 if level == ELEM else 6 / 9
            generalists = max(1, round(teachers * general_share) - 2)
            subjects = ["other"] * generalists + ["arts", "pe_health"]
            if level == COMBINED:
                subjects += _secondary(teachers - len(subjects), rng)
        else:
            subjects = _secondary(teachers, rng)
        title_i = pov >= 0.4
        for k, subject in enumerate(subjects):
            # a Title I school pays one reading or math interventionist from federal money
            fund = "210" if (title_i and k == 0) else "100"
            rows.append((s, "teacher", subject, TEACHER_CODE[subject], 1.0, fund))
        rows.append((s, "principal", None, "PRIN", 1.0, "100"))
        for _ in range(int(size // 450)):
            rows.append((s, "assistant_principal", None, "APRN", 1.0, "100"))
        for _ in range(max(1, round(size / 380))):
            rows.append((s, "counselor", None, "CNSL", 1.0, "100"))
        if pov >= 0.5 or size >= 600:
            rows.append(
                (s, "instructional_coach", None, "ICOACH", 1.0, "210" if title_i else "100")
            )
        for k in range(max(1, round(size / 45 * (0.6 + pov)))):
            rows.append(
                (
                    s,
                    "paraprofessional",
                    None,
                    "PARA",
                    0.5 if k % 4 == 3 else 1.0,
                    "220" if k % 2 else "100",
                )
            )
        other = max(2, round(size / 65))
        for k in range(other):
            code = ("SEC", "CUST", "NURSE")[min(k % 5, 2) if k % 5 < 3 else 1]
            rows.append(
                (s, "other_school_staff", None, code, 1.0 if code != "NURSE" else 0.5, "100")
            )
    for code, _, _, position, per in CENTRAL:
        for _ in range(max(1, round(district.n_students / per))):
            fund = "240" if code == "C06" else "100"
            rows.append((code, "central_office", None, position, 1.0, fund))
    return pd.DataFrame(rows, columns=["location", "job", "subject", "position", "fte", "fund"])


def _secondary(n: int, rng: np.random.Generator) -> list[str]:
    subjects = list(SECONDARY_MIX)
    counts = np.maximum(1, np.round(np.array(list(SECONDARY_MIX.values())) * n)).astype(int)
    out = [s for s, k in zip(subjects, counts, strict=True) for _ in range(k)]
    assert all(s in SUBJECT for s in out)
    return out
