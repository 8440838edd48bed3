"""Real-world defects planted with messy=True, each one recorded in the summary.

Rows that break the contract, and every repeat of a primary key after its first row (ingestion
quarantines the repeats and loads the first copy), are counted in planted_rejects so an end-to-end
test can check the quarantine. Case variants, trailing spaces, an unknown column and a
Windows-1252 file must all load: the contract tolerates them.
"""

import csv
import io
import shutil
from pathlib import Path

DUPLICATES = 3
CURLY_NAME = "O\u2019Brien"  # U+2019 is 0x92 in cp1252 but a control character in latin-1


def _add_reject(summary, relpath: str, rows: int) -> None:
    key = "/".join(relpath.split("/")[:2])
    summary.planted_rejects[key] = summary.planted_rejects.get(key, 0) + rows
    summary.planted_rejects_by_file[relpath] = (
        summary.planted_rejects_by_file.get(relpath, 0) + rows
    )


def _read(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def plant_defects(out: Path, summary, years: list[int]) -> None:
    first, last = years[0], years[-1]
    planted = summary.planted

    # exact duplicate rows in a keyed extract
    rel = f"sis/attendance/{first}.csv"
    with open(out / rel, encoding="utf-8") as f:
        f.readline()
        copies = [f.readline() for _ in range(DUPLICATES)]
    copies = [line for line in copies if line]
    with open(out / rel, "a", encoding="utf-8") as f:
        f.writelines(copies)
    summary.files[rel] += len(copies)
    _add_reject(summary, rel, len(copies))
    planted.append(f"{rel}: {len(copies)} rows repeated exactly (the repeats are quarantined)")

    # contract-breaking rows: an impossible date and a day fraction above 1
    rel = f"sis/attendance/{last}.csv"
    with open(out / rel, encoding="utf-8") as f:
        f.readline()
        student, school = f.readline().split(",")[:2]
    saturday = f"{last - 1}-10-0{_first_saturday(last - 1)}"
    with open(out / rel, "a", encoding="utf-8") as f:
        f.write(f"{student},{school},{last - 1}-13-45,absent_excused,1.0\n")
        f.write(f"{student},{school},{saturday},absent_unexcused,1.5\n")
    summary.files[rel] += 2
    _add_reject(summary, rel, 2)
    planted.append(f"{rel}: one row dated {last - 1}-13-45 and one with day_fraction_absent 1.5")

    planted.append(
        f"sis/students/{first}.csv and sis/attendance/{first}.csv: some codes in "
        "other case (e.g. Hispanic, ABSENT_EXCUSED)"
    )

    # Windows-1252 file with a character that differs from latin-1
    rel = f"hr/staff/{last}.csv"
    rows = _read(out / rel)
    rows[1][2] = CURLY_NAME
    _write(out / rel, rows, encoding="cp1252")
    planted.append(f"{rel}: written in Windows-1252, with the name {CURLY_NAME}")

    # an unknown extra column
    rel = f"finance/budget/{first}.csv"
    rows = _read(out / rel)
    rows = [rows[0] + ["entered_by"]] + [r + ["budget office"] for r in rows[1:]]
    _write(out / rel, rows)
    planted.append(f"{rel}: an extra column entered_by the contract does not know")

    # trailing whitespace
    for rel, column in ((f"sis/schools/{first}.csv", 1), (f"sis/courses/{first}.csv", 1)):
        rows = _read(out / rel)
        for r in rows[1::3]:
            r[column] += "  "
        _write(out / rel, rows)
        planted.append(f"{rel}: trailing spaces in every third {rows[0][column]}")

    # a late-arriving correction: the landing file has a few exit codes wrong
    rel = f"sis/enrollments/{last}.csv"
    late = out.parent / f"{out.name}_late_arrivals" / rel
    late.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / rel, late)
    wrong = _miscode_exits(out / rel, late, wrong=5)
    summary.late_arrivals.append(late)
    planted.append(f"{rel}: {wrong} exit codes recorded as unknown; the corrected file is {late}")


def _first_saturday(fall_year: int) -> int:
    import datetime as dt

    day = dt.date(fall_year, 10, 1)
    return 1 + (5 - day.weekday()) % 7


def _miscode_exits(target: Path, correct: Path, wrong: int) -> int:
    changed = 0
    with open(correct, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as out:
        for line in src:
            for code in (",transfer_out_documented,", ",promoted,"):
                if changed < wrong and code in line:
                    line = line.replace(code, ",unknown,")
                    changed += 1
                    break
            out.write(line)
    return changed
