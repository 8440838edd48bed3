# From a fresh clone, with nothing but Python 3.11: `make run` builds the demo district's warehouse,
# `make test` runs every test. Both install what they need, pinned by uv.lock.
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8

# uv must use this Python, never download one: the machines here reach only package registries.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test ui bench lint

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

lint: setup
	$(UV) run --locked ruff check .
	$(UV) run --locked sqlfluff lint dbt_project/models dbt_project/macros
	$(UV) run --locked k12 contract-doc --check

test: lint
	$(UV) run --locked pytest

ui: setup
	$(UV) run --locked k12 ui

bench: setup
	$(UV) run --locked k12 bench
