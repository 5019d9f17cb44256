"""Read a joint local area SEND inspection letter (2016 framework) into a Letter.

The letters reach us as text extracted from published PDFs, so the reader goes
by structure (headings, bullet points, sentence ends) and never by line
positions.  Extraction leaves two kinds of damage that the list rules below
repair:

- a page break is a run of blank lines that may cut a finding mid-sentence; the
  rest of the sentence follows as a new paragraph, sometimes even carrying a
  stray bullet glyph of its own;
- a sub-list after a colon looks like more bullets, but belongs to its parent.

Only `LetterError` leaves this module: dates are validated before use, regexes
are linear, and offsets always come from the untouched source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .model import (
    AREA_FOR_DEVELOPMENT,
    FRAMEWORK_2016,
    MAIN_FINDING,
    SECTION_IDENTIFYING,
    SECTION_IMPROVING,
    SECTION_MEETING,
    SECTIONS_2016,
    SIGNIFICANT_WEAKNESS,
    STRENGTH,
    Finding,
    Letter,
    LetterError,
    normalise_whitespace,
)

# --- Lines and blocks -------------------------------------------------------

# Symbol glyphs may touch their text; dashes, asterisks and the letter "o" need
# a space after them, or a wrapped line starting "-based" or "of" would be read
# as a bullet.  U+F020-U+F0FF are the Symbol/Wingdings code points that PDF
# extraction leaves for Word bullets.
_BULLET = re.compile(
    "(?:[\u2022\u2023\u2043\u2219\u25a0-\u25ff\u2713\u2714\u2794-\u27bf\uf020-\uf0ff]\\s*"
    "|[-\u2010-\u2015*\u00b7o](?:\\s+|$))"
)
# How a line is keyed for matching headings: zero-width marks dropped, quotes straightened, in one pass.
_ASCII_BULLETS = "-*o"
_HEADING_KEY = str.maketrans(
    dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff") | {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)

# A heading is one short line; anything longer is running text.
_LONGEST_HEADING = 250

_MAIN_FINDINGS = "main findings"
_STRENGTHS = "strengths"
_AREAS_FOR_DEVELOPMENT = "areas for development"
_SIGNIFICANT_WEAKNESSES = "significant weaknesses"
_CLOSING = "closing"

# Every heading in one pattern, tried in this order (the first alternative that matches the whole key
# wins), so that each line costs one match; each alternative's group names its heading.
_HEADING = re.compile(
    r"(?P<main_findings>main findings?)"
    r"|(?P<strengths>(?:key |main )?strengths?)"
    r"|(?P<areas_for_development>(?:key )?areas? (?:for|of|requiring) (?:further )?(?:development|improvement)s?"
    r"(?: and (?:development|improvement)s?)?)"
    r"|(?P<significant_weaknesses>(?:the following )?areas? of significant weakness(?:es)?)"
    r"|(?P<closing>(?:yours (?:sincerely|faithfully)|kind regards|cc)\b.*)"
    r"|(?P<section>the effectiveness of (?:the )?(?:local )?area(?:'s)? in (?P<verb>identifying|meeting|improving)\b.*)"
)
# What a heading's key can start with (U+212A, the Kelvin sign, lower-cases to "k"), and the characters that
# do not reach the key's start (dropped, or stripped from it): a line starting otherwise is no heading.
_HEADING_FIRST = frozenset("ackmstyACKMSTY\u212a")
_HEADING_KEY_DROPS = frozenset("*:\u200b\u200c\u200d\u2060\ufeff")
_HEADING_BY_GROUP = {
    "main_findings": _MAIN_FINDINGS,
    "strengths": _STRENGTHS,
    "areas_for_development": _AREAS_FOR_DEVELOPMENT,
    "significant_weaknesses": _SIGNIFICANT_WEAKNESSES,
    "closing": _CLOSING,
}
_SECTION_BY_VERB = {
    "identifying": SECTION_IDENTIFYING,
    "meeting": SECTION_MEETING,
    "improving": SECTION_IMPROVING,
}

_BULLET_BLOCK = "bullet"
_PARAGRAPH_BLOCK = "paragraph"
_HEADING_BLOCK = "heading"


@dataclass(slots=True)
class _Block:
    """A heading, a bullet point or a paragraph, with its span in the source.

    For a bullet point the span starts after the glyph.  Lines that follow
    without a blank line between belong to the same block (hard-wrapped text).
    """

    kind: str
    start: int
    end: int
    indent: int = 0
    heading: str | None = None
    text: str = ""


def _matching_key(line: str) -> str:
    """The line as headings are compared: lower case, straight quotes, no stray marks."""
    # Every character the table changes is outside ASCII; translating is slow, and most lines are plain ASCII.
    if not line.isascii():
        line = line.translate(_HEADING_KEY)
    return normalise_whitespace(line).lower().strip(" *:")


def _heading_of(line: str) -> str | None:
    """The heading the line is, if any; `line` has no white space at either end."""
    if len(line) > _LONGEST_HEADING:
        return None
    if line[:1] not in _HEADING_FIRST and line[:1] not in _HEADING_KEY_DROPS:
        return None  # the key would start with a letter no heading starts with
    key = _matching_key(line)
    found = _HEADING.fullmatch(key)
    if found is None:
        return None
    if found.group("verb") is None:
        return _HEADING_BY_GROUP[found.lastgroup]
    # A sentence that starts like a section heading is running text.
    return None if key.endswith(".") else _SECTION_BY_VERB[found.group("verb")]


def _split_blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    open_block: _Block | None = None  # still taking hard-wrapped lines
    glyph_only_indent: int | None = None  # a bullet glyph alone on its line
    line_start = 0
    for raw_line in source.splitlines(keepends=True):
        offset, line_start = line_start, line_start + len(raw_line)
        left = raw_line.lstrip()
        if not left:
            open_block = None
            continue
        content = left.rstrip()
        start = line_start - len(left)
        end = start + len(content)
        indent = start - offset
        # Of ASCII characters, only these start a bullet point: the pattern need not be tried on others.
        bullet = _BULLET.match(content) if content[0] in _ASCII_BULLETS or not content[0].isascii() else None
        if bullet:
            open_block = None
            if start + bullet.end() >= end:
                glyph_only_indent = indent
                continue
            open_block = _Block(_BULLET_BLOCK, start + bullet.end(), end, indent)
            blocks.append(open_block)
            glyph_only_indent = None
            continue
        heading = _heading_of(content)
        if heading:
            glyph_only_indent = None
            block = _Block(_HEADING_BLOCK, start, end, indent, heading)
            blocks.append(block)
            # A long section heading may wrap onto a second line.
            open_block = block if heading in SECTIONS_2016 else None
        elif glyph_only_indent is not None:
            open_block = _Block(_BULLET_BLOCK, start, end, glyph_only_indent)
            blocks.append(open_block)
            glyph_only_indent = None
        elif open_block is not None:
            open_block.end = end
        else:
            open_block = _Block(_PARAGRAPH_BLOCK, start, end, indent)
            blocks.append(open_block)
    for block in blocks:
        block.text = normalise_whitespace(source[block.start : block.end])
    return blocks


# --- Sentences ----------------------------------------------------------------

_CLOSING_MARKS = "'\"\u2019\u201d)]\u00bb* "
_OPENING_MARKS = "'\"\u2018\u201c([\u00ab* "


# Both look at one end of a text; they strip a copy only when a mark is there (rarely), as they run on every
# bullet point more than once.


def _ends_sentence(text: str) -> bool:
    last = text[-1:]
    if last in _CLOSING_MARKS:
        last = text.rstrip(_CLOSING_MARKS)[-1:]
    return last in (".", "!", "?", "\u2026")


def _starts_with_capital(text: str) -> bool:
    first = text[:1]
    if first in _OPENING_MARKS:
        first = text.lstrip(_OPENING_MARKS)[:1]
    return first.isupper()


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "\u2026"


def _mentions_written_statement(text: str) -> bool:
    lowered = text.lower()
    return (
        "written statement of action" in lowered
        or "significant weakness" in lowered
        or "significant concern" in lowered
    )


# --- Lists of findings ----------------------------------------------------------


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    indent: int
    parts: list[str]
    in_sub_list: bool = False

    @property
    def last_part(self) -> str:
        return self.parts[-1]

    def extend(self, block: _Block) -> None:
        self.parts.append(block.text)
        self.end = block.end


@dataclass(slots=True)
class _FindingList:
    """The findings under one heading, rebuilt from bullet points and paragraphs."""

    kind: str
    section: str | None
    label: str
    items: list[_Item] = field(default_factory=list)

    @property
    def current(self) -> _Item | None:
        return self.items[-1] if self.items else None

    def has_unfinished_sentence(self) -> bool:
        current = self.current
        return current is not None and not _ends_sentence(current.last_part)

    def add_bullet(self, block: _Block) -> None:
        current = self.current
        if current is None or not self._continues(current, block):
            self.items.append(_Item(block.start, block.end, block.indent, [block.text]))
            return
        if current.last_part.endswith(":"):
            current.in_sub_list = True
        current.extend(block)

    @staticmethod
    def _continues(item: _Item, block: _Block) -> bool:
        """Whether this bullet is part of `item` rather than a finding of its own.

        A colon promises a sub-list, which runs on while its bullets are
        indented deeper, start in lower case or follow an unfinished one.
        Otherwise only a page-break continuation (the last item unfinished and
        this one starting in lower case) joins the item. Items written as
        fragments ("the timeliness of EHC plans") are often listed without
        full stops, so only an item that began as a sentence, with a capital,
        can be continued this way.
        """
        if item.last_part.endswith(":"):
            return True
        if item.in_sub_list:
            return (
                block.indent > item.indent
                or not _starts_with_capital(block.text)
                or not _ends_sentence(item.last_part)
            )
        # Most bullet points end their sentence, so that is asked first.
        return (
            not _ends_sentence(item.last_part)
            and not _starts_with_capital(block.text)
            and _starts_with_capital(item.parts[0])
        )

    def add_paragraph(self, block: _Block) -> None:
        """Continue the last finding: callers check there is one."""
        self.items[-1].extend(block)

    def findings(self) -> list[Finding]:
        return [
            Finding(
                kind=self.kind,
                section=self.section,
                text=" ".join(item.parts),
                start=item.start,
                end=item.end,
            )
            for item in self.items
        ]


_SECTION_NAMES = {
    SECTION_IDENTIFYING: "identifying needs",
    SECTION_MEETING: "meeting needs",
    SECTION_IMPROVING: "improving outcomes",
}
_KIND_NAMES = {
    MAIN_FINDING: "main findings",
    STRENGTH: "strengths",
    AREA_FOR_DEVELOPMENT: "areas for development",
    SIGNIFICANT_WEAKNESS: "areas of significant weakness",
}


def _list_label(kind: str, section: str | None) -> str:
    if section is None:
        return f"the {_KIND_NAMES[kind]}"
    return f"the {_KIND_NAMES[kind]} on {_SECTION_NAMES[section]}"


class _BodyReader:
    """Walk the blocks from 'Main findings' to the sign-off, collecting findings."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.blocks = blocks
        self.list_resumes_after = _list_resumes_after(blocks)
        self.findings: list[Finding] = []
        self.warnings: list[str] = []
        self.section: str | None = None
        self.sections_seen: list[str] = []
        self.current_list: _FindingList | None = None
        self.in_stray_bullets = False
        self.weakness_list_introduced = False

    def read(self) -> None:
        for index, block in enumerate(self.blocks):
            if block.kind == _HEADING_BLOCK:
                self._close_list()
                self._on_heading(block.heading)
            elif block.kind == _BULLET_BLOCK:
                self._on_bullet(block)
            else:
                self._on_paragraph(index, block)
        self._close_list()

    def _on_heading(self, heading: str | None) -> None:
        if heading == _MAIN_FINDINGS:
            self._open_list(MAIN_FINDING, None)
        elif heading == _SIGNIFICANT_WEAKNESSES:
            self._open_weaknesses()
        elif heading in SECTIONS_2016:
            if heading in self.sections_seen:
                self.warnings.append(f"The section on {_SECTION_NAMES[heading]} appears more than once.")
            self.section = heading
            self.sections_seen.append(heading)
        else:
            kind = STRENGTH if heading == _STRENGTHS else AREA_FOR_DEVELOPMENT
            if self.section is None:
                self.warnings.append(
                    f"A heading for {_KIND_NAMES[kind]} comes before any of the three section headings; "
                    "its findings have no section."
                )
            self._open_list(kind, self.section)

    def _on_bullet(self, block: _Block) -> None:
        if self.current_list is not None:
            self.current_list.add_bullet(block)
            return
        if not self.in_stray_bullets:
            self.warnings.append(
                f"A bullet point outside any list of findings was not read: '{_excerpt(block.text)}'."
            )
        self.in_stray_bullets = True

    def _on_paragraph(self, index: int, block: _Block) -> None:
        if self._introduces_weaknesses(index, block):
            self._open_weaknesses()
            return
        findings = self.current_list
        if findings is not None and findings.has_unfinished_sentence():
            findings.add_paragraph(block)
            return
        if findings is None or _mentions_written_statement(block.text):
            self._close_list()
            return
        if findings.current is not None and self.list_resumes_after[index]:
            # A page break inside a finding, between two full sentences.
            findings.add_paragraph(block)
            return
        where = "before the first" if findings.current is None else "after the last"
        self.warnings.append(
            f"Text {where} bullet point in {findings.label} was not read as a finding: "
            f"'{_excerpt(block.text)}'. Check whether it should be one."
        )
        if findings.current is not None:
            self._close_list()

    def _introduces_weaknesses(self, index: int, block: _Block) -> bool:
        lowered = block.text.lower()
        if "significant weakness" not in lowered and "written statement of action" not in lowered:
            return False
        next_block = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        return block.text.endswith(":") or (next_block is not None and next_block.kind == _BULLET_BLOCK)

    def _open_weaknesses(self) -> None:
        self.weakness_list_introduced = True
        self._open_list(SIGNIFICANT_WEAKNESS, None)

    def _open_list(self, kind: str, section: str | None) -> None:
        self._close_list()
        self.current_list = _FindingList(kind, section, _list_label(kind, section))
        self.in_stray_bullets = False

    def _close_list(self) -> None:
        findings = self.current_list
        if findings is None:
            return
        for item in findings.items:
            # A fragment ("the timeliness of EHC plans") needs no full stop; a sentence does.
            if _starts_with_capital(item.parts[0]) and not _ends_sentence(item.last_part):
                self.warnings.append(
                    f"A finding in {findings.label} does not end with a full stop "
                    f"('\u2026{item.last_part[-40:]}'); a page break may have cut it short."
                )
        self.findings.extend(findings.findings())
        self.current_list = None
        self.in_stray_bullets = False


