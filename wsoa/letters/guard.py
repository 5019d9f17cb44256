"""Limits on reading an uploaded PDF, checked before any parser inflates what the file holds.

A PDF can be tiny and still hold a page whose content inflates to gigabytes (a "PDF bomb"):
9 KB once took 49 s and 1.8 GB.  So before PDFium sees the file, every stream it may inflate
(page contents, forms, fonts, object streams) is inflated here with a bounded decompressor
that stops as soon as a limit is passed: each page's contents, and the document's streams in
all, have a ceiling in inflated bytes.  Time has a ceiling too, per page and per document,
checked between pages and inside the long loops of the reader.

Everything refused here is a `LetterError` with a plain-English message.
"""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral

from .model import LetterError

# Letters run to about 10 pages and reports to about 12; the cap keeps a huge upload from tying up a worker.
MAX_PAGES = 60
# A published report's page inflates to 20-150 KB and the whole file (fonts included) to 1-3 MB.
MAX_PAGE_INFLATED_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_INFLATED_BYTES = 48 * 1024 * 1024
# A report reads in about a tenth of a second a page.
MAX_SECONDS_PER_PAGE = 5.0
MAX_SECONDS_PER_DOCUMENT = 20.0

_CHUNK = 64 * 1024
# Filters whose output PDFium never needs to read text and rules: image codecs.
# Keys that point back up the page tree or out to annotations: not part of what a page draws.
_BACK_LINKS = frozenset({"Parent", "P", "Annots", "StructParents"})
_MAX_DEPTH = 12
_IMAGE_FILTERS = frozenset({"DCTDecode", "DCT", "JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode"})


@dataclass(frozen=True)
class ReadingLimits:
    """How much a PDF may cost to read. The defaults suit published letters and reports many times over."""

    max_pages: int = MAX_PAGES
    max_page_inflated_bytes: int = MAX_PAGE_INFLATED_BYTES
    max_document_inflated_bytes: int = MAX_DOCUMENT_INFLATED_BYTES
    max_seconds_per_page: float = MAX_SECONDS_PER_PAGE
    max_seconds_per_document: float = MAX_SECONDS_PER_DOCUMENT


DEFAULT_LIMITS = ReadingLimits()


def too_many_pages(count: int) -> LetterError:
    return LetterError(f"This PDF has {count} pages, too many for an inspection letter or report.")


def _too_big_page(number: int, limits: ReadingLimits) -> LetterError:
    return LetterError(
        f"Page {number} of this PDF holds more than {limits.max_page_inflated_bytes // (1024 * 1024)} MB of "
        "drawing instructions once uncompressed, far more than any inspection letter or report, so it was not "
        "read. Use the PDF as published by Ofsted."
    )


def _too_big_document(limits: ReadingLimits) -> LetterError:
    return LetterError(
        f"This PDF holds more than {limits.max_document_inflated_bytes // (1024 * 1024)} MB of content once "
        "uncompressed, far more than any inspection letter or report, so it was not read. Use the PDF as "
        "published by Ofsted."
    )


UNCHECKABLE = (
    "This PDF compresses its pages in a way that cannot be checked safely, so it was not read. "
    "Use the PDF as published by Ofsted."
)


@dataclass
class Clock:
    """Time spent reading one document, refusing when a page or the whole takes too long.

    Counted in this thread's CPU time, not on the wall clock: a server busy with other requests must not turn a
    good report away, while a file built to make the reader spin still runs into the limit."""

    limits: ReadingLimits = DEFAULT_LIMITS
    started: float = field(default_factory=time.thread_time)
    page_started: float = field(default_factory=time.thread_time)
    page_number: int = 0

    def start_page(self, number: int) -> None:
        self.check()
        self.page_number = number
        self.page_started = time.thread_time()

    def check(self) -> None:
        now = time.thread_time()
        if self.page_number and now - self.page_started > self.limits.max_seconds_per_page:
            raise LetterError(
                f"Page {self.page_number} of this PDF took more than {self.limits.max_seconds_per_page:g} "
                "seconds to read, far longer than any inspection letter or report, so the file was not read."
            )
        if now - self.started > self.limits.max_seconds_per_document:
            raise LetterError(
                f"This PDF took more than {self.limits.max_seconds_per_document:g} seconds to read, far longer "
                "than any inspection letter or report, so it was not read."
            )


def _filters(stream: PDFStream) -> list[str]:
    value = resolve1(stream.attrs.get("Filter", stream.attrs.get("F")))
    values = value if isinstance(value, list) else [value] if value is not None else []
    names = []
    for item in values:
        item = resolve1(item)
        names.append(item.name if isinstance(item, PSLiteral) else str(item))
    return names


