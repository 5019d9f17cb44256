"""Turn the bytes of a published PDF into the clean text the letter readers read.

The readers never see the PDF: they read text in which

- each paragraph or bullet point is one line, and a blank line separates blocks;
  the bullets of a sub-list are indented by two spaces a level;
- each table row is one line, its cells between bars: ``| Responsible body | Action |``;
- running page headers and footers are gone, and a paragraph or table row that
  a page break cut in two is whole again;
- a word broken at a line end is whole again (see `_join_broken_lines`).

Characters with their boxes and the rules a page draws come from PDFium
(`pdfpages`), after `guard.check_streams` has checked, with bounded
decompression, that nothing in the file inflates past the reading limits.
Words are rebuilt from where the glyphs sit (`_line_of`).  Tables are found from
the rules the PDF actually draws, by pdfplumber's table finder: white rectangles
(Word paints one behind highlighted text) and shading are not rules, or a
highlighted paragraph would turn into a table.  A lone ruled box is a table only
when it carries on the table that ended the page before (a row cut by the break).

Where a reading rule was stretched (a row joined across a page on weak evidence,
a row cut at a page end, a word that may be split), `read_pdf` returns a note on
that passage of the text; `read_document` turns notes into passage warnings.

Everything that goes wrong becomes a `LetterError` with a plain-English message:
the parsers raise many kinds of exception on damaged input.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from operator import attrgetter

from pdfplumber.table import Table, TableFinder

from .guard import DEFAULT_LIMITS, MAX_PAGES, Clock, ReadingLimits, check_streams
from .model import LetterError, normalise_whitespace
from .pdfpages import Glyph, PageContent, PasswordRequired, Stroke, Unopenable, open_pdf, page_content

PDF_MAGIC = b"%PDF-"
# The PDF header may sit anywhere in the first kilobyte.
_HEADER_WINDOW = 1024
# A complete PDF ends with %%EOF; a little trailing junk after it is common.
_TRAILER_WINDOW = 2048
MAX_PDF_BYTES = 20 * 1024 * 1024
__all__ = ["MAX_PAGES", "MAX_PDF_BYTES", "PassageNote", "PdfText", "looks_like_pdf", "pdf_to_text", "read_pdf"]

NO_TEXT_LAYER = (
    "This PDF has no text layer: it looks like a scan or a picture of the pages, so its words "
    "cannot be read. Use the PDF as published by Ofsted (its text can be selected and copied), "
    "or paste the letter's text instead."
)
ENCRYPTED = (
    "This PDF is password-protected, so its text cannot be read. Save an unprotected copy "
    "(for example by printing it to PDF) and use that instead."
)
DAMAGED = (
    "This PDF could not be read: the file is damaged or incomplete (for example, a download "
    "that stopped early). Download the letter again and retry."
)
UNREADABLE_FONTS = (
    "This PDF's text cannot be decoded (its fonts do not say which letters they draw). "
    "Paste the letter's text instead."
)

BULLET_GLYPHS = "\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u2023\u2043\u00b7\u27a2"
# Symbol and Wingdings bullets come out of Word PDFs as private-use code points.
_PRIVATE_USE_BULLET = re.compile("^[\uf020-\uf0ff]")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})

# A running header or footer sits in the outer band of the page, among the
# outermost few lines, and repeats (page numbers aside) on at least half the pages.
_MARGIN_BAND = 0.15
_OUTERMOST_LINES = 3
# Lines whose vertical midpoints differ by less than this share of the font
# size are one line (a smaller full stop sits lower than its neighbours).
_SAME_LINE = 0.45
# In a PDF that draws no space glyphs, a gap wider than this share of the type size is a space.
_WORD_GAP = 0.2
# In a PDF that draws its spaces, only a gap this wide (between columns, after a tab) is one too.
_WIDE_GAP = 0.6
# A page draws its spaces when at least this share of its glyphs are spaces (English runs at 15-20%).
_SPACED_SHARE = 0.05
# A rule is a drawn line or a filled rectangle no thicker than this (points).
_RULE_THICKNESS = 2.0
_RULE_MIN_LENGTH = 5.0
# Rows of two pages belong to one table when their column edges agree this well.
_COLUMN_TOLERANCE = 3.0
_INDENT_TOLERANCE = 2.5
# Word indents each level of a list by a quarter of an inch.
_LIST_STEP = 18.0

_TERMINAL = (".", "!", "?", ":", ";", "\u2026")
_CLOSING_MARKS = "'\"\u2019\u201d)]"
# "short- and long-term", "18- to 25-year-olds": the hyphen waits for a later word.
_SUSPENDED_HYPHEN_WORDS = frozenset({"and", "or", "to", "nor"})
_SOFT_HYPHEN = "\u00ad"
_HYPHENS = ("-", "\u2010", _SOFT_HYPHEN)
_LEADING_WORD = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010][^\W_]+)*")
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
# Words that point back to the sentence before: a finding never starts with one.
_ANAPHORIC = re.compile(
    r"(?:They|This|These|Those|It|Its|Their|Such|However|Also|Furthermore|Moreover|In addition|As a result)\b"
)


def looks_like_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF, judged by the header, not by any file name."""
    return PDF_MAGIC in data[:_HEADER_WINDOW]


