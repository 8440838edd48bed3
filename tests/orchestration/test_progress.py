"""GIVEN what a run reports, made by hand with the seconds at which it happens
WHEN RunProgress turns it into console lines
THEN a short stage prints one line, a long one a few (one per 10% at most every 15 s, a heartbeat
every 60 s when nothing moves), and the lines carry the counts a reader wants."""

from orchestration.progress import (
    CheckEvaluated,
    DbtInvocationStarted,
    DbtNodeDone,
    Materialized,
    RunProgress,
    StepEnded,
    StepStarted,
    console_output_problems,
    dbt_line_event,
    dbt_node_total,
)

EXTRACTS = frozenset({"sis__students", "sis__enrollments", "hr__staff"})


def _loaded(at, step, files, rows, quarantined):
    metadata = {
        "files_loaded": files,
        "files_unchanged": 1,
        "rows_loaded_this_run": rows,
        "rows_rejected_this_run": quarantined,
    }
    return [StepStarted(at, step), Materialized(at + 1, step, metadata)]


def _feed(progress, events):
    return [line for event in events for line in progress.observe(event)]


def test_a_fast_run_prints_one_line_per_stage():
    progress = RunProgress(ingestion_steps=EXTRACTS)
    events = [
        *_loaded(0, "sis__students", 2, 1000, 3),
        StepEnded(2, "sis__students", "succeeded"),
        StepStarted(2, "sis__students_students_has_no_quarantined_rows"),  # in no stage
        CheckEvaluated(2, "sis__students_students_has_no_quarantined_rows", "warned"),
        *_loaded(2, "sis__enrollments", 1, 500, 0),
        StepEnded(4, "sis__enrollments", "succeeded"),
        *_loaded(4, "hr__staff", 1, 20, 1),
        StepEnded(5, "hr__staff", "succeeded"),
        StepStarted(5, "dbt_models"),
        # dbt builds 2 nodes, then tests them in a second invocation: 1 passes, 1 warns
        DbtInvocationStarted(5),
        *[DbtNodeDone(6 + n, 2) for n in range(2)],
        DbtInvocationStarted(8),
        DbtNodeDone(8, 2, "PASS"),
        DbtNodeDone(9, 2, "WARN"),
        StepEnded(10, "dbt_models", "succeeded"),
        StepStarted(10, "release_gate"),
        *[CheckEvaluated(12, "release_gate", "passed") for _ in range(6)],
        CheckEvaluated(12, "release_gate", "warned"),
        StepEnded(12, "release_gate", "succeeded"),
        StepStarted(12, "principal_packets"),
        Materialized(14, "principal_packets", {"schools_released": 11, "schools_withheld": 1}),
        StepEnded(14, "principal_packets", "succeeded"),
    ]

    lines = _feed(progress, events) + progress.finish(14, succeeded=True)

    assert lines == [
        "[0:05] ingestion: done in 0:05, 3 of 3 extracts, 4 files (3 unchanged), "
        "1,520 rows loaded, 4 quarantined",
        "[0:10] dbt build: done in 0:05, 4 of 4 nodes; tests 1 passed, 1 warned",
        "[0:12] release gate: done in 0:02, marts checked: 6 passed, 1 warned",
        "[0:14] release: done in 0:02, 11 packets written, 1 schools withheld",
    ]
    assert console_output_problems(lines) == []


def test_a_long_dbt_build_prints_a_line_per_tenth_at_most_every_15_seconds():
    progress = RunProgress(ingestion_steps=frozenset())
    progress.observe(StepStarted(0, "dbt_models"))
    # 1,000 nodes, one every 0.2 s: 200 s in all, 10% every 20 s.
    lines = _feed(progress, [DbtNodeDone(0.2 * n, 1000) for n in range(1, 1001)])
    lines += progress.observe(StepEnded(200.5, "dbt_models", "succeeded"))

    assert len(lines) == 10
    assert lines[0] == "[0:20] dbt build: 100 of 1,000 nodes (running 0:20)"
    assert lines[1] == "[0:40] dbt build: 200 of 1,000 nodes (running 0:40)"
    assert lines[-2] == "[3:00] dbt build: 900 of 1,000 nodes (running 3:00)"
    assert lines[-1] == "[3:20] dbt build: done in 3:20, 1,000 of 1,000 nodes"


def test_fast_progress_is_held_back_to_one_line_per_15_seconds():
    progress = RunProgress(ingestion_steps=frozenset())
    progress.observe(StepStarted(0, "dbt_models"))
    # Half the nodes in the first 10 s: no line before 15 s, then one.
    lines = _feed(progress, [DbtNodeDone(n / 50, 1000) for n in range(1, 501)])
    assert lines == []
    assert progress.tick(14.9) == []
    assert progress.tick(15) == ["[0:15] dbt build: 500 of 1,000 nodes (running 0:15)"]
    assert progress.tick(16) == []


def test_a_quiet_stage_prints_a_heartbeat_every_60_seconds():
    progress = RunProgress(ingestion_steps=frozenset())
    progress.observe(StepStarted(100, "release_gate"))

    beats = [line for second in range(100, 231) for line in progress.tick(second)]

    assert beats == [
        "[2:40] release gate: marts checked: none yet (running 1:00)",
        "[3:40] release gate: marts checked: none yet (running 2:00)",
    ]


