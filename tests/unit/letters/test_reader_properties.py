"""Properties of the letter reader over arbitrary and damaged input.

Whatever the text, the reader returns a Letter or raises LetterError, and every
finding it returns points at text that is really in the source.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.letters.test_letter2016_genre import PAGE_BREAK, WSOA_CLOSING, WSOA_OPENING, make_letter
from wsoa.letters import Letter, LetterError, read_letter
from wsoa.letters.letter2016 import read_letter_2016
from wsoa.letters.model import SECTION_IDENTIFYING, SECTION_MEETING

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

TIDY_LETTER = make_letter(opening_extra=WSOA_OPENING, after_lists=WSOA_CLOSING)
DAMAGED_LETTER = make_letter(
    opening_extra=WSOA_OPENING,
    after_lists=WSOA_CLOSING,
    areas={
        SECTION_IDENTIFYING: f"\u25a0 This card allows them{PAGE_BREAK}- access to services.\n"
        "- A review showed that:\n  - leaders know needs\n  - targets are ambitious.\n\n"
        "This helps.\n\n- Last.",
        SECTION_MEETING: "Co-production is underdeveloped.\n\n\u2022 Plans are late.",
    },
)

# Fragments that look like the letter's own structure, mixed with characters
# that change length or meaning under case-folding and line splitting.
TRICKY_FRAGMENTS = st.sampled_from(
    [
        "\r",
        "\r\n",
        "\f",
        "\u2028",
        "\x85",
        "\u00a0",
        "\ufeff",
        "\u200b",
        "\u25a0",
        "- ",
        "o",
        ":",
        "\u0130",
        "\u212a",
        "\u017f",
        "Main findings",
        "Strengths",
        "Areas for improvement",
        "Yours sincerely",
        "Joint local area SEND inspection in ",
        "Between 4 and 31 February 2019",
        "Between 30 December and 3 January 2020",
        "the following areas of significant weakness:",
        "a Written Statement of Action is not required.",
        "The effectiveness of the local area in meeting",
    ]
)
JUNK = st.one_of(st.text(max_size=30), TRICKY_FRAGMENTS)


@st.composite
def damaged_versions(draw, letter: str) -> str:
    """The letter with lines deleted, duplicated, swapped or shuffled, junk inserted, or its end cut off."""
    lines = letter.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not lines:
            break
        where = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "shuffle", "truncate"]))
        if edit == "delete":
            del lines[where]
        elif edit == "duplicate":
            lines.insert(where, lines[where])
        elif edit == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        elif edit == "insert":
            lines.insert(where, draw(JUNK))
        elif edit == "shuffle":
            lines[where:] = draw(st.permutations(lines[where : where + 6])) + lines[where + 6 :]
        else:
            lines = lines[:where]
    return "".join(lines)


def read_or_refuse(text: str) -> tuple[Letter | None, Letter | None]:
    """Read through the public entry point and through the 2016 reader itself.

    Only LetterError may escape either; the public entry point also wraps
    anything else, so calling the 2016 reader directly is what shows that it
    keeps the contract on its own.
    """
    try:
        public = read_letter(text)
    except LetterError:
        public = None
    try:
        letter_2016 = read_letter_2016(text)
    except LetterError:
        letter_2016 = None
    return public, letter_2016


def assert_spans_lie_inside_the_source(letter: Letter, text: str) -> None:
    assert letter.source_text == text
    for finding in letter.findings:
        assert 0 <= finding.start < finding.end <= len(text)


def assert_findings_point_at_their_own_words(letter: Letter, text: str) -> None:
    """Each 2016 finding's span starts at its first character and ends at its last, in reading order."""
    previous_end = 0
    for finding in letter.findings:
        assert previous_end <= finding.start
        assert finding.text
        assert text[finding.start] == finding.text[0]
        assert text[finding.end - 1] == finding.text[-1]
        previous_end = finding.end


def check_reading(text: str) -> None:
    public, letter_2016 = read_or_refuse(text)
    if public is not None:
        assert_spans_lie_inside_the_source(public, text)
    if letter_2016 is not None:
        assert_spans_lie_inside_the_source(letter_2016, text)
        assert_findings_point_at_their_own_words(letter_2016, text)


@PROPERTY_SETTINGS
@given(st.text())
def test_arbitrary_text_gives_a_letter_or_a_letter_error(text):
    check_reading(text)


@PROPERTY_SETTINGS
@given(st.one_of(damaged_versions(TIDY_LETTER), damaged_versions(DAMAGED_LETTER)))
def test_a_damaged_letter_gives_a_letter_or_a_letter_error(text):
    check_reading(text)


@PROPERTY_SETTINGS
@given(st.data())
def test_extra_page_breaks_between_lines_change_no_finding(data):
    lines = TIDY_LETTER.split("\n")
    breaks = data.draw(
        st.lists(
            st.sampled_from(["", "\n\n", "\f", "\r\n\r\n", " \t\u00a0\n"]),
            min_size=len(lines),
            max_size=len(lines),
        )
    )
    spaced = "".join(line + "\n" + extra for line, extra in zip(lines, breaks, strict=True))
    tidy = read_letter_2016(TIDY_LETTER)
    letter = read_letter_2016(spaced)
    assert [(f.kind, f.section, f.text) for f in letter.findings] == [
        (f.kind, f.section, f.text) for f in tidy.findings
    ]
    assert (letter.local_area, letter.letter_date, letter.wsoa_required) == (
        tidy.local_area,
        tidy.letter_date,
        tidy.wsoa_required,
    )