def pdf_to_text(data: bytes, limits: ReadingLimits = DEFAULT_LIMITS) -> str:
    """The clean text of a PDF letter or report, ready for `read_letter`.

    Reading stops with a LetterError when the file passes any of the `limits` (pages, inflated
    bytes per page and per document, seconds per page and per document).
    """
    return read_pdf(data, limits).text


def read_pdf(data: bytes, limits: ReadingLimits = DEFAULT_LIMITS) -> PdfText:
    """The clean text of a PDF, with notes on the passages where a reading rule was stretched."""
    if len(data) > MAX_PDF_BYTES:
        raise LetterError("This PDF is too large to be an inspection letter or report.")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise LetterError(DAMAGED)
    clock = Clock(limits)
    pages = _read_pages(data, limits, clock)
    _check_text_layer(pages)
    pages = _with_run_on_boxes(_without_running_lines(pages))
    vocabulary = _vocabulary(pages)
    line_gap = _line_gap(pages)
    blocks = _join_across_pages([_page_blocks(page, line_gap, vocabulary) for page in pages], vocabulary)
    bullet_margin = min((b.x0 for b in blocks if isinstance(b, _Paragraph) and b.bullet), default=0.0)
    reading = _rendered(blocks, bullet_margin)
    return replace(reading, notes=reading.notes + _split_word_notes(reading.text, vocabulary))


# --- Reading the PDF ----------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    # Where the words start: after the glyph on a bullet's first line.
    text_x: float

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def bullet(self) -> bool:
        return self.text[:1] in BULLET_GLYPHS


@dataclass(frozen=True)
class _Cell:
    first_column: int
    last_column: int
    lines: tuple[_Line, ...]


@dataclass(frozen=True)
class _TableArea:
    x0: float
    top: float
    x1: float
    bottom: float
    column_edges: tuple[float, ...]
    rows: tuple[tuple[_Cell, ...], ...]


@dataclass(frozen=True)
class _Page:
    height: float
    lines: tuple[_Line, ...]  # outside tables, top to bottom
    tables: tuple[_TableArea, ...]
    written_chars: int
    unmapped_chars: int  # glyphs the fonts give no letter for
    boxes: tuple[_TableArea, ...] = ()  # lone ruled cells: perhaps a table row run on from the page before
    spaced: bool = True  # the page draws its spaces as glyphs


def _read_pages(data: bytes, limits: ReadingLimits, clock: Clock) -> list[_Page]:
    try:
        count = check_streams(data, limits, clock)
    except LetterError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged files
        if _is_password_error(exc):
            raise LetterError(ENCRYPTED) from exc
        raise LetterError(DAMAGED) from exc
    try:
        with open_pdf(data) as document:
            if len(document) != count:
                raise LetterError(DAMAGED)
            pages = []
            for index in range(count):
                clock.start_page(index + 1)
                pages.append(_read_page(page_content(document, index), clock))
            clock.check()
            return pages
    except PasswordRequired as exc:
        raise LetterError(ENCRYPTED) from exc
    except Unopenable as exc:
        raise LetterError(DAMAGED) from exc


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        names = {type(seen).__name__} | {type(arg).__name__ for arg in seen.args}
        if names & {"PDFPasswordIncorrect", "PDFEncryptionError"}:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_page(content: PageContent, clock: Clock) -> _Page:
    height = content.height
    chars = content.glyphs
    rules = [rule for stroke in content.strokes for rule in _rules_of(stroke)]
    clock.check()
    written = sum(not c.text.isspace() for c in chars)
    spaced = len(chars) - written >= _SPACED_SHARE * max(len(chars), 1)
    tables, boxes = _find_tables(chars, rules, spaced)
    outside = [c for c in chars if not any(_inside_table(c, t) for t in tables)] if tables else chars
    return _Page(
        height=height,
        lines=tuple(_group_lines(outside, spaced)),
        tables=tuple(tables),
        written_chars=written,
        unmapped_chars=content.unmapped,
        boxes=tuple(boxes),
        spaced=spaced,
    )


