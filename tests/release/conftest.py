"""Fixtures for the release tests: the tiny hand-made warehouse of packet_warehouse.py."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path. Appended, not
# prepended, so this folder's conftest never shadows another folder's module names.
sys.path.append(str(Path(__file__).parent))

from packet_warehouse import build_packet_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def packet_warehouse(tmp_path_factory) -> Path:
    """With the projection and the budget; without course access and educator equity."""
    folder = tmp_path_factory.mktemp("packet_warehouse")
    return build_packet_warehouse(
        folder / "warehouse.duckdb", {"marts.fct_enrollment_projection", "marts.fct_school_budget"}
    )


@pytest.fixture
def packet_con(packet_warehouse):
    con = duckdb.connect(str(packet_warehouse), read_only=True)
    yield con
    con.close()
