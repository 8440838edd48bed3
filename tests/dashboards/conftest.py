"""The dashboard tests build on the release tests' hand-made warehouse (packet_warehouse.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path; appended, as
# tests/release/conftest.py does, so no folder's module shadows another's.
sys.path.append(str(Path(__file__).parents[1] / "release"))