def _list_resumes_after(blocks: list[_Block]) -> list[bool]:
    """For each block, whether plain paragraphs alone lead from it to another bullet point.

    Computed backwards in one pass so that long runs of paragraphs stay linear.
    """
    resumes = [False] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        following = blocks[index + 1]
        if following.kind == _BULLET_BLOCK:
            resumes[index] = True
        elif following.kind == _PARAGRAPH_BLOCK and not _mentions_written_statement(following.text):
            resumes[index] = resumes[index + 1]
    return resumes


# --- Dates ------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_DAY = r"([0-9]{1,2})(?:st|nd|rd|th)?"
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR = r"((?:19|20)[0-9]{2})"
# ASCII matching keeps case-folding from turning, say, a Kelvin sign into a "k".
_DATE_FLAGS = re.IGNORECASE | re.ASCII
_DATE_LINE = re.compile(
    rf"(?:date:? )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?:{_DAY} {_MONTH},? {_YEAR}"
    rf"|{_MONTH} {_DAY},? {_YEAR})\.?",
    _DATE_FLAGS,
)
_ANY_DATE = re.compile(rf"\b{_DAY} {_MONTH},? {_YEAR}\b", _DATE_FLAGS)
_DATE_RANGE = re.compile(
    rf"\b(?:between|from) {_DAY}(?: {_MONTH}(?:,? {_YEAR})?)?(?: (?:and|to|until|till) | ?[-\u2013\u2014] ?)"
    rf"{_DAY} {_MONTH},? {_YEAR}",
    _DATE_FLAGS,
)
_DASHED_RANGE = re.compile(
    rf"\b{_DAY}(?: {_MONTH}(?:,? {_YEAR})?)? ?[-\u2013\u2014] ?{_DAY} {_MONTH},? {_YEAR}", _DATE_FLAGS
)


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), _MONTH_NUMBERS[month[:3].lower()], int(day))
    except (KeyError, ValueError):
        return None


