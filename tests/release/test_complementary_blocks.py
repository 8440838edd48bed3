"""The linear audit solves each block of hidden cells on its own.

GIVEN random tables of families (random cells hidden), some sharing cells and some not
WHEN the audit looks for determined cells block by block
THEN it finds exactly the cells one solve of the whole system finds.
"""

from __future__ import annotations

import random

from release.complementary import Family
from release.complementary_audit import determined as _determined
from release.complementary_audit import determined_in_block as _determined_in_block


def test_two_independent_singletons_are_found_in_their_own_blocks():
    # cells 0 + 1 = 2 and 3 + 4 = 5: hiding 0 and 3 gives both away; hiding 6 and 7 of
    # 6 + 7 = 8 gives neither
    families = [Family((0, 1), 2), Family((3, 4), 5), Family((6, 7), 8)]
    assert _determined(families, {0, 3, 6, 7}) == [0, 3]


def test_blocks_find_the_same_cells_as_one_solve_of_the_whole_system():
    rng = random.Random(13)
    found_some = 0
    for _ in range(200):
        cells = rng.randint(6, 40)
        families = []
        for _ in range(rng.randint(2, 12)):
            members = rng.sample(range(cells), rng.randint(3, 6))
            families.append(Family(tuple(members[:-1]), members[-1]))
        layer = set(rng.sample(range(cells), rng.randint(1, cells // 2)))
        whole = _determined_in_block(families, layer)
        assert _determined(families, layer) == whole
        found_some += bool(whole)
    assert found_some > 20  # the comparison covers systems that do give cells away
