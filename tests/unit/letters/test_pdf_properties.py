"""Whatever bytes arrive, `read_document` gives a Letter or raises LetterError.

pdfminer raises dozens of exception types on damaged PDFs and reports most
trouble through logging, not the warnings module; pytest turns any warning
into an error here, so these tests also show that none leaks out.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.shared_material import REPORTS_2023_DIR, report_2023_names, require_shared
from tests.unit.letters.test_letter2016_genre import make_letter
from tests.unit.letters.test_pdf_input import letter_pdf, report_pdf
from wsoa.letters import FRAMEWORK_2023, Letter, LetterError, normalise_whitespace, read_document

# Each example parses a PDF, so keep the counts modest.
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def synthetic_pdfs() -> tuple[bytes, ...]:
    return (letter_pdf(make_letter()), report_pdf())


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The PDF with bytes overwritten, cut out, repeated or inserted; often still ending in %%EOF."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        where = draw(st.integers(min_value=0, max_value=len(data) - 1))
        length = draw(st.integers(min_value=1, max_value=64))
        edit = draw(st.sampled_from(["overwrite", "delete", "repeat", "insert", "cut-keep-end"]))
        if edit == "overwrite":
            data[where : where + length] = draw(st.binary(min_size=length, max_size=length))
        elif edit == "delete":
            del data[where : where + length]
        elif edit == "repeat":
            data[where:where] = data[where : where + length]
        elif edit == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=length))
        else:
            data = data[:where] + b"\n%%EOF\n"
        if not data:
            break
    return bytes(data)


def assert_letter_or_letter_error(data: bytes) -> None:
    try:
        letter = read_document(data)
    except LetterError as error:
        assert str(error)
        return
    assert isinstance(letter, Letter)
    for finding in letter.findings:
        assert 0 <= finding.start < finding.end <= len(letter.source_text)
        if letter.framework == FRAMEWORK_2023:
            assert normalise_whitespace(letter.source_text[finding.start : finding.end]) == finding.text


@QUICK
@given(st.binary(max_size=4096))
def test_random_bytes_give_a_letter_error(data):
    assert_letter_or_letter_error(data)


@QUICK
@given(st.binary(max_size=4096), st.booleans())
def test_random_bytes_behind_a_pdf_header_give_a_letter_error(body, ends_like_a_pdf):
    assert_letter_or_letter_error(b"%PDF-1.7\n" + body + (b"\n%%EOF\n" if ends_like_a_pdf else b""))


@QUICK
@given(st.data())
def test_a_damaged_synthetic_pdf_gives_a_letter_or_a_letter_error(data):
    original = data.draw(st.sampled_from(synthetic_pdfs()))
    assert_letter_or_letter_error(data.draw(mutated(original)))


@cache
def shared_report(name: str) -> bytes:
    return require_shared(REPORTS_2023_DIR / f"{name}.pdf").read_bytes()


@pytest.mark.shared
@pytest.mark.parametrize("name", report_2023_names())
@SLOW
@given(st.data())
def test_a_damaged_published_report_gives_a_letter_or_a_letter_error(name, data):
    assert_letter_or_letter_error(data.draw(mutated(shared_report(name))))
