"""Entry points: pick the right reader for the input and keep errors to LetterError."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .guard import DEFAULT_LIMITS, ReadingLimits
from .letter2016 import read_letter_2016
from .model import Letter, LetterError, PassageWarning
from .pdf import PassageNote, looks_like_pdf, read_pdf
from .report2023 import looks_like_report_2023, read_report_2023

MAX_TEXT_CHARS = 2_000_000

# Every letter and report of either framework names its subject.  Two searches, not one pattern with both:
# the word alone is found at once, where a pattern partly blind to case steps through every character.
_SEND = re.compile(r"\bSEND\b")
_SPECIAL_NEEDS = re.compile(r"special educational needs", re.IGNORECASE)


def read_letter(text: str, notes: Iterable[PassageNote] = ()) -> Letter:
    """Read the text of an inspection letter (2016 framework) or report (2023 framework).

    The framework is told from the text itself: a 2023 report is titled
    'Area SEND inspection of …'; anything else about SEND goes to the 2016 reader.
    `notes` are warnings about passages of the text found while making it (from a PDF); they
    join the reader's own.
    """
    if not isinstance(text, str):
        raise LetterError("The letter must be text.")
    if not text.strip():
        raise LetterError("The file is empty.")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError("The text is too long to be an inspection letter.")
    if not (_SEND.search(text) or _SPECIAL_NEEDS.search(text)):
        raise LetterError(
            "This does not look like a SEND inspection letter or report: it never mentions SEND "
            "or special educational needs."
        )
    try:
        letter = read_report_2023(text) if looks_like_report_2023(text) else read_letter_2016(text)
        return _with_notes(letter, notes)
    except LetterError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract is that only LetterError escapes
        raise LetterError(f"The letter could not be read ({type(exc).__name__}).") from exc


def _with_notes(letter: Letter, notes: Iterable[PassageNote]) -> Letter:
    extra = [PassageWarning(note.message, note.start, note.end) for note in notes]
    if not extra:
        return letter
    passage_warnings = tuple(sorted({*letter.passage_warnings, *extra}, key=lambda w: (w.start, w.end, w.message)))
    warnings = list(letter.warnings)
    warnings += [w.message for w in extra if w.message not in warnings]
    return dataclasses.replace(letter, passage_warnings=passage_warnings, warnings=tuple(warnings))


def read_document(data: bytes, limits: ReadingLimits = DEFAULT_LIMITS) -> Letter:
    """Read a letter or report from a file's bytes: a PDF (told by its content) or UTF-8 text.

    A PDF is read within `limits` (pages, inflated bytes, seconds); past any of them it is refused.
    """
    if not isinstance(data, bytes | bytearray):
        raise LetterError("The file must be given as bytes.")
    if not data:
        raise LetterError("The file is empty.")
    if looks_like_pdf(data):
        try:
            reading = read_pdf(bytes(data), limits)
        except LetterError:
            raise
        except Exception as exc:  # noqa: BLE001 - the contract is that only LetterError escapes
            raise LetterError(f"The PDF could not be read ({type(exc).__name__}).") from exc
        return read_letter(reading.text, reading.notes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LetterError("The file is not a PDF or UTF-8 text file.") from exc
    return read_letter(text)