def _rules_of(stroke: Stroke) -> list[_Rule]:
    x0, x1, top, bottom = stroke.x0, stroke.x1, stroke.top, stroke.bottom
    thin = min(x1 - x0, bottom - top) <= _RULE_THICKNESS
    if thin and max(x1 - x0, bottom - top) >= _RULE_MIN_LENGTH:
        drawn = (stroke.stroke and not stroke.stroke_white) or (stroke.fill and not stroke.fill_white)
        return [_Rule(x0, top, x1, bottom)] if drawn else []
    if stroke.rectangle and stroke.stroke and not stroke.stroke_white:
        return [
            _Rule(x0, top, x1, top),
            _Rule(x0, bottom, x1, bottom),
            _Rule(x0, top, x0, bottom),
            _Rule(x1, top, x1, bottom),
        ]
    return []


def _edge(rule: _Rule) -> dict:
    if rule.horizontal:
        y = (rule.top + rule.bottom) / 2
        x0, x1, top, bottom = rule.x0, rule.x1, y, y
    else:
        x = (rule.x0 + rule.x1) / 2
        x0, x1, top, bottom = x, x, rule.top, rule.bottom
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _cell_groups(cells: list[tuple]) -> list[list[tuple]]:
    """Cells that share corners, grouped into tables top to bottom; a lone cell is a group of its own."""
    groups: list[list[tuple]] = []
    remaining = list(cells)
    while remaining:
        group = [remaining.pop(0)]
        corners = set(_corners(group[0]))
        grew = True
        while grew:
            grew = False
            for cell in list(remaining):
                if corners.intersection(_corners(cell)):
                    group.append(cell)
                    corners.update(_corners(cell))
                    remaining.remove(cell)
                    grew = True
        groups.append(group)
    return sorted(groups, key=lambda group: min((c[1], c[0]) for c in group))


def _corners(bbox: tuple) -> tuple:
    x0, top, x1, bottom = bbox
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def _find_tables(
    chars: list[Glyph], rules: list[_Rule], spaced: bool
) -> tuple[list[_TableArea], list[_TableArea]]:
    """Ruled tables of two cells or more, and boxes: lone ruled cells, which may be a row run on from the page before.

    The grid comes from pdfplumber's table finder, fed the rules the page draws.
    """
    horizontal = [_edge(r) for r in rules if r.horizontal]
    vertical = [_edge(r) for r in rules if not r.horizontal]
    if len(horizontal) < 2 or len(vertical) < 2:
        return [], []
    finder = TableFinder(
        None,
        {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical,
            "explicit_horizontal_lines": horizontal,
        },
    )
    by_height = sorted(chars, key=_BY_MIDDLE)
    middles = [c.middle for c in by_height]
    tables, boxes = [], []
    for cells in _cell_groups(finder.cells):
        found = Table(None, cells)
        column_edges = tuple(sorted({cell[0] for cell in found.cells}))
        rows = []
        for row in found.rows:
            cells = [bbox for bbox in row.cells if bbox is not None]
            if not cells:
                continue
            # Only characters at the row's height (a merged cell may reach lower) can be in its cells.
            top, bottom = min(bbox[1] for bbox in cells), max(bbox[3] for bbox in cells)
            level = by_height[bisect_left(middles, top) : bisect_right(middles, bottom)]
            rows.append(tuple(_cell_of(bbox, column_edges, level, spaced) for bbox in cells))
        if any(cell.lines for row in rows for cell in row):
            (tables if len(found.cells) > 1 else boxes).append(_TableArea(*found.bbox, column_edges, tuple(rows)))
    return tables, boxes


def _cell_of(bbox, column_edges: tuple[float, ...], chars: list[Glyph], spaced: bool) -> _Cell:
    x0, top, x1, bottom = bbox
    covered = [i for i, edge in enumerate(column_edges) if x0 - _COLUMN_TOLERANCE <= edge < x1]
    inside = [c for c in chars if x0 <= c.centre <= x1 and top <= c.middle <= bottom]
    return _Cell(covered[0], covered[-1], tuple(_group_lines(inside, spaced)))


