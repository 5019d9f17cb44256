"""Read an area SEND inspection report (2023 framework) into a Letter.

The report is read from text: the clean text `pdf.pdf_to_text` makes of the
published PDF (one paragraph or bullet per line, a blank line between blocks,
table rows as ``| cell | cell |``), or text in the same shape.  Everything is
found by the report template's headings, its tables' column headers and the
fixed wording Ofsted uses for outcomes and timescales, never by position, so
that reports other than the ones we have seen read the same way.

Only `LetterError` leaves this module, and every finding's span indexes the
text exactly as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import (
    AREA_FOR_IMPROVEMENT,
    FRAMEWORK_2023,
    NARRATIVE,
    PRIORITY_ACTION,
    DateRange,
    Finding,
    Letter,
    LetterError,
    PassageWarning,
    normalise_whitespace,
)

# --- The report template ----------------------------------------------------------

_OUTCOME = "outcome"
_NARRATIVE = "narrative"
_PRIORITY_ACTIONS = "priority actions"
_IMPROVEMENTS = "areas for improvement"
_DETAILS = "partnership details"
_OTHER = "other"

_HEADINGS = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        (_OUTCOME, r"(?:the )?inspection outcomes?"),
        (_NARRATIVE, r"information about the local area partnership"),
        (_NARRATIVE, r"what is it like to be a child or young person with .{1,120} in this area\??"),
        (_NARRATIVE, r"what is the (?:local )?area partnership doing that is effective\??"),
        (_NARRATIVE, r"what does the (?:local )?area partnership need to do better\??"),
        (_PRIORITY_ACTIONS, r"areas? for priority action"),
        (_IMPROVEMENTS, r"areas? for improvement"),
        (_DETAILS, r"local area partnership details"),
        (_OTHER, r"information about this inspection"),
        (_OTHER, r"inspection team"),
    )
)
_LONGEST_HEADING = 200
# A short line with no full stop inside a section is a sub-heading, not a finding.
_SUBHEADING_WORDS = 12

# Linear on any text: the white space before the area is taken possessively, and the look-ahead
# for the area's end is tried only after a character that is not white space.
_TITLE = re.compile(
    r"area SEND inspection of\s++(?:the\s++)?(?P<area>\S.*?)(?<!\s)"
    r"(?=\s+local area partnership\b|\s+inspection dates?\b|[ \t]*(?m:$))",
    re.IGNORECASE,
)

# Outcome wording, as the framework's handbook phrases the three outcomes.
_OUTCOME_WORDING = (
    (3, re.compile(r"widespread and/or systemic failings", re.IGNORECASE)),
    (2, re.compile(r"inconsistent experiences", re.IGNORECASE)),
    (1, re.compile(r"typically (?:lead to )?positive experiences", re.IGNORECASE)),
)
_PLAN_REQUIRED = re.compile(r"\brequires?\b[^.]*\bpriority action plan\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty-four": 24,
    "twenty four": 24,
    "thirty-six": 36,
    "thirty six": 36,
}
_NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_WITHIN = rf"\bwithin (?:approximately |about |around |up to )?{_NUMBER} (?P<unit>months?|years?)\b"
_MONITORING = re.compile(rf"\bmonitoring inspection\b[^.]*?{_WITHIN}", re.IGNORECASE)
_NEXT_FULL = re.compile(rf"\bnext full\b[^.]*?{_WITHIN}", re.IGNORECASE)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# White space is taken possessively: what follows it never starts with white space, so giving
# some back could not help, and on a long run of it would cost time.
_DATE_RANGE = re.compile(
    rf"(?P<d1>{_DAY})(?:\s++(?P<m1>{_MONTH}))?(?:\s++(?P<y1>\d{{4}}))?"
    rf"\s*+(?:to|until|and|-|\u2013|\u2014)\s*+"
    rf"(?P<d2>{_DAY})\s++(?P<m2>{_MONTH})\s++(?P<y2>\d{{4}})"
    rf"|(?P<d0>{_DAY})\s++(?P<m0>{_MONTH})\s++(?P<y0>\d{{4}})",
    re.IGNORECASE,
)
_INSPECTION_DATES = re.compile(r"\binspection dates?\s*:?\s*", re.IGNORECASE)
_PREVIOUS_DATES = re.compile(r"\bdates? of (?:the )?previous inspection\s*:?\s*", re.IGNORECASE)
# The dates follow their label closely; further on is some other date.
_DATES_WITHIN = 60

_RESPONSIBLE_BODY = re.compile(r"\bresponsible bod(?:y|ies)\b", re.IGNORECASE)
# A column header is short; a finding that mentions a responsible body is not.
_LONGEST_COLUMN_HEADER = 40
_LOCAL_AUTHORITY = re.compile(r"\blocal authority\b|\bcouncil\b", re.IGNORECASE)
_CARE_BOARD = re.compile(
    r"\bintegrated care boards?\b|\bICBs?\b|\bclinical commissioning group\b|\bCCG\b", re.IGNORECASE
)

_FIRST_NUMBER = re.compile(r"1\.[ \t]+[A-Z]")
_LIST_NUMBER = re.compile(r"\d{1,2}\.[ \t]+(?=[A-Z])")
_ITEM_NUMBER = re.compile(r"(?<=\s)(\d{1,2})\.[ \t]+(?=[A-Z])")
_CLOSING_QUOTES = "\u2019\u201d'\")]"
# What contact details look like: they belong to the contacts table, never to a finding.  Each
# pattern starts only where a run of its characters starts, so a long run is scanned once.
_CONTACT_DETAILS = (
    (
        "a web address",
        re.compile(r"\bwww\.|https?://|(?<![a-z0-9.-])[a-z0-9-]+\.(?:gov|nhs|org|co|ac)\.uk\b", re.IGNORECASE),
    ),
    ("an email address", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[a-z]", re.IGNORECASE)),
    ("a postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")),
    (
        "a role title",
        re.compile(r"\b(?:Executive lead|Chief Executive|CEO|Director of Children|Managing Director)\b"),
    ),
    ("a person's title", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z][a-z]+")),
)
_STATED_COUNT = re.compile(
    rf"\b{_NUMBER} (?P<what>areas? for improvement|areas? for priority action|priority actions?)\b", re.IGNORECASE
)
_BULLET = re.compile("[\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u2023\u2043\u00b7\u27a2\uf020-\uf0ff*-]\\s+")
_TABLE_ROW = re.compile(r"\|.*\|")
# The title, or the running footer of a report whose text kept it.
# Anchored to a line, so only spaces and tabs may lead: `\s*` would run on across blank lines from
# every line start, which is quadratic on a page of empty lines.
# Tried only where the lower-cased text has "area send inspection " (found by str.find, much
# faster than a case-insensitive scan of a whole letter): the title, or a footer line kept in the text.
_MARKER_WORDS = "area send inspection "
_REPORT_MARKER = re.compile(r"area send inspection (?:of\b|report[ \t]*:)")


# A quick look for the marker words before the careful one below: lower-casing a whole letter that is not
# ASCII is slow, and lower-casing its UTF-8 bytes is not.  Only ASCII letters lower-case one for one to ASCII
# letters (U+0130 gives "i" and a combining dot, the Kelvin sign "k"), and UTF-8 leaves ASCII as it is, so
# wherever the lower-cased text has the marker words, these bytes have them too.
_MARKER_BYTES = _MARKER_WORDS.encode("ascii")
_MARKER_ENDS = (b"of", b"report")


def _may_have_marker(text: str) -> bool:
    lowered = text.encode("utf-8", "surrogatepass").lower()
    start = lowered.find(_MARKER_BYTES)
    while start != -1:
        if lowered.startswith(_MARKER_ENDS, start + len(_MARKER_BYTES)):
            return True
        start = lowered.find(_MARKER_BYTES, start + 1)
    return False


def looks_like_report_2023(text: str) -> bool:
    """Whether the text is an area SEND inspection report rather than a 2016-framework letter."""
    if not _may_have_marker(text):
        return False
    lowered = text.lower()
    line_start = scanned = 0  # where the line of the current match starts; how far that is known
    start = lowered.find(_MARKER_WORDS)
    while start != -1:
        newline = lowered.rfind("\n", scanned, start)
        line_start, scanned = (newline + 1 if newline != -1 else line_start), start
        found = _REPORT_MARKER.match(lowered, start)
        before = lowered[start - 1] if start else " "
        if found and found.group().endswith("of") and not (before.isalnum() or before == "_"):
            return True  # the title
        if found and not found.group().endswith("of"):
            lead = start  # back over the spaces and tabs before it: each run is walked once
            while lead > line_start and lowered[lead - 1] in " \t":
                lead -= 1
            if lead == line_start:
                return True  # the running footer, at the start of its line
        start = lowered.find(_MARKER_WORDS, start + 1)
    return False


# --- Blocks of text with their spans ------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str  # whitespace-normalised


@dataclass(frozen=True)
class _Block:
    """A paragraph or bullet point, or one table row (with `cells`)."""

    span: _Span
    cells: tuple[_Span, ...] = ()
    table: int = 0  # rows of one table share a number; a blank line or other text ends a table

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def is_row(self) -> bool:
        return bool(self.cells)


def _span(source: str, start: int, end: int) -> _Span:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return _Span(start, end, normalise_whitespace(source[start:end]))


def _row_cells(source: str, start: int, end: int) -> tuple[_Span, ...]:
    bars = [i for i in range(start, end) if source[i] == "|"]
    return tuple(_span(source, left + 1, right) for left, right in zip(bars, bars[1:], strict=False))


def _blocks(source: str) -> list[_Block]:
    """Split the text into paragraphs, bullet points and table rows.

    Lines that follow one another without a blank line are one paragraph
    (hard-wrapped text), unless a line is a table row, starts a bullet point or
    is a heading of the template.  A paragraph is spanned once, when it ends, so
    that a paragraph of many lines costs no more than its length.
    """
    blocks: list[_Block] = []
    open_span: list[int] | None = None  # [start, end] of a paragraph that may take more lines
    table = 0

    def close() -> None:
        nonlocal open_span
        if open_span is not None:
            blocks.append(_Block(_span(source, *open_span)))
            open_span = None

    offset = 0
    for line in source.splitlines(keepends=True):
        line_start, offset = offset, offset + len(line)
        content = line.strip()
        if not content:
            close()
            table += 1
            continue
        begin = line_start + len(line) - len(line.lstrip())
        finish = begin + len(content)
        heading = _heading_role(content)
        if _TABLE_ROW.fullmatch(content):
            close()
            blocks.append(_Block(_span(source, begin, finish), _row_cells(source, begin, finish), table))
        elif open_span is not None and heading is None and not _BULLET.match(content):
            open_span[1] = finish
        else:
            close()
            table += 1
            if heading:
                blocks.append(_Block(_span(source, begin, finish)))
            else:
                open_span = [begin, finish]
    close()
    return blocks


def _heading_role(text: str) -> str | None:
    if len(text) > _LONGEST_HEADING:
        return None
    key = normalise_whitespace(text).rstrip(":").strip()
    glyph = _BULLET.match(key)
    if glyph:  # "◼ Local area partnership details": a heading drawn with a glyph before it
        key = key[glyph.end() :]
    for role, pattern in _HEADINGS:
        if pattern.fullmatch(key):
            return role
    return None


def _block_heading(block: _Block) -> str | None:
    """The template heading this block is: a paragraph, or a table row of one heading cell."""
    if block.is_row:
        return _heading_role(block.cells[0].text) if len(block.cells) == 1 else None
    return _heading_role(block.text)


@dataclass(frozen=True)
class _Section:
    role: str | None  # None: before the first heading
    heading: str
    blocks: tuple[_Block, ...]


def _sections(blocks: list[_Block]) -> list[_Section]:
    found: list[tuple[str | None, str, list[_Block]]] = [(None, "", [])]
    for block in blocks:
        role = _block_heading(block)
        current_role, _, current_blocks = found[-1]
        if role is None:
            current_blocks.append(block)
        elif role != current_role or current_blocks:
            heading = block.cells[0].text if block.is_row else block.text
            found.append((role, heading, []))
    return [_Section(role, heading, tuple(section_blocks)) for role, heading, section_blocks in found]


def _in(sections: Iterable[_Section], role: str) -> list[_Block]:
    return [block for section in sections if section.role == role for block in section.blocks]


# --- Facts ------------------------------------------------------------------------------


def _local_area(blocks: list[_Block]) -> str:
    """The area named by the title 'Area SEND inspection of … Local Area Partnership'."""
    for block in blocks:
        title = _TITLE.search(block.text)
        if title:
            return title.group("area").strip(" ,.:")
    raise LetterError(
        "This looks like an area SEND inspection report, but its title "
        "('Area SEND inspection of … Local Area Partnership') is missing, so the local area is unknown."
    )


def _to_date(day: str, month: str, year: str) -> date:
    return date(int(year), _MONTHS[month.lower().rstrip(".")], int(re.match(r"\d+", day).group()))


def _date_range_after(label: re.Pattern[str], text: str) -> DateRange | None:
    found = label.search(text)
    if found is None:
        return None
    dates = _DATE_RANGE.search(text, found.end(), found.end() + _DATES_WITHIN)
    if dates is None or dates.start() - found.end() > 2:
        return None
    try:
        if dates.group("d0"):
            single = _to_date(dates.group("d0"), dates.group("m0"), dates.group("y0"))
            return DateRange(single, single)
        end = _to_date(dates.group("d2"), dates.group("m2"), dates.group("y2"))
        month = dates.group("m1") or dates.group("m2")
        start = _to_date(dates.group("d1"), month, dates.group("y1") or dates.group("y2"))
        if start > end and not dates.group("y1"):
            # "29 December to 2 January 2024": the year turned during the visit.
            start = start.replace(year=start.year - 1)
    except (ValueError, KeyError):
        return None
    return DateRange(start, end) if start <= end else None


def _months(pattern: re.Pattern[str], text: str) -> int | None:
    found = pattern.search(text)
    if found is None:
        return None
    number = found.group("number").lower()
    value = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
    if value is None:
        return None
    return value * 12 if found.group("unit").lower().startswith("year") else value


def _outcome(text: str) -> int | None:
    matches = [
        (found.start(), outcome) for outcome, wording in _OUTCOME_WORDING if (found := wording.search(text))
    ]
    return min(matches)[1] if matches else None


def _partnership(blocks: list[_Block]) -> tuple[str | None, str | None]:
    """The local authority and the integrated care board, from the details table.

    The column headers say which column is which; the names are the next row.
    """
    rows = [block for block in blocks if block.is_row]
    for index, row in enumerate(rows[:-1]):
        headers = [cell.text for cell in row.cells]
        authority = next((i for i, h in enumerate(headers) if _LOCAL_AUTHORITY.search(h)), None)
        board = next((i for i, h in enumerate(headers) if _CARE_BOARD.search(h)), None)
        if authority is None and board is None:
            continue
        names = rows[index + 1].cells

        def name(column: int | None, names: tuple[_Span, ...] = names) -> str | None:
            return names[column].text or None if column is not None and column < len(names) else None

        return name(authority), name(board)
    return None, None


# --- Findings ----------------------------------------------------------------------------


def _without_bullet(source: str, span: _Span) -> _Span:
    glyph = _BULLET.match(source, span.start, span.end)
    return _span(source, glyph.end(), span.end) if glyph else span


def _is_subheading(block: _Block) -> bool:
    words = block.text.split()
    return (
        not block.is_row
        and len(words) <= _SUBHEADING_WORDS
        and not _BULLET.match(block.text)
        and not block.text.rstrip("\u2019\u201d'\")]").endswith((".", "!", "?", ":", ";", "\u2026"))
    )


def _is_body_header(cell: _Span) -> bool:
    return len(cell.text) <= _LONGEST_COLUMN_HEADER and _RESPONSIBLE_BODY.search(cell.text) is not None


def _numbered_items(source: str, cell: _Span) -> list[_Span]:
    """A cell holding a numbered list ("1. … 2. … 3. …") is one finding per number; any other cell is one."""
    if not _FIRST_NUMBER.match(cell.text):
        marker = _LIST_NUMBER.match(source, cell.start, cell.end)
        return [_span(source, marker.end(), cell.end) if marker else cell]
    text = source[cell.start : cell.end]
    cuts = [0]
    expected = 2
    for found in _ITEM_NUMBER.finditer(text):
        if int(found.group(1)) == expected:
            cuts.append(found.start(1))
            expected += 1
    if len(cuts) == 1:
        return [cell]
    cuts.append(len(text))
    items = [_span(source, cell.start + a, cell.start + b) for a, b in zip(cuts, cuts[1:], strict=False)]
    # The numbers are list markers, like bullets: each finding starts after its own.
    return [_span(source, item.start + source.index(".", item.start) + 1 - item.start, item.end) for item in items]


def _row_findings(source: str, rows: list[_Block], kind: str) -> list[Finding]:
    """One finding per table row, from its last column; a 'Responsible body' column names who must act.

    The header row says which column is which.  An empty responsible body cell
    belongs to a cell merged down from the row above.  A row with fewer cells
    than the header (a caption spanning the table) is not a finding.
    """
    body_column: int | None = None
    columns = 1
    body: str | None = None
    findings = []
    for row in rows:
        cells = row.cells
        header = [i for i, cell in enumerate(cells) if _is_body_header(cell)]
        if header and len(cells) > 1:
            body_column, columns = header[0], len(cells)
            continue
        if len(cells) < columns:
            continue
        text_column = max(i for i in range(len(cells)) if i != body_column)
        text = _without_bullet(source, cells[text_column])
        if body_column is not None:
            body = cells[body_column].text or body
        for part in _numbered_items(source, text):
            if part.text:
                findings.append(Finding(kind, None, part.text, part.start, part.end, body))
    return findings


UNEXPECTED_TABLE = (
    "A table with a different layout follows the {label} table; it was not read as {label} "
    "(it looks like another part of the report, such as contact details)."
)
TEXT_AFTER_TABLE = "Text after the {label} table was not read as one of them; check whether it is one."
NO_FULL_STOP = "This finding does not end with a full stop; a page break or a table may have cut it short."
CONTACT_DETAILS = (
    "This finding contains what looks like contact details ({what}); check that it is a finding and "
    "not part of the contacts that follow the findings."
)
COUNT_DIFFERS = "The report says there are {stated} {label}, but {found} were read; check the {label} table."


def _listed_findings(
    source: str, blocks: list[_Block], kind: str, label: str, warnings: list[PassageWarning]
) -> list[Finding]:
    """Findings from the section's table if there is one, else one per paragraph (text with no table rows).

    The findings table ends where its table ends: a later table of another layout is not read
    (and is warned about), nor is text after the table.
    """
    rows = [block for block in blocks if block.is_row]
    if not rows:
        findings = []
        for block in blocks:
            if _is_subheading(block) or _RESPONSIBLE_BODY.match(block.text):
                continue
            span = _without_bullet(source, block.span)
            findings.append(Finding(kind, None, span.text, span.start, span.end))
        return findings
    width = max(len(row.cells) for row in rows if row.table == rows[0].table)
    # Where each table starts and ends, found once: looking it up per row made long inputs quadratic.
    extents: dict[int, tuple[int, int]] = {}
    for row in rows:
        start, _ = extents.get(row.table, (row.span.start, row.span.end))
        extents[row.table] = (start, row.span.end)
    warned: set[int] = set()
    table_rows: list[_Block] = []
    after_table = False
    for block in blocks:
        if block.is_row and len(block.cells) <= width and not after_table:
            table_rows.append(block)
        elif block.is_row:
            after_table = True
            if (block.table != table_rows[-1].table or len(block.cells) > width) and block.table not in warned:
                warned.add(block.table)
                start, end = extents[block.table]
                warnings.append(PassageWarning(UNEXPECTED_TABLE.format(label=label), start, end))
        elif table_rows and not _is_subheading(block):
            after_table = True
            message = TEXT_AFTER_TABLE.format(label=label)
            warnings.append(PassageWarning(message, block.span.start, block.span.end))
    return _row_findings(source, table_rows, kind)


def _finding_warnings(findings: list[Finding]) -> list[PassageWarning]:
    warnings = []
    for finding in findings:
        if not finding.text.rstrip(_CLOSING_QUOTES).endswith((".", "!", "?", "\u2026")):
            warnings.append(PassageWarning(NO_FULL_STOP, finding.start, finding.end))
        contact = [what for what, pattern in _CONTACT_DETAILS if pattern.search(finding.text)]
        if contact:
            warnings.append(PassageWarning(CONTACT_DETAILS.format(what=", ".join(contact)), finding.start, finding.end))
    return warnings


def _count_warnings(text: str, counted: dict[str, int]) -> list[str]:
    """Where the report states how many priority actions or areas for improvement it has, compare."""
    warnings = []
    for found in _STATED_COUNT.finditer(text):
        number = found.group("number").lower()
        stated = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
        label = "priority actions" if "priority" in found.group("what").lower() else "areas for improvement"
        if stated is not None and stated != counted[label]:
            message = COUNT_DIFFERS.format(stated=stated, label=label, found=counted[label])
            if message not in warnings:
                warnings.append(message)
    return warnings


def _narrative_findings(source: str, sections: list[_Section]) -> list[Finding]:
    findings = []
    for section in sections:
        if section.role != _NARRATIVE:
            continue
        for block in section.blocks:
            if _is_subheading(block):
                continue
            for span in block.cells or (block.span,):
                span = _without_bullet(source, span)
                if span.text:
                    findings.append(Finding(NARRATIVE, section.heading, span.text, span.start, span.end))
    return findings


# --- The reader ------------------------------------------------------------------------------


def read_report_2023(text: str) -> Letter:
    """Read the text of an area SEND inspection report (2023 framework)."""
    blocks = _blocks(text)
    local_area = _local_area(blocks)
    sections = _sections(blocks)
    flat = normalise_whitespace(text)
    warnings = []

    outcome_blocks = _in(sections, _OUTCOME) or _in(sections, None)
    outcome_text = " ".join(block.text for block in outcome_blocks)
    outcome = _outcome(outcome_text)
    if outcome is None:
        warnings.append("The inspection outcome could not be found in the report.")

    inspection = _date_range_after(_INSPECTION_DATES, flat)
    if inspection is None:
        warnings.append("The inspection dates could not be found in the report.")

    passage_warnings: list[PassageWarning] = []
    priority_actions = _listed_findings(
        text, _in(sections, _PRIORITY_ACTIONS), PRIORITY_ACTION, "priority actions", passage_warnings
    )
    improvements = _listed_findings(
        text, _in(sections, _IMPROVEMENTS), AREA_FOR_IMPROVEMENT, "areas for improvement", passage_warnings
    )
    passage_warnings += _finding_warnings(priority_actions + improvements)
    warnings += _count_warnings(
        outcome_text, {"priority actions": len(priority_actions), "areas for improvement": len(improvements)}
    )
    if priority_actions and any(f.responsible_body is None for f in priority_actions):
        warnings.append("Some priority actions do not say which body is responsible for them.")
    if outcome == 3 and not priority_actions:
        warnings.append("The outcome calls for priority actions, but none were found in the report.")
    if not improvements:
        warnings.append("No areas for improvement were found in the report.")

    local_authority, care_board = _partnership(_in(sections, _DETAILS))
    if local_authority is None or care_board is None:
        warnings.append("The local authority or integrated care board could not be found in the report.")

    findings = sorted(
        [*_narrative_findings(text, sections), *priority_actions, *improvements], key=lambda f: f.start
    )
    return Letter(
        framework=FRAMEWORK_2023,
        local_area=local_area,
        letter_date=None,
        inspection_start=inspection.start if inspection else None,
        inspection_end=inspection.end if inspection else None,
        wsoa_required=False,
        findings=tuple(findings),
        source_text=text,
        warnings=tuple(dict.fromkeys([*warnings, *(w.message for w in passage_warnings)])),
        passage_warnings=tuple(sorted(passage_warnings, key=lambda w: (w.start, w.end))),
        outcome=outcome,
        priority_action_plan_required=bool(_PLAN_REQUIRED.search(outcome_text)) or bool(priority_actions),
        previous_inspection=_date_range_after(_PREVIOUS_DATES, flat),
        monitoring_inspection_within_months=_months(_MONITORING, outcome_text),
        next_full_inspection_within_months=_months(_NEXT_FULL, outcome_text),
        local_authority=local_authority,
        integrated_care_board=care_board,
    )
