"""A PDF is read within limits on inflated bytes and time, per page and per document.

The bombs are built here: a page whose content stream is a hundred megabytes of drawing
operators, deflated once (a quarter of a megabyte) or twice (under a kilobyte).  Reading one
must be refused quickly, in plain English, without the memory the content would take.
"""

from __future__ import annotations

import time
import tracemalloc
import zlib
from functools import cache

import pytest

from tests.unit.letters.test_pdf_input import report_pdf
from wsoa.letters import DEFAULT_LIMITS, LetterError, ReadingLimits, read_document
from wsoa.letters.pdf import pdf_to_text

MB = 1024 * 1024
OPERATORS = b"0 0 m 100 100 l S\n"


def assemble_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes, filters: str) -> bytes:
    return f"<< /Length {len(data)} /Filter {filters} >>\nstream\n".encode() + data + b"\nendstream"


def pages_pdf(contents: list[bytes], filters: str = "/FlateDecode") -> bytes:
    """One page per content stream (already encoded for `filters`), with a font so text could be drawn."""
    count = len(contents)
    page_numbers = [4 + 2 * i for i in range(count)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{n} 0 R' for n in page_numbers)}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for number, content in zip(page_numbers, contents, strict=True):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {number + 1} 0 R >>".encode()
        )
        objects.append(stream(content, filters))
    return assemble_pdf(objects)


def deflated(size: int, times: int = 1) -> bytes:
    """`size` bytes of drawing operators, deflated `times` times, built a megabyte at a time."""
    compressor = zlib.compressobj(9)
    chunk = OPERATORS * (MB // len(OPERATORS))
    pieces = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    data = b"".join(pieces) + compressor.flush()
    for _ in range(times - 1):
        data = zlib.compress(data, 9)
    return data


@cache
def bomb(times: int) -> bytes:
    return pages_pdf([deflated(100 * MB, times)], "[/FlateDecode /FlateDecode]" if times == 2 else "/FlateDecode")


def refusal_of(data: bytes, limits: ReadingLimits = DEFAULT_LIMITS) -> tuple[str, float, int]:
    """The refusal's message, the CPU seconds it took (so a busy machine does not fail it) and the peak traced
    memory in bytes."""
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(LetterError) as refused:
            read_document(data, limits)
        elapsed = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refused.value), elapsed, peak


@pytest.mark.parametrize("times", [1, 2], ids=["deflated-once", "deflated-twice"])
def test_a_page_that_inflates_to_a_hundred_megabytes_is_refused_quickly_and_in_little_memory(times):
    data = bomb(times)
    assert len(data) < (300 * 1024 if times == 1 else 4 * 1024)
    message, seconds, peak = refusal_of(data)
    assert message.startswith("Page 1 of this PDF holds more than 8 MB of drawing instructions once uncompressed")
    assert seconds < 2.0
    assert peak < 32 * MB


def test_pages_each_within_the_page_limit_are_refused_when_the_document_passes_its_limit():
    page = deflated(MB)
    limits = ReadingLimits(max_page_inflated_bytes=2 * MB, max_document_inflated_bytes=3 * MB)
    message, _, _ = refusal_of(pages_pdf([page] * 4), limits)
    assert message.startswith("This PDF holds more than 3 MB of content once uncompressed")


def test_the_same_pages_are_read_when_the_document_is_within_its_limits():
    text = b"BT /F1 11 Tf 72 700 Td (Special educational needs and disabilities) Tj ET\n"
    data = pages_pdf([zlib.compress(text)] * 3)
    assert "Special educational needs and disabilities" in pdf_to_text(data)


def test_a_limit_of_no_seconds_per_document_refuses_any_pdf_with_its_time_message():
    message, _, _ = refusal_of(report_pdf(), ReadingLimits(max_seconds_per_document=0.0))
    assert message.startswith("This PDF took more than 0 seconds to read")


def test_a_limit_of_no_seconds_per_page_refuses_any_pdf_with_its_time_message():
    message, _, _ = refusal_of(report_pdf(), ReadingLimits(max_seconds_per_page=0.0))
    assert message.startswith("Page 1 of this PDF took more than 0 seconds to read")


def test_the_page_cap_still_refuses_a_long_pdf_before_reading_its_pages():
    text = zlib.compress(b"BT /F1 11 Tf 72 700 Td (SEND) Tj ET\n")
    message, _, _ = refusal_of(pages_pdf([text] * 61))
    assert message == "This PDF has 61 pages, too many for an inspection letter or report."


def test_a_stream_compressed_in_a_way_that_cannot_be_bounded_is_refused():
    # LZW can expand a few thousand times: a large LZW stream could hide a bomb.
    data = pages_pdf([b"\x80" * (64 * 1024)], "/LZWDecode")
    message, _, _ = refusal_of(data)
    assert "cannot be checked safely" in message
