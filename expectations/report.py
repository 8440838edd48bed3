"""The validation report: one self-contained HTML page (no scripts, no network) and the same
results as JSON, written next to the release. GX's Data Docs need a file-backed context; this
page shows the same things from the gate's own results, which carry no student-level values."""

import json
from html import escape
from pathlib import Path

from expectations.runner import ExpectationResult, GateResult

REPORT_HTML = "validation.html"
REPORT_JSON = "validation.json"

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}.pass{color:#1a7f37}.fail{color:#b42318;font-weight:600}
.warn{color:#9a6700;font-weight:600}.verdict{font-size:1.1rem;padding:.6rem;border:2px solid}
small{color:#555}
"""


def _status(result: ExpectationResult) -> str:
    if result.success:
        return '<span class="pass">passed</span>'
    css = "warn" if result.severity == "warning" else "fail"
    return f'<span class="{css}">FAILED</span>'


def _detail(result: ExpectationResult) -> str:
    parts = []
    if result.unexpected_count is not None:
        parts.append(f"{result.unexpected_count} of {result.element_count} rows failed")
    if result.observed_value is not None:
        parts.append(f"observed {escape(str(result.observed_value))}")
    if result.school_ids:
        parts.append("schools: " + escape(", ".join(result.school_ids)))
    if result.sample_rows:
        parts.append("sample: " + escape(json.dumps(list(result.sample_rows)[:5], default=str)))
    if result.error:
        parts.append("error: " + escape(result.error))
    return "<br>".join(parts)


def _row(result: ExpectationResult) -> str:
    return (
        f"<tr><td>{_status(result)}</td><td>{result.severity}</td>"
        f"<td><code>{escape(result.name)}</code><br><small>{escape(result.gx_type)} on "
        f"{escape(result.frame)}</small></td>"
        f"<td>{escape(result.checks)}</td><td>{escape(result.why_it_matters)}</td>"
        f"<td>{escape(result.how_to_fix)}</td><td>{_detail(result)}</td></tr>"
    )


def render_html(gate: GateResult) -> str:
    if not gate.passed:
        verdict = "BLOCKED: " + ", ".join(r.name for r in gate.blocking_failures)
    else:
        verdict = "Publishable"
    withheld = "".join(
        f"<li><code>{escape(school)}</code>: {escape(', '.join(names))}</li>"
        for school, names in gate.withheld_schools.items()
    )
    sections = []
    for table in dict.fromkeys(result.table for result in gate.results):
        rows = "".join(_row(result) for result in gate.for_table(table))
        sections.append(
            f"<h2>{escape(table)}</h2><table><tr><th>status</th><th>severity</th>"
            "<th>expectation</th><th>what this checks</th><th>why it matters</th>"
            f"<th>how to fix it</th><th>result</th></tr>{rows}</table>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Release gate {gate.release_year}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Release gate: school year {gate.release_year}, data as of {gate.as_of_date}</h1>"
        f'<p class="verdict">{escape(verdict)}</p>'
        f"<p>Validated {escape(gate.validated_at)}. {len(gate.results)} expectations; "
        f"{len(gate.blocking_failures)} blocking failures, {len(gate.withheld_schools)} schools "
        f"withheld, {len(gate.warnings)} warnings. Counts and school ids only: no student-level "
        "values.</p>"
        f"<h2>Schools withheld</h2><ul>{withheld or '<li>none</li>'}</ul>"
        f"{''.join(sections)}</body></html>\n"
    )


def write_report(gate: GateResult, folder: str | Path) -> Path:
    """Write validation.html and validation.json into `folder`; return the HTML page's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPORT_JSON).write_text(json.dumps(gate.to_dict(), indent=2, default=str) + "\n")
    page = folder / REPORT_HTML
    page.write_text(render_html(gate))
    return page
