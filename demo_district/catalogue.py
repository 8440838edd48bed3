"""The district course catalogue and the slot table that turns a schedule into courses.

Secondary students fill fixed slots (English, math, science, social studies, a year-long elective,
semester electives, PE/health); for core slots the dimension after grade is the course level, for
elective slots it is a variant drawn at random. Full-year courses carry 1.0 credit, semester
courses 0.5; dual-enrollment courses also carry 3 college credit hours.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import COURSE_LEVELS, SUBJECTS

G, H, AP, IB, DE, R = range(6)
ENG, MATH, SCI, SOC, ELECT_FY, ELECT_SEM, PE = range(7)
LEVEL_LETTER = "GHAIDR"
CORE = {
    ENG: (
        "english",
        "ENG",
        {
            G: {
                6: "English Language Arts 6",
                7: "English Language Arts 7",
                8: "English Language Arts 8",
                9: "English I",
                10: "English II",
                11: "English III",
                12: "English IV",
            },
            AP: {11: "AP English Language and Composition", 12: "AP English Literature"},
            IB: {11: "IB English A Literature HL 1", 12: "IB English A Literature HL 2"},
            DE: {11: "ENGL 1301 Composition I (DE)", 12: "ENGL 1302 Composition II (DE)"},
            R: {6: "Reading Intervention 6", 9: "Reading Intervention 9"},
        },
    ),
    MATH: (
        "math",
        "MTH",
        {
            G: {
                6: "Math 6",
                7: "Math 7",
                8: "Math 8",
                9: "Algebra I",
                10: "Geometry",
                11: "Algebra II",
                12: "Precalculus",
            },
            AP: {11: "AP Statistics", 12: "AP Calculus AB"},
            IB: {11: "IB Mathematics Analysis SL 1", 12: "IB Mathematics Analysis SL 2"},
            DE: {12: "MATH 1314 College Algebra (DE)"},
            R: {9: "Foundations of Algebra"},
        },
    ),
    SCI: (
        "science",
        "SCI",
        {
            G: {
                6: "Science 6",
                7: "Life Science",
                8: "Physical Science",
                9: "Biology",
                10: "Chemistry",
                11: "Physics",
                12: "Environmental Science",
            },
            AP: {11: "AP Biology", 12: "AP Chemistry"},
            IB: {11: "IB Biology HL 1", 12: "IB Biology HL 2"},
            DE: {12: "BIOL 1406 Biology for Science Majors (DE)"},
        },
    ),
    SOC: (
        "social_studies",
        "SOC",
        {
            G: {
                6: "World Cultures",
                7: "State History",
                8: "U.S. History to 1877",
                9: "World Geography",
                10: "World History",
                11: "U.S. History",
                12: "Government",
            },
            AP: {
                9: "AP Human Geography",
                10: "AP World History",
                11: "AP U.S. History",
                12: "AP U.S. Government and Politics",
            },
            IB: {11: "IB History of the Americas HL 1", 12: "IB History of the Americas HL 2"},
            DE: {11: "HIST 1301 U.S. History I (DE)", 12: "GOVT 2305 Federal Government (DE)"},
        },
    ),
}
HONORS_GRADES = range(6, 12)
FULL_YEAR_ELECTIVES = [  # (code stem, title, subject, level per grade offset)
    ("SPA", "Spanish", "world_language"),
    ("FRE", "French", "world_language"),
    ("ART", "Art", "arts"),
    ("BND", "Band", "arts"),
    ("CHO", "Choir", "arts"),
    ("CTE", "Career and Technical Pathway", "cte"),
]
SEMESTER_ELECTIVES = [
    ("PSY", "Psychology", "social_studies"),
    ("FIN", "Personal Financial Literacy", "other"),
    ("CSP", "Computer Science Principles", "cte"),
    ("CUL", "Culinary Arts", "cte"),
    ("THE", "Theatre Arts", "arts"),
    ("SKL", "Study Skills", "other"),
]
ROMAN = ["I", "II", "III", "IV"]


@dataclass
class Catalogue:
    frame: pd.DataFrame  # contract columns, codes as text
    subject: np.ndarray  # per course, index into SUBJECTS
    level: np.ndarray  # per course, index into COURSE_LEVELS
    pick: np.ndarray  # [slot, grade 0..12, level or variant, term S1/S2] -> course index, -1 none
    variants: np.ndarray  # [slot, grade] number of variants for elective slots


def build_catalogue() -> Catalogue:
    rows: list[tuple] = []
    pick = np.full((7, 13, 6, 2), -1, dtype=np.int32)
    variants = np.zeros((7, 13), dtype=np.int32)

    def add(code, title, subject, level, credit, hours=None) -> int:
        rows.append(
            (
                code,
                title,
                subject,
                COURSE_LEVELS[level],
                credit,
                subject in ("english", "math", "science", "social_studies"),
                hours,
            )
        )
        return len(rows) - 1

    for slot, (subject, stem, titles) in CORE.items():
        for grade, title in titles[G].items():
            if slot == SOC and grade == 12:
                pick[slot, grade, G, 0] = add("SOC12G", "Government", subject, G, 0.5)
                pick[slot, grade, G, 1] = add("SOC12E", "Economics", subject, G, 0.5)
            else:
                pick[slot, grade, G, :] = add(f"{stem}{grade:02d}G", title, subject, G, 1.0)
            if grade in HONORS_GRADES:
                pick[slot, grade, H, :] = add(
                    f"{stem}{grade:02d}H", f"{title} Honors", subject, H, 1.0
                )
        for level in (AP, IB, DE, R):
            for grade, title in titles.get(level, {}).items():
                code = f"{stem}{grade:02d}{LEVEL_LETTER[level]}"
                pick[slot, grade, level, :] = add(
                    code, title, subject, level, 1.0, 3.0 if level == DE else None
                )
    for grade in range(6, 13):
        year = min(grade - 6, 3) if grade <= 8 else min(grade - 9, 3)
        for v, (stem, title, subject) in enumerate(FULL_YEAR_ELECTIVES):
            suffix = f" {ROMAN[year]}" if grade >= 9 else " (Middle School)"
            code = f"{stem}{'M' if grade <= 8 else ROMAN[year]}"
            existing = [i for i, r in enumerate(rows) if r[0] == code]
            level = AP if (stem == "SPA" and grade == 12) else G
            if level == AP:
                code, suffix = "SPAAP", " Language and Culture"
                existing = [i for i, r in enumerate(rows) if r[0] == code]
            idx = (
                existing[0]
                if existing
                else add(code, ("AP " if level == AP else "") + title + suffix, subject, level, 1.0)
            )
            pick[ELECT_FY, grade, v, :] = idx
        variants[ELECT_FY, grade] = len(FULL_YEAR_ELECTIVES)
    semester = [add(f"{s}S", t, subj, G, 0.5) for s, t, subj in SEMESTER_ELECTIVES]
    for grade in range(9, 13):
        for v in range(len(semester)):
            pick[ELECT_SEM, grade, v, 0] = semester[v]
            pick[ELECT_SEM, grade, v, 1] = semester[(v + 1 + grade) % len(semester)]
        variants[ELECT_SEM, grade] = len(semester)
    pe_ms = add("PEM", "Physical Education (Middle School)", "pe_health", G, 1.0)
    pe_hs = add("PE1S", "Physical Education I", "pe_health", G, 0.5)
    health = add("HLTS", "Health", "pe_health", G, 0.5)
    for grade in range(6, 9):
        pick[PE, grade, 0, :] = pe_ms
    pick[PE, 9, 0, 0], pick[PE, 9, 0, 1] = pe_hs, health
    for grade in range(10, 13):  # upper grades trade PE/health for more semester electives
        pick[PE, grade] = pick[ELECT_SEM, grade, :, ::-1]
        variants[PE, grade] = len(semester)
    variants[PE, 6:10] = 1

    frame = pd.DataFrame(
        rows,
        columns=[
            "course_code",
            "course_title",
            "subject_area",
            "course_level",
            "credit_value",
            "core",
            "college_credit_hours",
        ],
    )
    frame["is_core"] = np.where(frame.pop("core"), "Y", "N")
    frame = frame[
        [
            "course_code",
            "course_title",
            "subject_area",
            "course_level",
            "credit_value",
            "is_core",
            "college_credit_hours",
        ]
    ]
    subject = frame.subject_area.map({s: i for i, s in enumerate(SUBJECTS)}).to_numpy()
    level = frame.course_level.map({s: i for i, s in enumerate(COURSE_LEVELS)}).to_numpy()
    return Catalogue(frame, subject, level, pick, variants)
