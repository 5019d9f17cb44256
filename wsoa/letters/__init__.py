"""Read Ofsted/CQC area SEND inspection letters and reports into plain data.

Pure Python: no Flask import, so the CLI, the web app, the benchmarks and the
tests all share one reader.

- `read_letter(text)` reads the text of a letter or report; the framework
  (2016 joint local area SEND letter, or 2023 area SEND report) is detected.
- `read_document(data)` reads the bytes of an uploaded or named file: a PDF
  or UTF-8 text.

Anything that is not such a letter raises `LetterError`; nothing else escapes.
"""

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


def __getattr__(name: str):
    """The reader and its limits load on first use: they bring pdfminer, pdfplumber and PDFium, which most of the
    app (and the digest run) never needs; the vocabulary above is all they import this package for."""
    if name in ("read_document", "read_letter"):
        from . import reader

        return getattr(reader, name)
    if name in ("DEFAULT_LIMITS", "ReadingLimits"):
        from . import guard

        return getattr(guard, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
