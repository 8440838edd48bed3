"""Great Expectations suites for what leaves the warehouse (the principal-packet release gate).

GX Core 1.x with an ephemeral context and its pandas data source: its SQL data source over
duckdb-engine returns no rows for metric queries, so every SQL-backed expectation fails. The suites
arrive with the early-release work; dbt owns row-level checks until then."""
