"""Chart of accounts, general-ledger actuals and budgets of one fiscal year (July-June).

Codes follow NCES "Financial Accounting for Local and State School Systems": funds (100 general,
2xx special revenue, 300 capital projects, 400 debt service), functions, objects and programs.
Payroll comes from the HR assignments (prorated to days employed, benefits at 30%); other
spending is set per pupil so that the district spends about $14,000-$16,000 per pupil, near the
US average, including capital outlay and debt service.
"""

import datetime as dt

import numpy as np
import pandas as pd

from .hr import salary
from .school_calendar import day_number
from .schools import District
from .staffing import CENTRAL, FUNCTION_OF_POSITION

FUNDS = {
    "100": "General Fund",
    "210": "Title I, Part A (federal special revenue)",
    "220": "IDEA Part B (federal special revenue)",
    "230": "Title II, Part A (federal)",
    "240": "Food Service (special revenue)",
    "300": "Capital Projects Fund",
    "400": "Debt Service Fund",
}
FUNCTIONS = {
    "1000": "Instruction",
    "2100": "Support services - students",
    "2200": "Support services - instructional staff",
    "2300": "Support services - general administration",
    "2400": "Support services - school administration",
    "2500": "Central services",
    "2600": "Operation and maintenance of plant",
    "2700": "Student transportation",
    "2900": "Other support services",
    "3000": "Operation of non-instructional services",
    "3100": "Food services operations",
    "3300": "Community services operations",
    "4000": "Facilities acquisition and construction",
    "5000": "Debt service",
}
OBJECTS = {
    "100": "Personal services - salaries",
    "200": "Personal services - employee benefits",
    "300": "Purchased professional and technical services",
    "400": "Purchased property services",
    "500": "Other purchased services",
    "600": "Supplies",
    "700": "Property",
    "800": "Debt service and miscellaneous",
    "900": "Other items",
}
PROGRAMS = {
    "000": "Not program specific",
    "100": "Regular education",
    "200": "Special education",
    "300": "Career and technical education",
    "400": "Compensatory education (Title I)",
    "900": "Co-curricular and extra-curricular",
}
# (fund, function, object, program, dollars per pupil, postings per year) at every school
SCHOOL_LINES = [
    ("100", "1000", "600", "100", 260, 18),
    ("220", "1000", "300", "200", 250, 10),
    ("230", "2200", "300", "000", 40, 4),
    ("100", "2600", "400", "000", 380, 12),
    ("100", "2600", "600", "000", 470, 12),
    ("100", "2400", "500", "000", 45, 12),
    ("100", "2100", "300", "000", 120, 10),
    ("240", "3100", "600", "000", 460, 20),
    ("100", "2900", "500", "000", 60, 6),
    ("100", "1000", "500", "900", 70, 8),
]
CENTRAL_LINES = [
    ("C03", "100", "2700", "500", "000", 360, 12),
    ("C03", "100", "2700", "600", "000", 130, 12),
    ("C02", "100", "2500", "300", "000", 190, 12),
    ("C02", "100", "2500", "700", "000", 150, 4),
    ("C01", "100", "2300", "500", "000", 120, 6),
    ("C01", "100", "2300", "800", "000", 20, 4),
    ("C01", "400", "5000", "800", "000", 450, 2),
    ("C01", "400", "5000", "900", "000", 600, 1),
    ("C05", "100", "3300", "300", "000", 30, 4),
    ("C04", "300", "4000", "700", "000", 400, 5),
]


def chart_of_accounts(district: District) -> pd.DataFrame:
    rows = [("fund", k, v, None, None) for k, v in FUNDS.items()]
    rows += [("function", k, v, None, None) for k, v in FUNCTIONS.items()]
    rows += [("object", k, v, None, None) for k, v in OBJECTS.items()]
    rows += [("program", k, v, None, None) for k, v in PROGRAMS.items()]
    for s in np.flatnonzero(district.is_open):
        sid = district.school_id[s]
        rows.append(("location", sid, district.name[s], sid, "N"))
    rows += [("location", code, name, None, "Y") for code, name, *_ in CENTRAL]
    return pd.DataFrame(rows, columns=["segment", "code", "description", "school_id", "is_central"])