def _bounded_inflate_size(data: bytes, budget: int) -> int | None:
    """How many bytes `data` inflates to, or None as soon as that passes `budget`."""
    inflater = zlib.decompressobj()
    size = 0
    pending = data
    while pending:
        piece = inflater.decompress(pending, min(_CHUNK, budget - size + 1))
        size += len(piece)
        if size > budget:
            return None
        pending = inflater.unconsumed_tail
        if inflater.eof or (not piece and not pending):
            break
    return size


def inflated_size(stream: PDFStream, budget: int) -> int | None:
    """The size of the stream's data once decoded as PDFium would, or None when it passes `budget`.

    Image codecs are not counted (PDFium does not decode images to read text).  A filter whose
    expansion cannot be bounded cheaply (LZW, run length) is accepted only when even its worst
    case fits the budget.
    """
    subtype = resolve1(stream.attrs.get("Subtype"))
    if isinstance(subtype, PSLiteral) and subtype.name == "Image":
        return 0  # PDFium reads text and rules without decoding pictures
    data = stream.rawdata or b""
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = _filters(stream)
    for position, name in enumerate(filters):
        last = position == len(filters) - 1
        if name in _IMAGE_FILTERS:
            return 0
        if name in ("FlateDecode", "Fl"):
            size = _bounded_inflate_size(data, budget)
            if size is None or last:
                return size
            data = zlib.decompressobj().decompress(data, budget)
        elif name in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        elif name in ("RunLengthDecode", "RL", "LZWDecode", "LZW"):
            # Run length expands at most 128 times, LZW about 4,000 times (a 12-bit code per 4 KB string).
            worst = len(data) * (128 if name.startswith("R") else 4096)
            if worst > budget:
                raise LetterError(UNCHECKABLE)
            return worst
        else:
            raise LetterError(UNCHECKABLE)
    return len(data) if len(data) <= budget else None


def _streams_of(value, seen: set[int], depth: int = 0) -> Iterator[PDFStream]:
    """The streams reachable from a value: a page's contents, its forms, its fonts' programs and maps."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, PDFObjRef):
        if value.objid in seen:
            return
        seen.add(value.objid)
        value = resolve1(value)
    if isinstance(value, PDFStream):
        yield value
        value = value.attrs
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _BACK_LINKS:
                yield from _streams_of(item, seen, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _streams_of(item, seen, depth + 1)


def check_streams(data: bytes, limits: ReadingLimits = DEFAULT_LIMITS, clock: Clock | None = None) -> int:
    """Refuse the PDF when a page's drawing or the whole document inflates past the limits; return its page count.

    A page's drawing is its content streams and the forms it draws; fonts count towards the
    document.  Raises pdfminer's exception for a damaged or password-protected file: the
    caller words those.
    """
    clock = clock or Clock(limits)
    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    sizes: dict[int, int] = {}
    total = 0
    seen: set[int] = set()
    pages = 0
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > limits.max_pages:
            raise too_many_pages(_page_count(document, limits))
        clock.start_page(number)
        pages = number
        page_bytes = 0
        resources = resolve1(page.attrs.get("Resources"))
        forms = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
        drawing = [page.attrs.get("Contents"), forms]
        for part, value in (("drawing", drawing), ("resources", resources)):
            for stream in _streams_of(value, seen if part == "resources" else set()):
                key = id(stream) if stream.objid is None else stream.objid
                if key not in sizes:
                    document_left = limits.max_document_inflated_bytes - total
                    page_left = limits.max_page_inflated_bytes - page_bytes if part == "drawing" else document_left
                    size = inflated_size(stream, min(document_left, page_left))
                    if size is None:
                        raise _too_big_page(number, limits) if page_left < document_left else _too_big_document(limits)
                    sizes[key] = size
                    total += size
                if part == "drawing":
                    page_bytes += sizes[key]
                    if page_bytes > limits.max_page_inflated_bytes:
                        raise _too_big_page(number, limits)
                if total > limits.max_document_inflated_bytes:
                    raise _too_big_document(limits)
                clock.check()
    return pages


def _page_count(document: PDFDocument, limits: ReadingLimits) -> int:
    """The page count the file declares, for the message; at least one more than the limit."""
    pages = resolve1(document.catalog.get("Pages")) if isinstance(document.catalog, dict) else None
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) and count > limits.max_pages else limits.max_pages + 1
