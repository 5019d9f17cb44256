"""The three ways real reports were misread, each rebuilt as a PDF, and the warnings that flag doubt.

- a table row that runs on to the next page (behind a running header, a footer and a repeated
  table header) must come back whole;
- a contacts table after the areas for improvement must not be read as more of them;
- spacing between the glyphs of a word must not split it, and real spaces must stay.
"""

from __future__ import annotations

import io
import re
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.unit.letters.test_pdf_input import (
    FONT,
    LEADING,
    LEFT,
    REPORT_FOOTER,
    SIZE,
    TOP,
    Grid,
    Lines,
    document_pdf,
    end_page,
    wrap,
)
from wsoa.letters import AREA_FOR_IMPROVEMENT, letter_to_dict, read_document, read_letter
from wsoa.letters.pdf import ROW_CUT, ROW_JOINED, SPLIT_WORD, pdf_to_text, read_pdf
from wsoa.letters.report2023 import CONTACT_DETAILS, NO_FULL_STOP, UNEXPECTED_TABLE

HEADER = "OFFICIAL: Testshire area SEND report"
COLUMN = 440.0

OPENING = [
    Lines(("Area SEND inspection of Testshire", "Local Area Partnership")),
    Lines(("Inspection dates: 27 November to 1 December 2023",)),
    Lines(("Inspection outcome",)),
    Lines(("The local area partnership's SEND arrangements typically lead to positive experiences.",)),
    Lines(("Areas for improvement",)),
]
FIRST = "Leaders should improve the quality of education, health and care plans."
LONG = (
    "Leaders across the partnership should improve how they share information so that children and young "
    "people with SEND receive the right help at the right time. They should check that this makes a "
    "difference to families."
)
LAST = "Leaders should reduce waiting times for speech and language therapy."


def cell(text: str) -> tuple[tuple[str, ...], ...]:
    return (tuple(wrap(text, COLUMN - 10)),)


def split_report(cut_at_word: int, text: str = LONG, *, repeat_header: bool = True) -> bytes:
    """Areas for improvement whose second row is cut by a page break after `cut_at_word` words."""
    words = text.split()
    before, after = " ".join(words[:cut_at_word]), " ".join(words[cut_at_word:])
    header = (("Areas for improvement",),)
    first_page = [*OPENING, Grid((COLUMN,), (header, cell(FIRST), cell(before)))]
    rows = ((header,) if repeat_header else ()) + (cell(after), cell(LAST))
    second_page = [Grid((COLUMN,), rows), Lines(("Local area partnership details",))]
    return document_pdf([first_page, second_page], footer=REPORT_FOOTER, header=HEADER)


def improvements(data: bytes) -> list[str]:
    return [f.text for f in read_document(data).findings_of(AREA_FOR_IMPROVEMENT)]


# --- 1. A row cut by a page break ------------------------------------------------------------


def test_a_row_cut_mid_sentence_is_joined_across_the_header_footer_and_repeated_table_header():
    assert improvements(split_report(8)) == [FIRST, LONG, LAST]


def test_a_row_joined_on_weak_evidence_carries_a_warning_on_that_finding():
    # Cut after a colon, the rest a bullet list: joined, and flagged for a person to check.
    text = "Leaders should make sure that: \u2022 plans are reviewed on time \u2022 families are told of changes."
    letter = read_document(split_report(5, text))  # the page ends after "that:"
    joined = next(f for f in letter.findings if f.text == text)
    assert letter.warnings_about(joined) == [ROW_JOINED]
    assert ROW_JOINED in letter.warnings


def test_a_row_joined_mid_sentence_into_lower_case_needs_no_warning():
    assert read_document(split_report(8)).passage_warnings == ()