def _inside_table(char: Glyph, table: _TableArea) -> bool:
    return table.x0 <= char.centre <= table.x1 and table.top <= char.middle <= table.bottom


_BY_MIDDLE = attrgetter("middle")
_BY_X0 = attrgetter("x0")


def _group_lines(chars: list[Glyph], spaced: bool = True) -> list[_Line]:
    lines: list[list[Glyph]] = []
    current: list[Glyph] = []
    anchor = first_size = 0.0
    for char in sorted(chars, key=_BY_MIDDLE):
        if current and char.middle - anchor <= _SAME_LINE * max(char.size, first_size):
            current.append(char)
        else:
            current = [char]
            lines.append(current)
            anchor, first_size = char.middle, char.size
    return [_line_of(line, spaced) for line in lines]


def _line_of(chars: list[Glyph], spaced: bool = True) -> _Line:
    """One line of text, its words rebuilt from where the glyphs sit.

    Where the PDF draws its spaces (`spaced`, as word processors do), a space glyph between two
    glyphs is a space, and a gap without one is spacing inside a word (kerning, letter spacing)
    unless it is wider than `_WIDE_GAP` of the type size, as between columns.  A PDF that draws
    no spaces has them inferred from gaps wider than `_WORD_GAP` of the type size.  Each
    tolerance follows the size of the type on either side of the gap.

    Every glyph of the document passes through here, so it is one pass over the line's glyphs.
    """
    ordered = sorted(chars, key=_BY_X0)
    gap_share = _WIDE_GAP if spaced else _WORD_GAP
    sizes: dict[float, int] = {}  # how many written glyphs of each size, in the order first met
    words: list[Glyph] = []  # the glyphs that are not spaces
    parts: list[str] = []
    previous: Glyph | None = None  # the last glyph that is not a space
    space_seen = False
    for char in ordered:
        if char.text.isspace():
            # A space glyph counts only after the middle of the glyph before: a stray one drawn
            # under a letter ("N igel") is not a word break.
            if previous is None or char.x0 >= previous.centre:
                space_seen = True
            continue
        words.append(char)
        size = round(char.size, 1)
        sizes[size] = sizes.get(size, 0) + 1
        if previous is not None:
            if char.text == previous.text and abs(char.x0 - previous.x0) < 1:
                continue  # drawn twice for a fake bold
            if space_seen or char.x0 - previous.x1 > gap_share * max(char.size, previous.size):
                parts.append(" ")
        parts.append(char.text)
        previous = char
        space_seen = False
    text = "".join(parts)
    # Ligatures and private-use bullets are outside ASCII, and translating a line costs more than reading it.
    if text.isascii():
        text = normalise_whitespace(text)
    else:
        text = _PRIVATE_USE_BULLET.sub("\u2022", normalise_whitespace(text.translate(_LIGATURES)))
    first = words[0] if words else ordered[0]
    text_x = first.x0
    if text[:1] in BULLET_GLYPHS and len(words) > 1:
        text_x = words[1].x0
    return _Line(
        text=text,
        x0=first.x0,
        top=min(c.top for c in ordered),
        bottom=max(c.bottom for c in ordered),
        # The size most of the line is written in (the first met, on a tie).
        size=max(sizes, key=sizes.__getitem__) if sizes else ordered[0].size,
        text_x=text_x,
    )


# --- Cleaning -----------------------------------------------------------------


def _check_text_layer(pages: list[_Page]) -> None:
    written = sum(page.written_chars for page in pages)
    unmapped = sum(page.unmapped_chars for page in pages)
    if written + unmapped == 0:
        raise LetterError(NO_TEXT_LAYER)
    if unmapped > written:
        raise LetterError(UNREADABLE_FONTS)


def _running_key(line: _Line) -> str:
    # Without its digits, a footer reads the same on every page, wherever its
    # page number falls ("... Partnership 2" / "... 2023 3"); a lone page number
    # has the empty key.
    return " ".join(_DIGITS.sub(" ", line.text.lower()).split())


