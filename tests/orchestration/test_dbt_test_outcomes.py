"""Which marts a failed dbt test withholds: the model it is on and everything downstream of it,
nothing else. Hand-made manifest and run results, with a finance branch and an SIS branch:

    seed xwalk_fund -> stg_finance__gl_actuals -> int_gl_actuals_classified -> fct_school_spending
    stg_sis__students -> dim_student -> fct_student_attendance
"""

import json
from dataclasses import asdict

from expectations.runner import MartVerdict
from orchestration.dbt_test_outcomes import (
    load_outcomes,
    mart_verdict,
    mart_verdicts,
    models_with_tests,
    outcomes_by_model,
    save_outcomes,
)

PARENTS = {
    "seed.k.xwalk_fund": [],
    "model.k.stg_finance__gl_actuals": ["seed.k.xwalk_fund"],
    "model.k.int_gl_actuals_classified": ["model.k.stg_finance__gl_actuals"],
    "model.k.fct_school_spending": ["model.k.int_gl_actuals_classified"],
    "model.k.stg_sis__students": [],
    "model.k.dim_student": ["model.k.stg_sis__students"],
    "model.k.fct_student_attendance": ["model.k.dim_student"],
}
# test unique id -> (attached model, every node it reads)
TESTS = {
    "test.k.not_null_int_gl_actuals_classified_fund": ("model.k.int_gl_actuals_classified", []),
    "test.k.unique_dim_student_student_id": ("model.k.dim_student", []),
    "test.k.relationships_fct_student_attendance_student_id": (
        "model.k.fct_student_attendance",
        ["model.k.dim_student"],
    ),
    "test.k.accepted_values_stg_sis__students_sex": ("model.k.stg_sis__students", []),
    # A singular test reads two models and is attached to neither: it belongs to both.
    "test.k.spending_adds_up_to_ledger": (None, ["model.k.fct_school_spending"]),
}


def _manifest() -> dict:
    nodes = {
        uid: {
            "name": uid.split(".")[-1],
            "resource_type": uid.split(".")[0],
            # as dbt writes them: a seed depends on macros only
            "depends_on": {"nodes": parents} if parents else {"macros": []},
        }
        for uid, parents in PARENTS.items()
    }
    for uid, (attached, reads) in TESTS.items():
        nodes[uid] = {
            "name": uid.split(".")[-1],
            "resource_type": "test",
            "attached_node": attached,
            "depends_on": {"nodes": [attached, *reads] if attached else reads},
        }
    return {"nodes": nodes}


def _run_results(**statuses: tuple[str, int | None]) -> dict:
    """Every test passes but those named, given (status, failing rows)."""
    results = []
    for uid in TESTS:
        status, failures = statuses.get(uid.split(".")[-1], ("pass", 0))
        results.append({"unique_id": uid, "status": status, "failures": failures})
    return {"results": results}


def test_a_failed_finance_test_withholds_the_finance_marts_and_nothing_else():
    # GIVEN 33 ledger rows with no fund in the classified ledger
    by_model = outcomes_by_model(
        _manifest(), _run_results(not_null_int_gl_actuals_classified_fund=("fail", 33))
    )
    verdicts = mart_verdicts(by_model)
    # THEN the model it is on and the mart built from it are withheld, naming the test
    assert verdicts["int_gl_actuals_classified"] == MartVerdict(
        False,
        "withheld: checks failed; its dbt tests failed: "
        "not_null_int_gl_actuals_classified_fund on int_gl_actuals_classified",
        ("int_gl_actuals_classified",),
    )
    assert verdicts["fct_school_spending"] == MartVerdict(
        False,
        "withheld: checks failed; dbt tests failed upstream: "
        "not_null_int_gl_actuals_classified_fund on int_gl_actuals_classified",
        ("int_gl_actuals_classified",),
    )
    # AND the models upstream of it, and the whole SIS branch, stay publishable
    withheld = {name for name, verdict in verdicts.items() if not verdict.publishable}
    assert withheld == {"int_gl_actuals_classified", "fct_school_spending"}


