"""GIVEN the machine-readable contract WHEN the doc is rendered
THEN the committed doc matches it."""

from ingestion.contract_doc import render_contract_doc
from orchestration.settings import REPO_ROOT


def test_committed_contract_doc_is_current():
    committed = (REPO_ROOT / "docs" / "export-contract.md").read_text(encoding="utf-8")
    assert committed == render_contract_doc()


def test_doc_lists_every_column_with_its_rule():
    rendered = render_contract_doc()
    assert "### `sis/attendance/<school_year>.csv`" in rendered
    assert "| `day_fraction_absent` | decimal | yes | ≥ 0, ≤ 1 |" in rendered
    assert "| `race_ethnicity` | code | yes | code set `race_ethnicity` |" in rendered
    assert "Primary key within a file: none (every row stands)." in rendered