def _date_from_line(line: str) -> date | None:
    """The date when the whole line is a date, in either day-first or month-first order."""
    if len(line) > 60 or ("19" not in line and "20" not in line):
        return None  # too long, or no year (19xx or 20xx) in it: the letterhead's other lines
    match = _DATE_LINE.fullmatch(normalise_whitespace(line))
    if not match:
        return None
    day_first, month_first = match.group(1, 2, 3), match.group(5, 4, 6)
    day, month, year = day_first if day_first[0] else month_first
    return _make_date(year, month, day)


def _letter_date(opening: str, letterhead_end: int | None) -> date | None:
    """The first line that is a date by itself; failing that, the first date in the letterhead.

    The letterhead search stops at the title or the salutation, before the
    sentence giving the inspection dates.
    """
    for line in opening.splitlines():
        found = _date_from_line(line)
        if found:
            return found
    if letterhead_end is None:
        return None
    for match in _ANY_DATE.finditer(normalise_whitespace(opening[:letterhead_end])):
        found = _make_date(match.group(3), match.group(2), match.group(1))
        if found:
            return found
    return None


def _inspection_dates(text: str) -> tuple[date, date] | None:
    for pattern in (_DATE_RANGE, _DASHED_RANGE):
        for match in pattern.finditer(text):
            dates = _date_range(*match.groups())
            if dates:
                return dates
    return None


