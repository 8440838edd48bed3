# From a fresh clone, with nothing but Python 3.11: `make run` builds the demo district's warehouse,
# `make test` runs every test. Both install what they need, pinned by uv.lock.
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8

# uv must use this Python, never download one: the machines here reach only package registries.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test test-python ui bench lint test-spark

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked
	touch $@

setup: .venv/.synced

run: setup
	$(UV) run --locked k12 generate --if-absent
	$(UV) run --locked k12 run

# test_portable_sql: no DuckDB-only SQL outside the dispatch macros (dbt_project/macros/portable),
# since Spark builds the same project.
lint: setup
	$(UV) run --locked ruff check .
	$(UV) run --locked sqlfluff lint dbt_project/models dbt_project/macros
	$(UV) run --locked pytest -q -p no:cacheprovider tests/dbt/test_portable_sql.py
	$(UV) run --locked k12 contract-doc --check

# The Spark comparison runs beside the rest of the suite, not after it: each leaves much of the
# two cores idle (starting a JVM, dbt and browsers), and one after the other they took 23 of the
# 25 minutes `make test` may take from a fresh clone. --output-sync keeps the two apart: each
# prints its whole output when it ends (the Spark comparison first, after about 6 minutes).
test: lint
	$(MAKE) --jobs=2 --output-sync=line test-python test-spark

test-python: setup
	$(UV) run --locked pytest --ignore=tests/spark

# The fixture districts built on local Spark (Java 17, dbt-spark's session method) and compared
# with DuckDB's marts row for row (docs/state-scale.md), in an environment of their own: the
# project plus the `spark` dependency group, kept out of .venv (see pyproject.toml).
SPARK_ENV := .venv-spark
test-spark: $(UV)
	UV_PROJECT_ENVIRONMENT=$(SPARK_ENV) $(UV) run --locked --group spark pytest tests/spark

# `make ui PORT=4000`; without PORT, `k12 ui` serves on its own default port (3000).
ui: setup
	$(UV) run --locked k12 ui $(if $(PORT),--port $(PORT))

bench: setup
	$(UV) run --locked k12 bench

# Both importers on the public samples in ../shared/reference-data, printing what they produced.
# Not part of `make test`: a clone of the project does not have that folder. Output goes to a
# temporary folder that is removed afterwards.
SAMPLES ?= ../shared/reference-data
.PHONY: check-samples
check-samples: setup
	@test -d $(SAMPLES) || { echo "$(SAMPLES) not found; run with SAMPLES=<reference-data folder>"; exit 1; }
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	echo "== Ed-Fi Grand Bend (DS 5.2 XML), school year 2022" && \
	$(UV) run --locked k12 import edfi $(SAMPLES)/edfi_grand_bend_xml/SampleXML --out $$out/edfi --school-year 2022 && \
	for bundle in $$(find $(SAMPLES)/oneroster_csv_samples -name users.csv -exec dirname {} \; | sort); do \
	  echo "== OneRoster $${bundle#$(SAMPLES)/}" && \
	  $(UV) run --locked k12 import oneroster $$bundle --out $$out/$$(basename $$bundle) --school-year 2023 || exit 1; \
	done && \
	echo "== files written (lines, header included)" && \
	cd $$out && find . -name '*.csv' -not -path '*/.import/*' | sort | xargs wc -l

# The dashboard (dashboards/): static HTML from the latest Parquet exports (K12_EXPORT_DIR, default
# data/exports), written beside them: open data/dashboard/index.html. Needs a run that published
# the exports (`make run`); reads nothing else.
.PHONY: dashboard
dashboard: setup
	$(UV) run --locked python -m dashboards.build