def test_a_passing_run_withholds_nothing_and_warnings_withhold_nothing():
    warned = _run_results(accepted_values_stg_sis__students_sex=("warn", 2))
    verdicts = mart_verdicts(outcomes_by_model(_manifest(), warned))
    assert all(verdict.publishable for verdict in verdicts.values())
    assert verdicts["fct_student_attendance"].reason == (
        "its dbt tests and those upstream of it passed"
    )


def test_an_error_or_a_skip_counts_as_a_failure():
    for status in ("error", "skipped"):
        results = _run_results(unique_dim_student_student_id=(status, None))
        verdict = mart_verdict("fct_student_attendance", outcomes_by_model(_manifest(), results))
        assert verdict == MartVerdict(
            False,
            "withheld: checks failed; dbt tests failed upstream: "
            "unique_dim_student_student_id on dim_student",
            ("dim_student",),
        )


def test_each_test_belongs_to_its_attached_model_and_a_singular_test_to_what_it_reads():
    by_model = outcomes_by_model(
        _manifest(),
        _run_results(
            relationships_fct_student_attendance_student_id=("fail", 4),
            spending_adds_up_to_ledger=("fail", 1),
        ),
    )
    # The relationships test reads dim_student too, but fails fct_student_attendance only.
    assert [o.test for o in by_model["fct_student_attendance"].failed] == [
        "relationships_fct_student_attendance_student_id"
    ]
    assert by_model["dim_student"].failed == []
    assert [o.failing_rows for o in by_model["fct_school_spending"].failed] == [1]
    assert by_model["fct_school_spending"].upstream == (
        "int_gl_actuals_classified",
        "stg_finance__gl_actuals",
        "xwalk_fund",
    )
    assert models_with_tests(_manifest()) == {
        "int_gl_actuals_classified",
        "dim_student",
        "fct_student_attendance",
        "stg_sis__students",
        "fct_school_spending",
    }


def test_the_verdict_names_every_failed_model_on_the_mart_and_upstream_sorted():
    # GIVEN a failure on the mart itself, one on its seed and one in the SIS branch
    results = _run_results(
        spending_adds_up_to_ledger=("fail", 1),
        not_null_int_gl_actuals_classified_fund=("error", None),
        unique_dim_student_student_id=("fail", 2),
    )
    verdict = mart_verdict("fct_school_spending", outcomes_by_model(_manifest(), results))
    # THEN the spending mart names its own and the ledger's, not the SIS branch's
    assert verdict.failed_models == ("fct_school_spending", "int_gl_actuals_classified")
    assert mart_verdict(
        "stg_finance__gl_actuals", outcomes_by_model(_manifest(), results)
    ) == MartVerdict(True, "its dbt tests and those upstream of it passed", ())


def test_failed_models_survive_the_saved_gate_result_and_older_results_read_as_none():
    verdict = MartVerdict(False, "withheld: checks failed; x", ("a_model", "b_model"))
    assert MartVerdict(**json.loads(json.dumps(asdict(verdict)))) == verdict
    assert MartVerdict(**{"publishable": False, "reason": "x"}).failed_models == ()


def test_a_model_this_run_did_not_build_is_not_withheld():
    assert mart_verdict("fct_school_budget", {}) == MartVerdict(
        True, "not built by dbt in this run"
    )


def test_outcomes_survive_the_file_the_checks_and_the_gate_read(tmp_path):
    by_model = outcomes_by_model(
        _manifest(), _run_results(not_null_int_gl_actuals_classified_fund=("fail", 33))
    )
    assert load_outcomes(tmp_path / "none") is None
    save_outcomes(tmp_path / "run", by_model)
    assert load_outcomes(tmp_path / "run") == by_model
