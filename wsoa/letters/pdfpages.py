"""What is drawn on each page of a PDF: its characters with their boxes, and the rules (thin lines and bars).

PDFium (through pypdfium2, which pdfplumber already depends on) does the parsing: it is C and
reads a report several times faster than pdfminer's pure-Python content parser.  Only this
module talks to it.  The caller checks the file with `guard.check_streams` first, so PDFium
never inflates more than the reading limits allow.

Coordinates are in points from the top left of the page, as the layout code expects.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# PDFium is not thread-safe: one document at a time per process.
_PDFIUM_LOCK = threading.Lock()

# Characters turned further than this (radians) are rotated watermarks or margin notes.
_UPRIGHT = 0.01
# Form XObjects nest; a deeper nesting is not a document anyone typed.
_MAX_FORM_DEPTH = 8
# PDFium's code for a hyphen that ends a line.
_LINE_END_HYPHEN = 0x02


class PasswordRequired(Exception):
    """The PDF needs a password to open."""


class Unopenable(Exception):
    """PDFium could not open the file at all."""


class Glyph:
    """One character with its box; `middle` and `centre` are where its box's middle is, down and across.

    A plain class with slots: a report has some 20,000 of them, made and read many times over, and a
    frozen dataclass costs several times as much to make and to read.  Nothing changes one once made.
    """

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "middle", "centre")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> None:
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size
        self.middle = (top + bottom) / 2
        self.centre = (x0 + x1) / 2

    def __repr__(self) -> str:
        return f"Glyph({self.text!r}, x0={self.x0:g}, x1={self.x1:g}, top={self.top:g}, bottom={self.bottom:g})"


@dataclass(frozen=True)
class Stroke:
    """One painted subpath: its box, how it was painted, and whether it is an axis-aligned rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float
    stroke: bool
    fill: bool
    stroke_white: bool
    fill_white: bool
    rectangle: bool


@dataclass(frozen=True)
class PageContent:
    height: float
    glyphs: list[Glyph]
    strokes: list[Stroke]
    unmapped: int  # glyphs the fonts give no letter for


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document, open while the block runs; PasswordRequired or Unopenable when it cannot be opened."""
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise PasswordRequired from exc
            raise Unopenable from exc
        try:
            yield document
        finally:
            document.close()


def page_content(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        height = float(page.get_height())
        textpage = page.get_textpage()
        try:
            glyphs, unmapped = _glyphs(textpage.raw, height)
        finally:
            textpage.close()
        strokes = list(_strokes(page.raw, height))
    finally:
        page.close()
    return PageContent(height, glyphs, strokes, unmapped)


# PDFium only ever generates these characters (spaces between words, line breaks), so only they need asking
# whether they were generated: one call fewer into PDFium for nearly every character.
_GENERATED_CODES = frozenset({0x20, 0x0D, 0x0A})


def _glyphs(textpage, height: float) -> tuple[list[Glyph], int]:
    """Every glyph drawn upright, and the spaces the PDF really has.

    PDFium also reports spaces it inferred ("generated") from gaps, which may be no more than
    spacing inside a word; those are dropped, and the layout code judges gaps itself.  PDFium
    reports some real space glyphs as generated too, placed where the space began, at the end
    of the glyph before: those are kept.  A hyphen that ends a line comes back as U+0002.

    This loop runs for every character of every page, so PDFium's functions are looked up once.
    """
    glyphs: list[Glyph] = []
    unmapped = 0
    box = pdfium_c.FS_RECTF()
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_angle = pdfium_c.FPDFText_GetCharAngle
    has_map_error = pdfium_c.FPDFText_HasUnicodeMapError
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    turned = 2 * math.pi - _UPRIGHT
    count = pdfium_c.FPDFText_CountChars(textpage)
    for index in range(count):
        code = get_unicode(textpage, index)
        if code in _GENERATED_CODES and is_generated(textpage, index) == 1:
            if code == 0x20 and glyphs and _real_space(textpage, index, count):
                # A generated space has no height: it takes the line's from the glyph before.
                get_box(textpage, index, box)
                before = glyphs[-1]
                glyphs.append(Glyph(" ", box.left, box.left, before.top, before.bottom, before.size))
            continue
        angle = get_angle(textpage, index)
        if _UPRIGHT < angle < turned:
            continue
        if has_map_error(textpage, index) == 1:
            unmapped += 1
            continue
        if code == _LINE_END_HYPHEN:
            code = 0x2D  # "-"
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            unmapped += 1
            continue
        if not get_box(textpage, index, box):
            continue
        glyphs.append(
            Glyph(chr(code), box.left, box.right, height - box.top, height - box.bottom, get_size(textpage, index))
        )
    return glyphs, unmapped


def _real_space(textpage, index: int, count: int) -> bool:
    """Whether a space PDFium reports as generated stands for a space glyph of the PDF.

    PDFium puts a real space where it began (at the glyph before); a space it inferred from a gap
    sits at the start of the glyph after.  A space between lines is neither.
    """
    if index == 0 or index + 1 >= count or pdfium_c.FPDFText_IsGenerated(textpage, index + 1) == 1:
        return False
    here, before, after = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, here)
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index - 1, before)
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index + 1, after)
    if abs(before.top - after.top) > 0.5 * max(before.top - before.bottom, 1.0):
        return False
    return abs(here.left - before.right) < abs(after.left - here.left)


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _matrix_of(obj) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _objects(container, count, get, matrix: _Matrix, depth: int) -> Iterator[tuple[object, _Matrix]]:
    for index in range(count(container)):
        obj = get(container, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, _compose(_matrix_of(obj), matrix)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            yield from _objects(
                obj,
                pdfium_c.FPDFFormObj_CountObjects,
                pdfium_c.FPDFFormObj_GetObject,
                _compose(_matrix_of(obj), matrix),
                depth + 1,
            )


def _is_white(getter, obj) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return False
    return min(r.value, g.value, b.value) >= 250  # 0.98 of 255


def _strokes(page, height: float) -> Iterator[Stroke]:
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, matrix in _objects(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY, 0):
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroked):
            continue
        fill, stroke = fill_mode.value != 0, bool(stroked.value)
        if not (fill or stroke):
            continue
        stroke_white = stroke and _is_white(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
        fill_white = fill and _is_white(pdfium_c.FPDFPageObj_GetFillColor, obj)
        a, b, c, d, e, f = matrix
        subpath: list[tuple[float, float]] = []
        curved = False
        for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
            if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO and subpath:
                yield _stroke_of(subpath, curved, height, stroke, fill, stroke_white, fill_white)
                subpath, curved = [], False
            curved = curved or kind == pdfium_c.FPDF_SEGMENT_BEZIERTO
            subpath.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if subpath:
            yield _stroke_of(subpath, curved, height, stroke, fill, stroke_white, fill_white)


def _stroke_of(
    points: list[tuple[float, float]],
    curved: bool,
    height: float,
    stroke: bool,
    fill: bool,
    stroke_white: bool,
    fill_white: bool,
) -> Stroke:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    corners = {(round(p[0], 1), round(p[1], 1)) for p in points}
    rectangle = (
        not curved
        and 4 <= len(points) <= 5
        and len(corners) == 4
        and all(
            (abs(px - x0) < 0.1 or abs(px - x1) < 0.1) and (abs(py - y0) < 0.1 or abs(py - y1) < 0.1)
            for px, py in points
        )
    )
    return Stroke(x0, height - y1, x1, height - y0, stroke, fill, stroke_white, fill_white, rectangle)