def _payroll_lines(people: pd.DataFrame, year: int, first_year: int, school_ids) -> pd.DataFrame:
    july, june = day_number(dt.date(year - 1, 7, 1)), day_number(dt.date(year, 6, 30))
    start = np.maximum(people.hire.to_numpy(), july)
    end = np.where(people.separation.to_numpy() >= 0, people.separation.to_numpy(), june)
    share = np.clip((np.minimum(end, june) - start + 1) / 365, 0, 1)
    amount = salary(people, year, first_year) * share
    central_fn = {code: fn for code, _, fn, *_ in CENTRAL}
    loc = people.location.to_numpy()
    function = [
        central_fn[x] if isinstance(x, str) else FUNCTION_OF_POSITION.get(p, "1000")
        for x, p in zip(loc, people.position, strict=True)
    ]
    program = np.select(
        [
            people.fund == "220",
            people.fund == "210",
            people.subject == "cte",
            np.array(function) == "1000",
        ],
        ["200", "400", "300", "100"],
        "000",
    )
    frame = pd.DataFrame(
        {
            "fund": people.fund.to_numpy(),
            "function": function,
            "object": "100",
            "location": [school_ids[x] if not isinstance(x, str) else x for x in loc],
            "program": program,
            "amount": amount,
        }
    )
    lines = frame.groupby(
        ["fund", "function", "object", "location", "program"], as_index=False, sort=True
    ).amount.sum()
    benefits = lines.assign(object="200", amount=lines.amount * 0.30)
    return pd.concat([lines, benefits], ignore_index=True).assign(postings=12, payroll=True)


def ledger(
    district: District,
    people: pd.DataFrame,
    year: int,
    first_year: int,
    enrolled: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns (gl_actuals, budget) frames with contract columns."""
    ids = district.school_id
    lines = [_payroll_lines(people, year, first_year, ids)]
    open_schools = np.flatnonzero(district.is_open)
    scale = enrolled / max(district.expected_enrollment.sum(), 1)
    pupils = district.expected_enrollment[open_schools] * scale
    title_i = district.expected_poverty[open_schools] >= 0.4
    rows = []
    for fund, fn, obj, prog, per_pupil, k in SCHOOL_LINES:
        for s, n, t1 in zip(open_schools, pupils, title_i, strict=True):
            rows.append((fund, fn, obj, ids[s], prog, per_pupil * n, k))
            if t1 and fund == "100" and fn == "1000" and obj == "600":
                pov = district.expected_poverty[s]
                rows.append(("210", "1000", "600", ids[s], "400", 260 * pov * n, 12))
    for loc, fund, fn, obj, prog, per_pupil, k in CENTRAL_LINES:
        rows.append((fund, fn, obj, loc, prog, per_pupil * enrolled, k))
    # a large renovation at one school a year, paid from the capital projects fund
    project = open_schools[rng.integers(0, len(open_schools))]
    rows.append(("300", "4000", "700", ids[project], "000", 500 * enrolled, 6))
    lines.append(
        pd.DataFrame(
            rows,
            columns=["fund", "function", "object", "location", "program", "amount", "postings"],
        ).assign(payroll=False)
    )
    lines = pd.concat(lines, ignore_index=True)
    lines["amount"] *= rng.lognormal(0, 0.06, len(lines)) ** (~lines.payroll)

    count = lines.postings.to_numpy().astype(int)
    row = np.repeat(np.arange(len(lines)), count)
    payroll = lines.payroll.to_numpy()[row]
    nth = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
    month_end = (
        np.array([day_number(dt.date(year - (m < 6), (m + 6) % 12 + 1, 1)) for m in range(1, 13)])
        - 1
    )
    july = day_number(dt.date(year - 1, 7, 1))
    day = np.where(payroll, month_end[nth % 12], july + rng.integers(0, 365, len(row)))
    weights = rng.gamma(2.0, 1.0, len(row))
    weights = np.where(payroll, 1.0, weights)
    totals = np.bincount(row, weights, len(lines))
    amount = np.round(lines.amount.to_numpy()[row] * weights / totals[row], 2)
    description = np.where(
        payroll,
        np.where(lines.object.to_numpy()[row] == "100", "Payroll", "Employer benefits"),
        "Vendor invoice",
    )
    gl = pd.DataFrame(
        {
            "day": day,
            "fund": lines.fund.to_numpy()[row],
            "function": lines.function.to_numpy()[row],
            "object": lines.object.to_numpy()[row],
            "location": lines.location.to_numpy()[row],
            "program": lines.program.to_numpy()[row],
            "amount": amount,
            "description": description,
        }
    )
    refunds = gl[(~payroll) & (rng.random(len(gl)) < 0.03)].copy()
    refunds["amount"] = -np.round(refunds.amount * rng.uniform(0.01, 0.2, len(refunds)), 2)
    refunds["description"] = "Vendor credit"
    gl = pd.concat([gl, refunds], ignore_index=True).sort_values(
        ["day", "fund", "function"], kind="stable"
    )
    actual = gl.groupby(
        ["fund", "function", "object", "location", "program"], as_index=False, sort=True
    ).amount.sum()
    budgets = []
    for version, spread in (("adopted", 0.06), ("revised", 0.02)):
        b = actual.copy()
        b["amount"] = np.round(b.amount * rng.lognormal(0, spread, len(b)), -2)
        b["budget_version"] = version
        budgets.append(b)
    return gl.reset_index(drop=True), pd.concat(budgets, ignore_index=True)