def test_ingestion_counts_a_failed_extract_and_the_stages_it_stopped():
    progress = RunProgress(ingestion_steps=EXTRACTS)
    events = [
        *_loaded(0, "sis__students", 2, 1000, 0),
        StepEnded(2, "sis__students", "succeeded"),
        StepStarted(2, "sis__enrollments"),
        StepEnded(3, "sis__enrollments", "failed"),
        *_loaded(3, "hr__staff", 1, 20, 0),
        StepEnded(5, "hr__staff", "succeeded"),
        StepEnded(5, "dbt_models", "skipped"),
    ]

    lines = _feed(progress, events) + progress.finish(6, succeeded=False)

    assert lines == [
        "[0:05] ingestion: FAILED after 0:05, 3 of 3 extracts, 3 files (2 unchanged), "
        "1,020 rows loaded, 0 quarantined",
        "[0:05] dbt build: skipped (an earlier step or a blocking check failed)",
        "[0:06] release gate: not run (an earlier stage failed)",
        "[0:06] release: not run (an earlier stage failed)",
    ]


def test_a_run_of_what_changed_says_nothing_of_the_stages_it_did_not_select():
    progress = RunProgress(ingestion_steps=frozenset({"sis__students"}))
    lines = _feed(
        progress,
        [*_loaded(0, "sis__students", 1, 10, 0), StepEnded(1, "sis__students", "succeeded")],
    )
    lines += progress.finish(2, succeeded=True)

    assert lines == [
        "[0:01] ingestion: done in 0:01, 1 of 1 extracts, 1 files (1 unchanged), "
        "10 rows loaded, 0 quarantined"
    ]


def test_dbt_node_lines_are_the_finished_ones_not_the_starting_ones():
    assert dbt_node_total("12 of 1442 OK created sql view model staging.stg_sis__students") == 1442
    assert dbt_node_total("13 of 1442 PASS not_null_dim_school_school_id .... [PASS in 0.05s]")
    assert dbt_node_total("14 of 1442 WARN 3 accepted_values_dim_school_school_status") == 1442
    assert dbt_node_total("15 of 1442 ERROR creating sql table model marts.dim_school") == 1442
    assert dbt_node_total("12 of 1442 START sql view model staging.stg_sis__students") is None
    assert dbt_node_total("Found 87 models, 1355 data tests, 20 seeds") is None
    assert dbt_node_total("2026-01-05T05:00:00Z - DEBUG - 1 of 3 OK") is None


def test_dbt_lines_say_when_an_invocation_starts_and_how_each_node_ended():
    assert dbt_line_event("Running with dbt=1.11.16", 3.0) == DbtInvocationStarted(3.0)
    assert dbt_line_event("7 of 9 FAIL 33 not_null_x ... [FAIL 33 in 0.1s]", 4.0) == DbtNodeDone(
        4.0, 9, "FAIL"
    )
    assert dbt_line_event("7 of 9 START test not_null_x", 4.0) is None
    assert dbt_line_event("Found 87 models, 1355 data tests", 4.0) is None


def test_the_nodes_of_the_build_and_the_tests_add_up_and_failed_tests_are_counted():
    progress = RunProgress(ingestion_steps=frozenset())
    progress.observe(StepStarted(0, "dbt_models"))
    events = [
        DbtInvocationStarted(1),
        *[DbtNodeDone(2, 3) for _ in range(3)],  # 3 seeds and models
        DbtInvocationStarted(3),
        DbtNodeDone(4, 5, "PASS"),
        DbtNodeDone(4, 5, "PASS"),
        DbtNodeDone(4, 5, "FAIL"),
        DbtNodeDone(4, 5, "ERROR"),  # a test that could not run: dbt's summary counts it apart
        DbtNodeDone(4, 5, "WARN"),
    ]
    lines = _feed(progress, events) + progress.observe(StepEnded(5, "dbt_models", "succeeded"))
    assert lines == [
        "[0:05] dbt build: done in 0:05, 8 of 8 nodes; tests 1 failed, 2 passed, 1 warned"
    ]


def test_console_output_problems_finds_log_lines_colours_missing_stages_and_length():
    good = [
        "[0:05] ingestion: done in 0:05, 3 of 3 extracts",
        "[0:10] dbt build: done in 0:05, 4 of 4 nodes",
        "[0:12] release gate: done in 0:02, marts checked: 7 passed",
        "[0:14] release: done in 0:02, 11 packets written, 0 schools withheld",
    ]
    assert console_output_problems(good) == []

    noisy = [
        good[0],
        "2026-01-05T05:00:00Z - DEBUG - materialize_everything - abc - dbt_models - STEP_START",
        "\x1b[32mOK\x1b[0m",
    ]
    assert console_output_problems(noisy, max_lines=2) == [
        "3 console lines, more than 2",
        "no line for the dbt build stage",
        "no line for the release gate stage",
        "no line for the release stage",
        f"a Dagster log line on the console: {noisy[1]!r}",
        f"colour codes in {noisy[2]!r}",
    ]


def test_a_slow_start_is_heard_from_every_60_seconds_until_the_first_step():
    progress = RunProgress(ingestion_steps=EXTRACTS)

    beats = [line for second in range(0, 130) for line in progress.tick(second)]
    progress.observe(StepStarted(130, "hr__staff"))

    assert beats == [
        "[1:00] preparing: Dagster is planning the run (running 1:00)",
        "[2:00] preparing: Dagster is planning the run (running 2:00)",
    ]
    assert progress.tick(191) == [  # the ingestion's own heartbeat, no more preparing
        "[3:11] ingestion: 0 of 3 extracts, 0 files (0 unchanged), 0 rows loaded, 0 quarantined "
        "(running 1:01)"
    ]


def test_counts_in_the_thousands_have_separators():
    progress = RunProgress(ingestion_steps=frozenset())
    progress.observe(StepStarted(0, "dbt_models"))
    for _ in range(1200):
        progress.observe(CheckEvaluated(1, "dbt_models", "passed"))

    assert progress.tick(60) == [
        "[1:00] dbt build: 0 of 0 nodes; tests 1,200 passed (running 1:00)"
    ]
