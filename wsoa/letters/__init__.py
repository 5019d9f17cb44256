"""Read Ofsted/CQC area SEND inspection letters and reports into plain data.

Pure Python: no Flask import, so the CLI, the web app, the benchmarks and the
tests all share one reader.

- `read_letter(text)` reads the text of a letter or report; the framework
  (2016 joint local area SEND letter, or 2023 area SEND report) is detected.
- `read_document(data)` reads the bytes of an uploaded or named file: a PDF
  or UTF-8 text.

Anything that is not such a letter raises `LetterError`; nothing else escapes.
"""

from .guard import DEFAULT_LIMITS, ReadingLimits
from .model import (
    AREA_FOR_DEVELOPMENT,
    AREA_FOR_IMPROVEMENT,
    FINDING_KINDS,
    FRAMEWORK_2016,
    FRAMEWORK_2023,
    MAIN_FINDING,
    NARRATIVE,
    PRIORITY_ACTION,
    SECTIONS_2016,
    SIGNIFICANT_WEAKNESS,
    STRENGTH,
    DateRange,
    Finding,
    Letter,
    LetterError,
    PassageWarning,
    normalise_whitespace,
)
from .reader import read_document, read_letter
from .serialise import letter_from_record, letter_to_dict, letter_to_record

__all__ = [
    "DEFAULT_LIMITS",
    "AREA_FOR_DEVELOPMENT",
    "AREA_FOR_IMPROVEMENT",
    "FINDING_KINDS",
    "FRAMEWORK_2016",
    "FRAMEWORK_2023",
    "MAIN_FINDING",
    "NARRATIVE",
    "PRIORITY_ACTION",
    "SECTIONS_2016",
    "SIGNIFICANT_WEAKNESS",
    "STRENGTH",
    "DateRange",
    "Finding",
    "Letter",
    "LetterError",
    "PassageWarning",
    "ReadingLimits",
    "letter_from_record",
    "letter_to_dict",
    "letter_to_record",
    "normalise_whitespace",
    "read_document",
    "read_letter",
]
