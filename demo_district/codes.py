"""Code sets of the export contract, in the order the generator indexes them."""

GRADES = ["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
SEX = ["F", "M", "X"]
RACE = [
    "hispanic",
    "american_indian",
    "asian",
    "black",
    "pacific_islander",
    "white",
    "two_or_more",
]
EXIT_CODES = [
    "promoted",
    "transfer_in_district",
    "transfer_out_documented",
    "emigrated",
    "deceased",
    "dropout",
    "ged",
    "certificate",
    "graduated",
    "unknown",
]
EXIT = {code: i for i, code in enumerate(EXIT_CODES)}
ATTENDANCE_CODES = [
    "absent_excused",
    "absent_unexcused",
    "suspension_out_of_school",
    "tardy",
    "early_dismissal",
]
SUBJECTS = [
    "english",
    "math",
    "science",
    "social_studies",
    "world_language",
    "arts",
    "pe_health",
    "cte",
    "other",
]
SUBJECT = {s: i for i, s in enumerate(SUBJECTS)}
COURSE_LEVELS = ["general", "honors", "ap", "ib", "dual_enrollment", "remedial"]
MARKS = [
    "A+",
    "A",
    "A-",
    "B+",
    "B",
    "B-",
    "C+",
    "C",
    "C-",
    "D+",
    "D",
    "D-",
    "F",
    "P",
    "NP",
    "I",
    "W",
]
DISCIPLINE_ACTIONS = ["in_school_suspension", "out_of_school_suspension", "expulsion", "other"]
OFFENSES = [
    "disruption",
    "defiance",
    "fighting",
    "bullying",
    "vaping_tobacco",
    "drugs_alcohol",
    "theft",
    "weapons",
    "attendance_policy",
]