def _margin_lines(page: _Page) -> list[int]:
    """Where the outermost lines at the top and the bottom of the page are: running lines live there."""
    written = [i for i, line in enumerate(page.lines) if not line.blank]
    top = [i for i in written[:_OUTERMOST_LINES] if page.lines[i].bottom <= _MARGIN_BAND * page.height]
    bottom = [i for i in written[-_OUTERMOST_LINES:] if page.lines[i].top >= (1 - _MARGIN_BAND) * page.height]
    return sorted(set(top + bottom))


def _without_running_lines(pages: list[_Page]) -> list[_Page]:
    """Drop page numbers, and margin lines that repeat (digits aside) on at least half the pages."""
    pages_with = Counter(
        key for page in pages for key in {_running_key(page.lines[i]) for i in _margin_lines(page)}
    )
    needed = max(2, math.ceil(len(pages) / 2))
    # The empty key is a page number standing alone, wherever it stands.
    running = {key for key, count in pages_with.items() if count >= needed} | {""}
    cleaned = []
    for page in pages:
        dropped = {i for i in _margin_lines(page) if _running_key(page.lines[i]) in running}
        kept = tuple(line for i, line in enumerate(page.lines) if i not in dropped)
        cleaned.append(replace(page, lines=kept))
    return cleaned


def _with_run_on_boxes(pages: list[_Page]) -> list[_Page]:
    """Read a lone ruled box at the top of a page as a table when it carries on the table that ended the page before.

    A table row that a page break cuts leaves its rest in a box of one cell on the next page,
    and a finder of tables sees no table in one cell; elsewhere a lone box is just a box.
    """
    cleaned = list(pages)
    for index in range(1, len(cleaned)):
        page, before = cleaned[index], cleaned[index - 1]
        if not page.boxes or not before.tables:
            continue
        box = min(page.boxes, key=lambda b: b.top)
        last = max(before.tables, key=lambda t: t.bottom)
        ends_page = not any(line.top > last.bottom and not line.blank for line in before.lines)
        starts_page = not any(line.bottom < box.top and not line.blank for line in page.lines)
        lined_up = abs(box.x0 - last.x0) <= _COLUMN_TOLERANCE and abs(box.x1 - last.x1) <= _COLUMN_TOLERANCE
        if ends_page and starts_page and lined_up:
            lines = tuple(line for line in page.lines if not _line_inside(line, box))
            cleaned[index] = replace(page, tables=(box, *page.tables), lines=lines)
    return cleaned


def _line_inside(line: _Line, table: _TableArea) -> bool:
    middle = (line.top + line.bottom) / 2
    return table.x0 <= line.x0 <= table.x1 and table.top <= middle <= table.bottom


def _all_lines(page: _Page) -> Iterator[_Line]:
    yield from page.lines
    for table in page.tables:
        for row in table.rows:
            for cell in row:
                yield from cell.lines


def _vocabulary(pages: list[_Page]) -> frozenset[str]:
    """Every word the document spells out in full, for telling broken words from compounds."""
    return frozenset(
        word.lower() for page in pages for line in _all_lines(page) for word in _WORD.findall(line.text)
    )


def _broken_word(line: str) -> tuple[str, str] | None:
    """For a line ending in a hyphen after a letter or digit: the word before the hyphen.

    Returns what precedes that word in its token (non-empty for a compound such
    as "day-to-") and the word itself.  Walks back by hand: a regex would
    backtrack badly over a long token.
    """
    if not line.endswith(_HYPHENS):
        return None
    token = line[line.rfind(" ") + 1 : -1]
    start = len(token)
    while start > 0 and token[start - 1].isalnum():
        start -= 1
    return (token[:start], token[start:]) if start < len(token) else None


def _join_broken_lines(lines: Iterable[str], vocabulary: frozenset[str]) -> str:
    """Join the lines of one paragraph, mending words broken at a line end.

    A hyphen at a line end is kept and the halves joined without a space
    ("well-being", "day-to-day", "post-16"): Word breaks lines after the hyphens
    of compounds but does not hyphenate words of its own accord.  The hyphen is
    dropped when it is a soft hyphen, or when it ends a plain word and the
    document spells the joined word elsewhere and never the hyphenated one
    ("signifi-" + "cant").  A hyphen waiting for a later word ("short- and
    long-term", "18- to 25-year-olds") keeps its space.
    """
    pieces: list[str] = []
    for line in filter(None, (line.strip() for line in lines)):
        broken = _broken_word(pieces[-1]) if pieces else None
        following = _LEADING_WORD.match(line)
        if not pieces:
            pieces.append(line)
        elif broken is None or following is None or following.group().lower() in _SUSPENDED_HYPHEN_WORDS:
            pieces.append(" " + line)
        elif pieces[-1].endswith(_SOFT_HYPHEN) or (
            not broken[0]
            and (broken[1] + following.group()).lower() in vocabulary
            and f"{broken[1]}-{following.group()}".lower() not in vocabulary
        ):
            pieces[-1] = pieces[-1][:-1]
            pieces.append(line)
        else:
            pieces.append(line)
    return "".join(pieces)


