"""Semester marks for grades 6-12 and spring assessments for grades 3-8 and 10.

Marks follow a latent score from ability, the student's absence propensity and course rigour, so
poorer and more often absent students earn lower marks and more F's (about 6-8% of marks). AP, IB
and dual enrollment are offered at most high schools, fewer of them where poverty is high.
Assessment results use the same ability with noise; about 45% are proficient district-wide.
"""

from dataclasses import dataclass

import numpy as np

from .catalogue import AP, DE, ELECT_FY, ELECT_SEM, IB, PE, Catalogue, G, H, R
from .codes import EXIT, MARKS
from .enrollment import Spells
from .population import Cohort
from .school_calendar import YearCalendar
from .schools import HIGH, District

CUTS = np.array([-1.85, -1.62, -1.39, -1.16, -0.93, -0.7, -0.47, -0.23, 0.02, 0.26, 0.6, 1.2])
LEVEL_PENALTY = np.array([0.0, 0.15, 0.35, 0.35, 0.25, -0.3])
W_MARK = MARKS.index("W")
F_MARK = MARKS.index("F")


@dataclass
class Offer:
    ap: np.ndarray  # per school: offers AP courses
    ib: np.ndarray
    de: np.ndarray
    sections: np.ndarray  # per school: sections of a general course


def school_offers(district: District, rng: np.random.Generator) -> Offer:
    pov = district.expected_poverty
    secondary = district.level != 0
    ap = secondary & (rng.random(len(pov)) < 1.25 - pov)
    highs = np.flatnonzero(district.level == HIGH)
    ib = np.zeros(len(pov), dtype=bool)
    if len(highs) >= 3:
        ib[highs[np.argmin(pov[highs])]] = True
    de = (district.level == HIGH) & (rng.random(len(pov)) < 1.1 - 0.8 * pov)
    sections = 1 + (district.expected_enrollment // 300).astype(int)
    return Offer(ap, ib, de, sections)


@dataclass
class TeacherIndex:
    offset: np.ndarray  # [school, subject] into staff
    count: np.ndarray
    staff: np.ndarray  # staff ids


@dataclass
class Marks:
    stu: np.ndarray
    school: np.ndarray
    course: np.ndarray
    section: np.ndarray
    term: np.ndarray
    mark: np.ndarray
    attempted: np.ndarray
    earned: np.ndarray
    teacher: np.ndarray


def course_marks(
    sp: Spells,
    c: Cohort,
    cal: YearCalendar,
    cat: Catalogue,
    offer: Offer,
    teachers: TeacherIndex,
    rng: np.random.Generator,
) -> Marks:
    s = np.flatnonzero(sp.grade >= 6)
    n = len(s)
    stu, grade, school = sp.stu[s], sp.grade[s], sp.school[s]
    ability = c.ability[stu]
    parts = []
    elective = rng.integers(0, 6, n)
    for slot in range(7):
        x = ability + rng.normal(0, 0.5, n)
        level = np.full(n, G)
        if slot < ELECT_FY:
            level = np.where(x > 0.6, H, level)
            level = np.where((x > 1.0) & offer.de[school] & (rng.random(n) < 0.4), DE, level)
            level = np.where((x > 1.2) & offer.ap[school], AP, level)
            level = np.where((x > 1.2) & offer.ib[school], IB, level)
            level = np.where(x < -1.5, R, level)
            unavailable = cat.pick[slot, grade, level, 0] < 0
            level = np.where(unavailable & (level != R) & (grade < 12), H, level)
            level = np.where(cat.pick[slot, grade, level, 0] < 0, G, level)
        elif slot in (ELECT_FY, ELECT_SEM):
            level = elective % np.maximum(cat.variants[slot, grade], 1)
        elif slot == PE:
            level = np.where(grade >= 10, (elective + 3) % 6, 0)
        for term in (0, 1):
            course = cat.pick[slot, grade, level, term]
            parts.append((np.flatnonzero(course >= 0), course[course >= 0], term))
    row = np.concatenate([p[0] for p in parts])
    course = np.concatenate([p[1] for p in parts])
    term = np.concatenate([np.full(len(p[0]), p[2], np.int8) for p in parts])

    # a mark where the spell covers the end of the term; W where a leaver left during it
    brk = cal.semester_break
    t_start = np.where(term == 0, 0, brk)
    t_end = np.where(term == 0, brk - 1, len(cal.instructional) - 1)
    sr = s[row]
    entry, exit_ = sp.entry[sr], sp.exit[sr]
    full = (entry <= t_end) & (exit_ >= t_end)
    withdrawn = (
        (exit_ < t_end) & (exit_ >= t_start) & (sp.exit_code[sr] != EXIT["transfer_in_district"])
    )
    keep = full | withdrawn
    row, course, term, withdrawn = row[keep], course[keep], term[keep], withdrawn[keep]

    stu_r, school_r = stu[row], school[row]
    score = (
        0.8 * ability[row]
        - 6 * (c.absence[stu_r] - 0.05)
        - LEVEL_PENALTY[cat.level[course]]
        + rng.normal(0, 0.75, len(row))
    )
    mark = (len(CUTS) - np.searchsorted(CUTS, score)).astype(np.int8)
    mark[withdrawn] = W_MARK
    attempted = np.where(withdrawn, 0.0, 0.5).astype(np.float32)
    earned = np.where(mark == F_MARK, 0.0, attempted).astype(np.float32)

    sections = np.where(cat.level[course] == G, offer.sections[school_r], 1)
    section = (c.sid[stu_r] * 7 + course) % sections + 1
    subject = cat.subject[course]
    count = teachers.count[school_r, subject]
    pick = (course * 31 + section * 17) % np.maximum(count, 1)
    teacher = np.where(count > 0, teachers.staff[teachers.offset[school_r, subject] + pick], -1)
    order = np.lexsort((course, term, stu_r))
    return Marks(
        stu_r[order],
        school_r[order],
        course[order],
        section[order],
        term[order],
        mark[order],
        attempted[order],
        earned[order],
        teacher[order],
    )


TESTED = {3: (0, 1), 4: (0, 1), 5: (0, 1, 2), 6: (0, 1), 7: (0, 1), 8: (0, 1, 2), 10: (0, 1, 2)}


@dataclass
class Tests:
    stu: np.ndarray
    subject: np.ndarray
    grade: np.ndarray
    day: np.ndarray  # day number
    score: np.ndarray
    level: np.ndarray


def assessments(sp: Spells, c: Cohort, cal: YearCalendar, rng: np.random.Generator) -> Tests:
    window = len(cal.instructional) - 35  # late April to early May
    test_day = window + sp.school % 8
    on_roll = (sp.entry <= test_day) & (sp.exit >= test_day) & (rng.random(len(sp)) > 0.015)
    rows, subjects = [], []
    for grade, subs in TESTED.items():
        at = np.flatnonzero(on_roll & (sp.grade == grade))
        for subject in subs:
            rows.append(at)
            subjects.append(np.full(len(at), subject, np.int8))
    row = np.concatenate(rows)
    subject = np.concatenate(subjects)
    stu = sp.stu[row]
    z = 0.85 * c.ability[stu] - 3 * (c.absence[stu] - 0.05) + rng.normal(0, 0.5, len(row))
    score = np.round(750 + 60 * z + 8 * sp.grade[row]).astype(np.float32)
    level = (1 + np.searchsorted([-0.75, 0.1, 1.1], z)).astype(np.int8)
    day = cal.instructional[test_day[row] + subject]
    order = np.lexsort((subject, stu))
    return Tests(
        stu[order], subject[order], sp.grade[row][order], day[order], score[order], level[order]
    )
