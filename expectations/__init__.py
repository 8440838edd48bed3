"""Great Expectations suites for what leaves the warehouse: the principal-packet release gate.

- `spec`: an `Expectation` (a GX Core expectation with a severity, `critical`, `school` or
  `warning`, and its "checks / why it matters / how to fix" meta), a `Suite` per table, and
  `GateSettings` (freshness window, max change between releases).
- `suites/`: one module per published table.
- `runner`: `validate_release(tables, settings, previous)` and `validate_warehouse(path, ...)`
  return a `GateResult`: per expectation its severity, success, counts and failing school ids.
- `report`: `write_report(gate, folder)` writes validation.html and validation.json.
- `snapshot`: a release's per-school numbers, to compare the next release with.

GX Core 1.x with an ephemeral context and its pandas data source: its SQL data source over
duckdb-engine returns no rows for metric queries, so the marts are read into pandas with a
read-only DuckDB connection. Only `runner` imports GX (slow), and only when it validates."""