# --- Blocks: paragraphs and tables ---------------------------------------------


@dataclass(frozen=True)
class _Paragraph:
    text: str
    bullet: bool
    x0: float  # where the first line starts
    text_x: float  # where a bullet's words start, so its wrapped lines can be recognised
    size: float


@dataclass(frozen=True)
class _Table:
    column_edges: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    # (row index, message): where a rule was stretched, for a person to check first.
    notes: tuple[tuple[int, str], ...] = ()


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSING_MARKS).endswith(_TERMINAL)


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _line_gap(pages: list[_Page]) -> float:
    """The usual white space between two lines of one paragraph, over the whole document."""
    gaps = Counter()
    for page in pages:
        written = [line for line in page.lines if not line.blank]
        for above, below in zip(written, written[1:], strict=False):
            gap = below.top - above.bottom
            if abs(above.size - below.size) < 0.5 and 0 <= gap <= 0.6 * below.size:
                gaps[round(gap * 2) / 2] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.0


def _paragraphs(lines: list[_Line], line_gap: float, vocabulary: frozenset[str]) -> list[_Paragraph]:
    groups: list[list[_Line]] = []
    previous: _Line | None = None
    for line in lines:
        if line.blank:
            previous = None
            continue
        starts_new = (
            previous is None
            or line.bullet
            or line.top - previous.bottom > line_gap + 0.25 * line.size
            or abs(line.size - previous.size) > 1
            # Left of a bullet's glyph is a new paragraph; first-line indents are not.
            or (groups[-1][0].bullet and line.x0 < groups[-1][0].x0 - _INDENT_TOLERANCE)
        )
        if starts_new:
            groups.append([line])
        else:
            groups[-1].append(line)
        previous = line
    return [
        _Paragraph(
            text=_join_broken_lines((line.text for line in group), vocabulary),
            bullet=group[0].bullet,
            x0=group[0].x0,
            text_x=group[0].text_x,
            size=group[0].size,
        )
        for group in groups
    ]


def _cell_text(cell: _Cell, line_gap: float, vocabulary: frozenset[str]) -> str:
    # A table row is one line of output: its bullets and paragraphs run on.
    return " ".join(p.text for p in _paragraphs(list(cell.lines), line_gap, vocabulary))


def _table_rows(
    table: _TableArea, line_gap: float, vocabulary: frozenset[str]
) -> tuple[tuple[str, ...], ...]:
    """Each row's cells in column order.

    A cell spanning several columns appears once; a column that no cell of the
    row starts or spans belongs to a cell merged down from the row above, and
    shows as an empty cell.
    """
    rows = []
    for row in table.rows:
        starting = {cell.first_column: cell for cell in row}
        spanned = {column for cell in row for column in range(cell.first_column + 1, cell.last_column + 1)}
        cells = []
        for column in range(len(table.column_edges)):
            if column in starting:
                cells.append(_cell_text(starting[column], line_gap, vocabulary))
            elif column not in spanned:
                cells.append("")
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _page_blocks(page: _Page, line_gap: float, vocabulary: frozenset[str]) -> list[_Paragraph | _Table]:
    blocks: list[_Paragraph | _Table] = []
    remaining = list(page.lines)
    for table in sorted(page.tables, key=lambda t: t.top):
        above = [line for line in remaining if line.top < table.top]
        remaining = [line for line in remaining if line.top >= table.top]
        blocks.extend(_paragraphs(above, line_gap, vocabulary))
        rows = _table_rows(table, line_gap, vocabulary)
        if rows:
            blocks.append(_Table(table.column_edges, rows))
    blocks.extend(_paragraphs(remaining, line_gap, vocabulary))
    return blocks


# --- Page breaks ------------------------------------------------------------------