def lone_row_at_the_top_of_the_next_page() -> bytes:
    """The last row's rest sits alone in a ruled box on the next page: a one-cell table."""
    header = (("Areas for improvement",),)
    words = LAST.split()
    first_page = [*OPENING, Grid((COLUMN,), (header, cell(FIRST), cell(" ".join(words[:4]))))]
    second_page = [Grid((COLUMN,), (cell(" ".join(words[4:])),)), Lines(("Local area partnership details",))]
    return document_pdf([first_page, second_page], footer=REPORT_FOOTER, header=HEADER)


def test_the_rest_of_a_row_alone_in_a_box_on_the_next_page_is_joined():
    assert improvements(lone_row_at_the_top_of_the_next_page()) == [FIRST, LAST]


def test_a_row_cut_at_a_page_end_with_nothing_to_carry_it_on_is_flagged_as_cut():
    header = (("Areas for improvement",),)
    first_page = [*OPENING, Grid((COLUMN,), (header, cell(FIRST), cell("Leaders should reduce waiting times for")))]
    second_page = [Lines(("Local area partnership details",))]
    letter = read_document(document_pdf([first_page, second_page], footer=REPORT_FOOTER))
    cut = letter.findings_of(AREA_FOR_IMPROVEMENT)[-1]
    assert letter.warnings_about(cut) == [ROW_CUT, NO_FULL_STOP]


SPLIT_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SPLIT_SETTINGS
@given(st.integers(min_value=1, max_value=len(LONG.split()) - 1))
def test_any_finding_survives_being_split_across_a_page_at_any_word(cut_at_word):
    assert improvements(split_report(cut_at_word)) == [FIRST, LONG, LAST]


# --- 2. Tables after the findings ----------------------------------------------------------------

CONTACTS = Grid(
    (220, 220),
    (
        (("Local authority",), ("Integrated care board",)),
        (("Testshire Council",), ("NHS Testshire ICB",)),
        (("Sam Smith, Director of Children's Services",), ("Alex Jones, Chief Executive Officer",)),
        (("www.testshire.gov.uk",), ("www.testshire.icb.nhs.uk",)),
        (("County Hall, Testtown TT1 1AA",), ("1 Health Street, Testtown TT2 2BB",)),
    ),
)


def findings_then_contacts(with_heading: bool) -> bytes:
    table = Grid((COLUMN,), ((("Areas for improvement",),), cell(FIRST), cell(LAST)))
    between = [Lines(("\u25fc Local area partnership details",))] if with_heading else []
    return document_pdf([[*OPENING, table, *between, CONTACTS]], footer=REPORT_FOOTER)


def test_a_contacts_table_after_the_findings_is_not_read_as_findings():
    letter = read_document(findings_then_contacts(with_heading=True))
    assert [f.text for f in letter.findings_of(AREA_FOR_IMPROVEMENT)] == [FIRST, LAST]
    assert (letter.local_authority, letter.integrated_care_board) == ("Testshire Council", "NHS Testshire ICB")


def test_a_contacts_table_straight_after_the_findings_table_is_refused_with_a_warning():
    letter = read_document(findings_then_contacts(with_heading=False))
    assert [f.text for f in letter.findings_of(AREA_FOR_IMPROVEMENT)] == [FIRST, LAST]
    assert UNEXPECTED_TABLE.format(label="areas for improvement") in letter.warnings


def report_text_with(finding: str) -> str:
    return (
        "Area SEND inspection of Testshire Local Area Partnership\n\nInspection dates: 1 to 5 May 2023\n\n"
        "Areas for improvement\n\n| Areas for improvement |\n| " + finding + " |\n"
    )


def test_contact_details_inside_a_finding_raise_a_warning_on_it():
    letter = read_letter(report_text_with("Leaders should write to Ms Smith at www.testshire.gov.uk, TT1 1AA."))
    finding = letter.findings_of(AREA_FOR_IMPROVEMENT)[0]
    assert letter.warnings_about(finding) == [
        CONTACT_DETAILS.format(what="a web address, a postcode, a person's title")
    ]


