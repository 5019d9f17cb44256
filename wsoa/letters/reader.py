"""Entry points: pick the right reader for the input and keep errors to LetterError."""

from __future__ import annotations

from .letter2016 import read_letter_2016
from .model import Letter, LetterError

MAX_TEXT_CHARS = 2_000_000


def read_letter(text: str) -> Letter:
    """Read the text of an inspection letter (2016 framework)."""
    if not isinstance(text, str):
        raise LetterError("The letter must be text.")
    if not text.strip():
        raise LetterError("The file is empty.")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError("The text is too long to be an inspection letter.")
    try:
        return read_letter_2016(text)
    except LetterError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract is that only LetterError escapes
        raise LetterError(f"The letter could not be read ({type(exc).__name__}).") from exc


def read_document(data: bytes) -> Letter:
    """Read a letter from a file's bytes: UTF-8 (or UTF-8 with BOM) text."""
    if not data:
        raise LetterError("The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LetterError("The file is not a PDF or UTF-8 text file.") from exc
    return read_letter(text)