def _continues_paragraph(before: _Paragraph, after: _Paragraph) -> bool:
    """Whether a page break cut `before`, so that `after` is the rest of it.

    A bullet or a change of type size starts something new; otherwise an
    unfinished sentence, a lower-case start, or a line at a bullet's hanging
    indent carries on.
    """
    if after.bullet or abs(before.size - after.size) > 0.5:
        return False
    return (
        not _ends_sentence(before.text)
        or _starts_lower(after.text)
        or (before.bullet and abs(after.x0 - before.text_x) <= _INDENT_TOLERANCE)
    )


def _same_columns(before: _Table, after: _Table) -> bool:
    return len(before.column_edges) == len(after.column_edges) and all(
        abs(a - b) <= _COLUMN_TOLERANCE for a, b in zip(before.column_edges, after.column_edges, strict=True)
    )


ROW_JOINED = (
    "This table row runs across a page break and was joined into one; check that it reads as one finding."
)
ROW_CUT = (
    "This table row stops at a page break in mid-sentence and nothing on the next page carries it on; "
    "check the published report for the rest of it."
)


def _finishes_sentence(text: str) -> bool:
    """A full stop (or ! ? …) ends it; a colon or semicolon promises more, as before a list."""
    return text.rstrip(_CLOSING_MARKS).endswith((".", "!", "?", "\u2026"))


def _starts_bullet(text: str) -> bool:
    return text[:1] in BULLET_GLYPHS or _PRIVATE_USE_BULLET.match(text) is not None