def test_a_finding_without_a_full_stop_raises_a_warning_on_it():
    letter = read_letter(report_text_with("Leaders should improve plans"))
    assert letter.warnings_about(letter.findings_of(AREA_FOR_IMPROVEMENT)[0]) == [NO_FULL_STOP]


def test_a_count_the_report_states_that_differs_from_the_findings_read_raises_a_warning():
    text = report_text_with("Leaders should improve plans.").replace(
        "Areas for improvement\n\n|",
        "Inspection outcome\n\nInspectors identified three areas for improvement.\n\nAreas for improvement\n\n|",
        1,
    )
    assert "The report says there are 3 areas for improvement, but 1 were read" in " ".join(read_letter(text).warnings)


def test_each_passage_warning_appears_beside_its_finding_in_the_json():
    letter = read_letter(report_text_with("Leaders should improve plans"))
    finding = letter_to_dict(letter)["findings"][-1]
    assert finding["warnings"] == [NO_FULL_STOP]


# --- 3. Spacing inside words ------------------------------------------------------------------------


@cache
def glyph_spacing_pdf() -> bytes:
    """Helvetica text whose words carry kerning gaps (TJ) of up to 0.3 em inside them, and real spaces."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 11)
    font = pdf._doc.getInternalFontName("Helvetica")  # noqa: SLF001 - raw operators need the resource name
    y = 700
    for adjustment in (-150, -250, -300):
        pdf._code.append(  # noqa: SLF001 - a TJ array with gaps inside words, as some PDF makers write
            f"BT {font} 11 Tf 72 {y} Td [(Young p) {adjustment} (eople) {adjustment // 2} "
            f"(\\222s lives ch) {adjustment} (ange for SEND.)] TJ ET"
        )
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_glyph_spacing_inside_a_word_does_not_split_it_and_real_spaces_are_kept():
    lines = [line for line in pdf_to_text(glyph_spacing_pdf()).splitlines() if line]
    assert lines == ["Young people\u2019s lives change for SEND."] * 3


def unspaced_pdf(words: list[tuple[str, float]]) -> bytes:
    """Words placed one by one, no space glyphs at all (as some PDF makers do); each with the gap after it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, initialFontName=FONT, initialFontSize=SIZE)
    for row in range(2):
        x = LEFT
        for word, gap in words:
            pdf.drawString(x, TOP - row * LEADING * 2, word)
            x += pdf.stringWidth(word, FONT, SIZE) + gap * SIZE
    end_page(pdf, 1)
    pdf.save()
    return buffer.getvalue()


def test_a_word_still_split_by_wide_spacing_is_warned_about_and_left_as_drawn():
    # Real spaces are 0.3 em; "p" and "eople" sit 0.25 em apart, more than a PDF without spaces allows
    # inside a word, so the text keeps the split, and a warning names it (the word is whole elsewhere).
    words = [("Young", 0.3), ("people", 0.3), ("and", 0.3), ("young", 0.3), ("p", 0.25), ("eople", 0.3)]
    reading = read_pdf(unspaced_pdf(words))
    assert "young p eople" in reading.text
    note = next(n for n in reading.notes if n.message == SPLIT_WORD.format(pair="p eople", word="people"))
    assert reading.text[note.start : note.end] == "p eople"


def test_real_spaces_between_words_placed_one_by_one_are_kept():
    reading = read_pdf(unspaced_pdf([("Leaders", 0.3), ("know", 0.3), ("the", 0.3), ("area", 0.3)]))
    assert re.search(r"^Leaders know the area$", reading.text, re.MULTILINE)
    assert reading.notes == ()


def test_a_numbered_list_in_one_cell_is_one_finding_per_number_without_its_number():
    cell = "1. Leaders should improve plans. 2. Leaders should cut waits for 2 years. 3. Leaders should act."
    letter = read_letter(report_text_with(cell))
    assert [f.text for f in letter.findings_of(AREA_FOR_IMPROVEMENT)] == [
        "Leaders should improve plans.",
        "Leaders should cut waits for 2 years.",
        "Leaders should act.",
    ]
