"""GIVEN a release of 30 synthetic high schools, and a later release of the same year in which 1%
of the student cells moved, where the two releases together pin a withheld cell down whatever
else is hidden now (a coded rate's numerator: seed 3 of the synthetic district)
WHEN the later cells are suppressed against the earlier release
THEN the release does not stop: the table publishes none of its cells this time, so it tells
nothing the earlier release did not, and the log says how many cells were withheld and why, with
no cell's value; suppressed alone, the same cells would have been published in part."""

import logging

from release.level_suppression import KEYS, suppress_levels
from tests.release.test_suppression_history_scale import moved_students
from tests.release.test_suppression_scale import MINIMUM_N, published_levels, synthetic_students


def _releases():
    students = synthetic_students(30, seed=3)
    before = suppress_levels(published_levels(students), MINIMUM_N)
    previous = before[[*KEYS, "denominator_reported", "rate_reported"]]
    return previous, published_levels(moved_students(students, 103, 0.01))


def test_a_cell_the_two_releases_pin_down_withholds_the_whole_table(caplog):
    previous, now = _releases()
    assert previous["denominator_reported"].notna().any()

    with caplog.at_level(logging.WARNING, logger="release.suppression_history"):
        result = suppress_levels(now, MINIMUM_N, previous=previous)

    assert len(result) == len(now.drop_duplicates(KEYS)) > 0
    assert result["denominator_reported"].isna().all()
    assert result["rate_reported"].isna().all()
    assert set(result["reason"]) == {"primary", "complementary"}
    [record] = caplog.records
    assert "could not be protected against the previous release" in record.getMessage()
    assert record.args == (len(result),)


def test_alone_the_same_cells_are_published_in_part():
    _, now = _releases()
    alone = suppress_levels(now, MINIMUM_N)
    assert alone["denominator_reported"].notna().sum() > len(alone) // 2
