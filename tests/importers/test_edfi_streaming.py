"""Ed-Fi XML is streamed: memory does not grow with the number of records in a file."""

from __future__ import annotations

import tracemalloc

from ingestion.importers.edfi_source import EdFiSource

STUDENT = (
    "<Student><StudentUniqueId>{n}</StudentUniqueId><Name><FirstName>F</FirstName>"
    "<LastSurname>L</LastSurname></Name><BirthData><BirthDate>2010-01-01</BirthDate></BirthData></Student>"
)


def _peak_bytes(folder, students: int) -> int:
    folder.mkdir()
    body = "".join(STUDENT.format(n=n) for n in range(students))
    (folder / "Student.xml").write_text(
        f'<InterchangeStudent xmlns="http://ed-fi.org/5.2.0">{body}</InterchangeStudent>'
    )
    tracemalloc.start()
    count = sum(1 for _ in EdFiSource(folder).records("Student"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == students
    return peak


def test_peak_memory_stays_flat_when_the_file_grows_eight_times(tmp_path):
    small = _peak_bytes(tmp_path / "small", 2_000)
    large = _peak_bytes(tmp_path / "large", 16_000)
    # A whole tree would grow about 8 times; a stream stays within its parser's buffers.
    assert large < 2 * small