def _row_continues(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[bool, bool]:
    """Whether the first row on a page carries on the last row of the page before, and whether that is plain.

    The last column holds the finding: it carries on when the row before did not finish its
    sentence, or this one starts in lower case or with a bullet (the rest of a list), or with a
    word that points back ("They should …", "This means …"), which no finding starts with.  A row
    whose last column is empty while another is not is a narrow cell (a body's name) spilling
    over: it carries on too.  Plain means the cut fell mid-sentence and the rest starts in
    lower case; anything else is joined on weaker evidence, and says so.
    """
    if len(before) != len(after) or not any(after):
        return False, False
    cut, rest = before[-1], after[-1]
    if not rest:
        return True, False
    continues = (
        not _finishes_sentence(cut) or _starts_lower(rest) or _starts_bullet(rest) or bool(_ANAPHORIC.match(rest))
    )
    plain = not _ends_sentence(cut) and _starts_lower(rest)
    return continues, plain


def _joined_tables(before: _Table, after: _Table, vocabulary: frozenset[str]) -> _Table:
    rows = list(after.rows)
    if rows and rows[0] == before.rows[0]:
        rows.pop(0)  # the header row, repeated on the new page
    merged = list(before.rows)
    notes = list(before.notes)
    shift = len(merged)
    if rows:
        continues, plain = _row_continues(merged[-1], rows[0])
        if continues:
            cut, rest = merged.pop(), rows.pop(0)
            merged.append(tuple(_join_broken_lines((a, b), vocabulary) for a, b in zip(cut, rest, strict=True)))
            notes = [note for note in notes if note[0] != len(merged) - 1 or note[1] != ROW_CUT]
            if not plain:
                notes.append((len(merged) - 1, ROW_JOINED))
            shift -= 1
        elif not _finishes_sentence(merged[-1][-1]):
            notes.append((len(merged) - 1, ROW_CUT))
    notes.extend((index + shift + 1, message) for index, message in after.notes)
    return _Table(before.column_edges, tuple(merged + rows), tuple(notes))


def _cut_at_page_end(table: _Table) -> _Table:
    """The table with a note on its last row when that row stops mid-sentence at the end of a page."""
    last = len(table.rows) - 1
    if last < 0 or _finishes_sentence(next((c for c in reversed(table.rows[-1]) if c), ".")):
        return table
    if (last, ROW_CUT) in table.notes:
        return table
    return replace(table, notes=(*table.notes, (last, ROW_CUT)))


def _join_across_pages(
    pages: list[list[_Paragraph | _Table]], vocabulary: frozenset[str]
) -> list[_Paragraph | _Table]:
    blocks: list[_Paragraph | _Table] = []
    for page_blocks in pages:
        if blocks and isinstance(blocks[-1], _Table):
            blocks[-1] = _cut_at_page_end(blocks[-1])
        if blocks and page_blocks:
            last, first = blocks[-1], page_blocks[0]
            if isinstance(last, _Paragraph) and isinstance(first, _Paragraph):
                if _continues_paragraph(last, first):
                    blocks[-1] = replace(last, text=_join_broken_lines((last.text, first.text), vocabulary))
                    page_blocks = page_blocks[1:]
            elif isinstance(last, _Table) and isinstance(first, _Table) and _same_columns(last, first):
                blocks[-1] = _joined_tables(last, first, vocabulary)
                page_blocks = page_blocks[1:]
        blocks.extend(page_blocks)
    return blocks


@dataclass(frozen=True)
class PassageNote:
    """A warning about one passage of the text: `text[start:end]` is what it is about."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class PdfText:
    text: str
    notes: tuple[PassageNote, ...] = ()


def _rendered(blocks: list[_Paragraph | _Table], bullet_margin: float) -> PdfText:
    pieces: list[str] = []
    notes: list[PassageNote] = []
    offset = 0
    for block in blocks:
        if pieces:
            pieces.append("\n\n")
            offset += 2
        if isinstance(block, _Table):
            starts = []
            lines = []
            for row in block.rows:
                starts.append(offset + sum(len(line) + 1 for line in lines))
                lines.append(_row_line(row))
            for index, message in block.notes:
                if 0 <= index < len(lines):
                    notes.append(PassageNote(message, starts[index], starts[index] + len(lines[index])))
            piece = "\n".join(lines)
        else:
            piece = _render(block, bullet_margin)
        pieces.append(piece)
        offset += len(piece)
    return PdfText("".join(pieces) + "\n", tuple(notes))


SPLIT_WORD = (
    "'{pair}' may be one word ('{word}') split by the PDF's spacing; the text was left as the PDF has it."
)
# Short words that stand alone, whatever a document's own vocabulary says.
_SHORT_WORDS = frozenset(
    {
        *("a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no"),
        *("of", "on", "or", "so", "to", "up", "us", "we", "the", "and", "for", "are", "not", "but", "can"),
        *("has", "was", "all", "any", "new", "one", "two", "its", "our", "who", "how", "may", "use", "own"),
        *("see", "set", "age", "day", "way", "key", "get", "had", "her", "his", "out", "too", "now", "yet"),
    }
)
_MAX_SPLIT_WORD_NOTES = 10
_ADDRESS_MARKS = "./@:"


def _suspect_piece(piece: str, joined: str, counts: Counter) -> bool:
    piece = piece.lower()
    short = len(piece) <= 3 and piece not in _SHORT_WORDS
    return short or (counts[piece] == 1 and counts[joined] >= 2)


def _split_word_notes(text: str, vocabulary: frozenset[str]) -> tuple[PassageNote, ...]:
    """Notes on pairs such as 'p eople': joined, a word the document uses; apart, a piece that is no word.

    A piece is suspect when it is short and not a common short word, or when it occurs nowhere
    else while the joined word does.  The document's own words are the word list.  This only
    warns: words are built from where the glyphs sit, and the text is never rewritten on a guess.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _LETTERS.finditer(text)]
    counts = Counter(token.lower() for _, _, token in tokens)
    notes = []
    for (start, end, left), (next_start, next_end, right) in zip(tokens, tokens[1:], strict=False):
        if next_start != end + 1 or text[end] != " " or not right[:1].islower():
            continue
        if text[start - 1 : start] in _ADDRESS_MARKS or text[next_end : next_end + 1] in _ADDRESS_MARKS:
            continue  # part of a web or email address
        joined = (left + right).lower()
        if counts[joined] == 0 and joined not in vocabulary:
            continue

        if _suspect_piece(left, joined, counts) or _suspect_piece(right, joined, counts):
            notes.append(PassageNote(SPLIT_WORD.format(pair=text[start:next_end], word=joined), start, next_end))
            if len(notes) == _MAX_SPLIT_WORD_NOTES:
                break
    return tuple(notes)


def _row_line(row: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in row) + " |"


def _render(block: _Paragraph | _Table, bullet_margin: float) -> str:
    """A paragraph as one line, a sub-list's bullets indented by two spaces a level, a table row by row."""
    if isinstance(block, _Paragraph):
        depth = block.x0 - bullet_margin if block.bullet else 0.0
        level = max(1, round(depth / _LIST_STEP)) if depth > _INDENT_TOLERANCE else 0
        return "  " * level + block.text
    return "\n".join(_row_line(row) for row in block.rows)
