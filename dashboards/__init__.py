"""The district dashboard: static HTML pages built from the public Parquet exports only.

Data flows one way into it: `release/exports.py` publishes `K12_EXPORT_DIR`, suppressed; this
package reads that folder and nothing else (never the warehouse, the analyst database or the
internal exports), so a withheld cell cannot reach a page. `python -m dashboards.build`.
"""