def _date_range(
    first_day: str,
    first_month: str | None,
    first_year: str | None,
    last_day: str,
    last_month: str,
    last_year: str,
) -> tuple[date, date] | None:
    end = _make_date(last_year, last_month, last_day)
    if end is None:
        return None
    month = first_month or last_month
    year = first_year
    if year is None:
        # "between 30 December and 3 January 2020" starts in the year before.
        starts_later_in_year = _MONTH_NUMBERS.get(month[:3].lower(), 0) > end.month
        year = str(end.year - 1 if starts_later_in_year else end.year)
    start = _make_date(year, month, first_day)
    if start is None or start > end:
        return None
    return start, end


# --- Who and whether ----------------------------------------------------------------

_TITLE = re.compile(
    r"(?:re:? )?(?:joint\b.{0,120}?|(?:local )?area send )\binspection (?:in|of|for) (?:the local area of )?"
    r"(?P<area>.{1,80}?)[ .:]*",
    re.IGNORECASE,
)
_REVISIT_TITLE = re.compile(r"(?:re:? )?joint\b.{0,120}?\brevisit\b.*", re.IGNORECASE)
# The area is a proper noun: a capital letter keeps "the local area of the
# north" or a missing name from being read as one.
_AREA_IN_OPENING = re.compile(
    r"\b[Ll]ocal area of (?P<area>[A-Z][^,.;:()]{0,79}?)(?= to (?:judge|evaluate|assess|review)\b| ?[,.;:(])"
)
_NOT_REQUIRED = re.compile(
    r"\b(?:not|n't) (?:be )?(?:required|needed|necessary|need)\b|\bneed not\b"
    r"|\bno written statement of action\b",
    re.IGNORECASE,
)
_OBLIGATION = re.compile(r"\b(?:required|must|needs? to (?:produce|submit))\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _tidy_area(area: str) -> str:
    return normalise_whitespace(area).strip(" '\"\u2018\u2019\u201c\u201d*.,:;")


def _local_area(opening: list[_Block]) -> tuple[str | None, _Block | None]:
    """The area and the title block it came from; the opening paragraph is the fallback."""
    for block in opening:
        match = _TITLE.fullmatch(block.text)
        if match and _tidy_area(match.group("area")):
            return _tidy_area(match.group("area")), block
    for block in opening:
        match = _AREA_IN_OPENING.search(block.text)
        if match and _tidy_area(match.group("area")):
            return _tidy_area(match.group("area")), None
    return None, None


def _written_statement_verdicts(blocks: list[_Block]) -> list[bool]:
    """For each sentence about a Written Statement of Action: does it say one is required?"""
    verdicts = []
    for block in blocks:
        if block.kind != _PARAGRAPH_BLOCK or "written statement of action" not in block.text.lower():
            continue
        for sentence in _SENTENCE_END.split(block.text):
            if "written statement of action" in sentence.lower():
                verdicts.append(bool(_OBLIGATION.search(sentence)) and not _NOT_REQUIRED.search(sentence))
    return verdicts


# --- The letter ------------------------------------------------------------------------


def _index_of(blocks: list[_Block], heading: str, start: int = 0) -> int | None:
    for index in range(start, len(blocks)):
        if blocks[index].heading == heading:
            return index
    return None


def _letterhead_end(opening: list[_Block], title: _Block | None) -> int | None:
    """Where the letterhead ends: at the title, or else at the salutation."""
    if title is not None:
        return title.start
    salutation = next((block for block in opening if block.text.lower().startswith("dear ")), None)
    return salutation.start if salutation else None


def _refuse(blocks: list[_Block], problems: list[str]) -> LetterError:
    if any(_REVISIT_TITLE.fullmatch(block.text) for block in blocks[:40]):
        return LetterError(
            "This looks like a joint local area SEND revisit letter, which reports progress on earlier "
            "weaknesses; only the inspection letters themselves can be read: " + "; ".join(problems) + "."
        )
    return LetterError(
        "This does not look like a joint local area SEND inspection letter: " + "; ".join(problems) + "."
    )


def _completeness_warnings(body: _BodyReader) -> list[str]:
    warnings = []
    found = {(finding.kind, finding.section) for finding in body.findings}
    if not any(kind == MAIN_FINDING for kind, _ in found):
        warnings.append("No main findings were listed under 'Main findings'.")
    for section in SECTIONS_2016:
        if section not in body.sections_seen:
            warnings.append(f"The section on {_SECTION_NAMES[section]} was not found.")
            continue
        for kind in (STRENGTH, AREA_FOR_DEVELOPMENT):
            if (kind, section) not in found:
                warnings.append(
                    f"No {_KIND_NAMES[kind]} were found in the section on {_SECTION_NAMES[section]}."
                )
    return warnings


def _written_statement_required(body: _BodyReader, blocks: list[_Block]) -> tuple[bool, list[str]]:
    verdicts = _written_statement_verdicts(blocks)
    weaknesses = [finding for finding in body.findings if finding.kind == SIGNIFICANT_WEAKNESS]
    required = bool(weaknesses) or body.weakness_list_introduced or any(verdicts)
    warnings = []
    if required and not weaknesses:
        warnings.append(
            "A Written Statement of Action is required, but no areas of significant weakness were listed."
        )
    if weaknesses and verdicts and not any(verdicts):
        warnings.append(
            "The letter lists areas of significant weakness but also says a Written Statement of Action is "
            "not required; check which is right."
        )
    return required, warnings


def read_letter_2016(text: str) -> Letter:
    """Read a 2016-framework joint local area SEND inspection letter.

    Raises LetterError, saying what was missing, when the text is not such a
    letter.  Missing optional details (the letter date, a section) come back
    as None or absent findings, with a warning for a person to check.
    """
    blocks = _split_blocks(text)
    main_index = _index_of(blocks, _MAIN_FINDINGS)
    opening = blocks if main_index is None else blocks[:main_index]
    local_area, title = _local_area(opening)
    inspection = _inspection_dates(" ".join(block.text for block in opening))

    problems = []
    if main_index is None:
        problems.append("no 'Main findings' heading was found")
    if local_area is None:
        problems.append(
            "no local area was named (expected a title such as "
            "'Joint local area SEND inspection in Wandsworth')"
        )
    if inspection is None:
        problems.append(
            "no inspection dates were found (expected a sentence such as 'Between 4 November 2019 and "
            "8 November 2019, Ofsted and the Care Quality Commission (CQC) conducted a joint inspection')"
        )
    if problems:
        raise _refuse(blocks, problems)

    closing_index = _index_of(blocks, _CLOSING, main_index)
    body = _BodyReader(blocks[main_index:closing_index])
    body.read()

    letter_date = _letter_date(text[: blocks[main_index].start], _letterhead_end(opening, title))
    warnings = [] if letter_date else ["No letter date was found."]
    wsoa_required, wsoa_warnings = _written_statement_required(body, blocks[:closing_index])
    warnings += body.warnings + _completeness_warnings(body) + wsoa_warnings

    return Letter(
        framework=FRAMEWORK_2016,
        local_area=local_area,
        letter_date=letter_date,
        inspection_start=inspection[0],
        inspection_end=inspection[1],
        wsoa_required=wsoa_required,
        findings=tuple(body.findings),
        source_text=text,
        warnings=tuple(warnings),
    )
