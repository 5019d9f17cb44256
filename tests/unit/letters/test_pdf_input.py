"""Reading letters and reports from PDF bytes.

The PDFs here are drawn by the tests with reportlab, so each one shows exactly
one thing: a letter whose PDF must read as its text does, a damaged or foreign
file that must be refused in plain English, or one quirk of published PDFs
(running footers, words broken at line ends, tables across pages).  The last
section reads 2023 reports from text in the shape the PDF reader gives, one
wording rule of the genre per test.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
import reportlab
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.shared_material import LETTERS_DIR, letter_2016_names, require_shared
from tests.unit.letters.test_letter2016_genre import WSOA_CLOSING, WSOA_OPENING, make_letter
from wsoa.letters import (
    AREA_FOR_IMPROVEMENT,
    FRAMEWORK_2023,
    NARRATIVE,
    PRIORITY_ACTION,
    LetterError,
    letter_to_dict,
    normalise_whitespace,
    read_document,
    read_letter,
)
from wsoa.letters.pdf import pdf_to_text

# Vera ships with reportlab, so every machine draws the same glyphs.
FONT = "Vera"
pdfmetrics.registerFont(TTFont(FONT, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 72.0
RIGHT = PAGE_WIDTH - 72.0
TOP = PAGE_HEIGHT - 80.0
BOTTOM = 90.0
FOOTER_Y = 40.0
SIZE = 11.0
LEADING = 14.0
PARAGRAPH_GAP = 9.0
BULLET_INDENT = 18.0
CELL_PADDING = 5.0

FOOTER = "Joint local area SEND inspection letter"
REPORT_FOOTER = "Area SEND inspection report: Testshire Local Area Partnership, 1 to 5 May 2023"
BULLET = re.compile(r"^(\s*)[-\u25a0\u2022]\s+")


# --- Drawing PDFs -------------------------------------------------------------------


@dataclass(frozen=True)
class Lines:
    """Lines of text drawn one under another, then a paragraph gap."""

    lines: tuple[str, ...]
    bullet: bool = False  # a glyph at the margin, the lines at a hanging indent


@dataclass(frozen=True)
class Grid:
    """A ruled table; each cell is a tuple of lines.

    Word draws its rules as thin filled bars; other tools stroke lines.
    """

    widths: tuple[float, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    bars: bool = True


@dataclass(frozen=True)
class Highlighted:
    """Lines drawn over white boxes, as Word draws highlighted text."""

    lines: tuple[str, ...]


def draw_running_lines(pdf: canvas.Canvas, number: int, footer: str | None, header: str | None) -> None:
    pdf.setFont(FONT, 9)
    if footer is not None:
        pdf.drawString(LEFT, FOOTER_Y, f"{footer} {number}".strip())
    if header is not None:
        pdf.drawString(LEFT, PAGE_HEIGHT - 40, header)
    pdf.setFont(FONT, SIZE)


def end_page(pdf: canvas.Canvas, number: int, footer: str | None = None, header: str | None = None) -> None:
    draw_running_lines(pdf, number, footer, header)
    pdf.showPage()


def rule(pdf: canvas.Canvas, x0: float, y0: float, x1: float, y1: float, bars: bool) -> None:
    if bars:
        pdf.rect(x0, y0, max(x1 - x0, 0.5), max(y1 - y0, 0.5), stroke=0, fill=1)
    else:
        pdf.line(x0, y0, x1, y1)


def draw_grid(pdf: canvas.Canvas, grid: Grid, y: float) -> float:
    edges = [LEFT]
    for width in grid.widths:
        edges.append(edges[-1] + width)
    rule(pdf, LEFT, y, edges[-1], y, grid.bars)
    for row in grid.rows:
        height = max(len(cell) for cell in row) * LEADING + 2 * CELL_PADDING
        for x, cell in zip(edges, row, strict=False):
            for number, line in enumerate(cell):
                pdf.drawString(x + CELL_PADDING, y - CELL_PADDING - SIZE - number * LEADING, line)
        for x in edges:
            rule(pdf, x, y - height, x, y, grid.bars)
        y -= height
        rule(pdf, LEFT, y, edges[-1], y, grid.bars)
    return y - PARAGRAPH_GAP - LEADING


def draw_lines(pdf: canvas.Canvas, block: Lines | Highlighted, y: float) -> float:
    for number, line in enumerate(block.lines):
        x = LEFT
        if isinstance(block, Highlighted):
            pdf.setFillColorRGB(1, 1, 1)
            pdf.rect(x, y - 3, pdfmetrics.stringWidth(line, FONT, SIZE), LEADING, stroke=0, fill=1)
            pdf.setFillColorRGB(0, 0, 0)
        if isinstance(block, Lines) and block.bullet:
            if number == 0:
                pdf.drawString(x, y, "\u2022")
            x += BULLET_INDENT
        pdf.drawString(x, y, line)
        y -= LEADING
    return y - PARAGRAPH_GAP


def document_pdf(
    pages: list[list[Lines | Grid | Highlighted]],
    *,
    footer: str | None = None,
    header: str | None = None,
    **canvas_options,
) -> bytes:
    """A PDF with the given blocks on each page, top down, and running lines if asked."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, initialFontName=FONT, initialFontSize=SIZE, **canvas_options)
    for number, blocks in enumerate(pages, start=1):
        y = TOP
        for block in blocks:
            y = draw_grid(pdf, block, y) if isinstance(block, Grid) else draw_lines(pdf, block, y)
        end_page(pdf, number, footer, header)
    pdf.save()
    return buffer.getvalue()


def text_pdf(*pages: list[str], footer: str | None = None, header: str | None = None) -> bytes:
    """A PDF of plain lines: one list of lines per page, each list one paragraph."""
    return document_pdf([[Lines(tuple(lines))] for lines in pages], footer=footer, header=header)


def wrap(text: str, width: float) -> list[str]:
    """Wrap as a word processor does: at spaces, and after the hyphen inside a compound."""
    pieces = re.findall(r"\S+?(?:(?<=\w-)(?=\w)|\s+|$)", text)
    lines, current = [], ""
    for piece in pieces:
        if current and pdfmetrics.stringWidth((current + piece).rstrip(), FONT, SIZE) > width:
            lines.append(current.rstrip())
            current = ""
        current += piece
    return [*lines, current.rstrip()] if current.strip() else lines


def letter_pdf(text: str, footer: str | None = FOOTER) -> bytes:
    """A letter's text set as a PDF: paragraphs wrapped, bullets hanging, a footer on each page.

    Every line of the text is a paragraph and every blank line a line of
    space, so page breaks fall where they fall, often mid-sentence.  An
    indented bullet is a sub-list, set one step further in.
    """
    rows: list[tuple[tuple[float, str], ...]] = []
    for paragraph in text.replace("\t", " ").splitlines():
        bullet = BULLET.match(paragraph)
        if bullet:
            glyph_x = LEFT + (BULLET_INDENT if bullet.group(1) else 0)
            text_x = glyph_x + BULLET_INDENT
            lines = wrap(paragraph[bullet.end() :], RIGHT - text_x)
            rows.append(((glyph_x, "\u2022"), (text_x, lines[0])))
            rows.extend(((text_x, line),) for line in lines[1:])
        elif paragraph.strip():
            rows.extend(((LEFT, line),) for line in wrap(paragraph, RIGHT - LEFT))
        else:
            rows.append(())
    per_page = int((TOP - BOTTOM) / LEADING)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, initialFontName=FONT, initialFontSize=SIZE)
    for number, first in enumerate(range(0, len(rows), per_page), start=1):
        for index, row in enumerate(rows[first : first + per_page]):
            for x, words in row:
                pdf.drawString(x, TOP - index * LEADING, words)
        end_page(pdf, number, footer)
    pdf.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A 'scan': a picture of a page and some shapes, with no text layer."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    picture = Image.new("L", (200, 280), color=255)
    pdf.drawImage(ImageReader(picture), LEFT, 300, width=400, height=480)
    pdf.rect(LEFT, 200, 200, 50, stroke=1, fill=0)
    pdf.circle(300, 150, 40, stroke=1, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- A 2016 letter as a PDF reads as its text does ----------------------------------------


@cache
def shared_letter_text(name: str) -> str:
    return require_shared(LETTERS_DIR / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.shared
@pytest.mark.parametrize("name", letter_2016_names())
def test_a_pdf_of_each_shared_letter_reads_the_same_as_its_text(name):
    text = shared_letter_text(name)
    assert letter_to_dict(read_document(letter_pdf(text))) == letter_to_dict(read_letter(text))


@pytest.mark.shared
@pytest.mark.parametrize("name", letter_2016_names())
def test_a_shared_letter_set_as_a_pdf_spans_several_pages(name):
    with pdfplumber.open(io.BytesIO(letter_pdf(shared_letter_text(name)))) as pdf:
        assert len(pdf.pages) >= 3


@pytest.mark.parametrize(
    "text",
    [
        make_letter(),
        make_letter(opening_extra=WSOA_OPENING, after_lists=WSOA_CLOSING),
    ],
    ids=["plain", "written-statement-required"],
)
def test_a_pdf_of_a_small_letter_reads_the_same_as_its_text(text):
    assert letter_to_dict(read_document(letter_pdf(text))) == letter_to_dict(read_letter(text))


def test_a_letter_cut_by_page_breaks_reads_the_same_as_its_text():
    long_area = " ".join(f"Leaders have reviewed provision number {n} with partners." for n in range(40))
    text = make_letter(main=f"- {long_area}\n- Waiting times are too long.")
    assert letter_to_dict(read_document(letter_pdf(text))) == letter_to_dict(read_letter(text))


def test_a_pdf_is_recognised_by_its_content_not_its_name():
    letter = read_document(letter_pdf(make_letter()))
    assert letter.local_area == "Wandsworth"


# --- Files that are not readable letters -------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (random.Random(7).randbytes(4096), "not a PDF or UTF-8 text"),
        (b"%PDF-1.7\n" + random.Random(7).randbytes(4096) + b"\n%%EOF\n", "damaged or incomplete"),
        (letter_pdf(make_letter())[:3000], "damaged or incomplete"),
        (image_only_pdf(), "This PDF has no text layer: it looks like a scan"),
        (
            document_pdf([[Lines(("Some text about SEND",))]], encrypt=StandardEncryption("secret")),
            "password-protected",
        ),
        (
            letter_pdf(
                "Victoria sponge\n\nCream the butter and sugar, beat in the eggs, fold in the flour. "
                "Send us a photo of your cake.",
                footer=None,
            ),
            "does not look like a SEND inspection letter or report",
        ),
    ],
    ids=[
        "empty",
        "random-bytes",
        "random-bytes-after-pdf-header",
        "truncated",
        "scan",
        "encrypted",
        "recipe",
    ],
)
def test_an_unreadable_file_is_refused_in_plain_english(data, message):
    with pytest.raises(LetterError, match=message):
        read_document(data)


def test_a_pdf_with_an_empty_user_password_is_read():
    pdf = document_pdf([[Lines(("Some text about SEND",))]], encrypt=StandardEncryption("", "owner"))
    assert "Some text about SEND" in pdf_to_text(pdf)


# --- Running headers and footers --------------------------------------------------------


def three_pages(**running) -> bytes:
    return text_pdf(
        ["Leaders know the area well."],
        ["Waiting times are too long."],
        ["Plans are improving."],
        **running,
    )


def test_a_running_footer_is_removed_from_every_page():
    text = pdf_to_text(three_pages(footer=REPORT_FOOTER))
    assert "Area SEND inspection report" not in text
    assert text.split("\n\n") == [
        "Leaders know the area well.",
        "Waiting times are too long.",
        "Plans are improving.\n",
    ]


def test_a_running_header_is_removed_from_every_page():
    assert "Local area partnership report" not in pdf_to_text(
        three_pages(header="Local area partnership report")
    )


def test_page_numbers_alone_are_removed():
    assert not re.search(r"^\d+$", pdf_to_text(three_pages(footer="")), re.MULTILINE)


def test_a_line_in_the_margin_of_one_page_only_is_kept():
    pdf = document_pdf(
        [
            [Lines(("Local area partnership report",)), Lines(("Leaders know the area well.",))],
            [Lines(("Plans are improving.",))],
        ],
        footer=REPORT_FOOTER,
    )
    assert pdf_to_text(pdf) == (
        "Local area partnership report\n\nLeaders know the area well.\n\nPlans are improving.\n"
    )


def test_a_sentence_cut_by_a_page_break_and_its_footer_is_one_paragraph():
    pdf = text_pdf(
        ["Leaders know the area well. They have not yet"],
        ["addressed the waiting times for assessments."],
        footer=REPORT_FOOTER,
    )
    assert pdf_to_text(pdf) == (
        "Leaders know the area well. They have not yet addressed the waiting times for assessments.\n"
    )


def test_a_finished_paragraph_at_a_page_end_stays_apart_from_the_next_page():
    pdf = text_pdf(["Leaders know the area well."], ["Waiting times are too long."], footer=REPORT_FOOTER)
    assert pdf_to_text(pdf) == "Leaders know the area well.\n\nWaiting times are too long.\n"


def test_a_bullet_continued_at_its_hanging_indent_on_the_next_page_is_one_bullet():
    pdf = document_pdf(
        [
            [Lines(("Leaders know the area well.",), bullet=True)],
            [Lines(("Waiting times are falling.",)), Lines(("Plans are improving.",), bullet=True)],
        ],
        footer=REPORT_FOOTER,
    )
    # The second page's first paragraph starts at the margin, not at the indent.
    assert pdf_to_text(pdf).split("\n\n")[0] == "\u2022 Leaders know the area well."


# --- Words broken at line ends ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Leaders know the", "area well."], "Leaders know the area well."),
        (
            ["Support for emotional health and well-", "being is strong."],
            "emotional health and well-being is strong.",
        ),
        (["This is day-to-", "day work, today."], "This is day-to-day work, today."),
        (["Young people post-", "16 are supported."], "Young people post-16 are supported."),
        (["Leaders have short-", "and long-term plans."], "Leaders have short- and long-term plans."),
        (["Services for 18-", "to 25-year-olds are new."], "Services for 18- to 25-year-olds are new."),
        (
            ["The impact is signifi-", "cant. The change is significant."],
            "The impact is significant. The change is significant.",
        ),
        (
            ["Co-production is strong. Co-", "production is valued."],
            "Co-production is strong. Co-production is valued.",
        ),
    ],
    ids=[
        "plain-line-break",
        "compound-kept",
        "double-compound-kept",
        "hyphen-before-a-number-kept",
        "suspended-hyphen",
        "suspended-hyphen-with-numbers",
        "broken-word-spelt-whole-elsewhere",
        "compound-spelt-hyphenated-elsewhere",
    ],
)
def test_a_line_end_hyphen_is_mended_by_the_rule(lines, expected):
    assert expected in pdf_to_text(text_pdf(lines))


def test_a_soft_hyphen_at_a_line_end_is_mended_like_a_hard_one():
    # PDFium reports every hyphen that ends a line alike, soft or hard: the vocabulary rule decides.
    text = pdf_to_text(text_pdf(["The assess\u00ad", "ment is thorough. The assessment is late."]))
    assert "The assessment is thorough." in text


# --- Tables -------------------------------------------------------------------------------


def test_a_table_row_comes_back_as_one_row_with_its_bullets():
    grid = Grid(
        (440,),
        (
            (("Areas for improvement",),),
            (("Leaders should:", "\u2022 improve the quality of plans", "\u2022 cut waiting times."),),
        ),
    )
    text = pdf_to_text(document_pdf([[grid]]))
    assert "| Leaders should: \u2022 improve the quality of plans \u2022 cut waiting times. |" in text


@pytest.mark.parametrize("bars", [True, False], ids=["filled-bars", "stroked-lines"])
def test_a_two_column_table_keeps_its_columns(bars):
    grid = Grid(
        (160, 280),
        (
            (("Responsible body",), ("Areas for priority action",)),
            (("Testshire Council and", "NHS Testshire ICB"), ("Leaders must reduce", "waiting times.")),
        ),
        bars=bars,
    )
    text = pdf_to_text(document_pdf([[grid]]))
    assert "| Responsible body | Areas for priority action |" in text
    assert "| Testshire Council and NHS Testshire ICB | Leaders must reduce waiting times. |" in text


def test_a_table_row_cut_by_a_page_break_is_one_row_without_the_footer():
    first = Grid(
        (440,), ((("Areas for improvement",),), (("There needs to be more timely", "communication so that"),))
    )
    rest = Grid((440,), ((("transitions are managed well.",),), (("Leaders should act.",),)))
    text = pdf_to_text(document_pdf([[first], [rest]], footer=REPORT_FOOTER))
    assert text == (
        "| Areas for improvement |\n"
        "| There needs to be more timely communication so that transitions are managed well. |\n"
        "| Leaders should act. |\n"
    )


def test_a_header_row_repeated_on_the_next_page_appears_once():
    header = (("Areas for improvement",),)
    first = Grid((440,), (header, (("Leaders should plan.",),)))
    rest = Grid((440,), (header, (("Leaders should act.",),)))
    text = pdf_to_text(document_pdf([[first], [rest]], footer=REPORT_FOOTER))
    assert text.count("Areas for improvement") == 1


def merged_body_table_pdf() -> bytes:
    """A priority action table whose responsible body cell spans two rows, drawn with Word's bars."""
    left, middle, right = LEFT, LEFT + 160, LEFT + 440
    top, header, first, second = 760.0, 736.0, 696.0, 656.0
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, initialFontName=FONT, initialFontSize=SIZE)
    for x0, y, x1 in (
        (left, top, right),
        (left, header, right),
        (middle, first, right),
        (left, second, right),
    ):
        rule(pdf, x0, y, x1, y, bars=True)
    for x in (left, middle, right):
        rule(pdf, x, second, x, top, bars=True)
    for x, y, words in (
        (left, header, "Responsible body"),
        (middle, header, "Areas for priority action"),
        (left, first, "Testshire Council"),
        (middle, first, "Leaders must reduce waits."),
        (middle, second, "Leaders must improve plans."),
    ):
        pdf.drawString(x + CELL_PADDING, y + 2 * CELL_PADDING + (14 if y != header else 0), words)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_cell_merged_down_the_rows_leaves_the_rows_below_an_empty_cell():
    assert pdf_to_text(merged_body_table_pdf()) == (
        "| Responsible body | Areas for priority action |\n"
        "| Testshire Council | Leaders must reduce waits. |\n"
        "|  | Leaders must improve plans. |\n"
    )


def test_white_boxes_behind_highlighted_text_do_not_make_a_table():
    text = pdf_to_text(
        document_pdf([[Highlighted(("Parent voices are now heard", "much more effectively."))]])
    )
    assert text == "Parent voices are now heard much more effectively.\n"


# --- A 2023 report as a PDF -----------------------------------------------------------------


def report_pdf() -> bytes:
    """A short report in the 2023 template, laid out as published, over two pages."""
    first_page = [
        Lines(("Area SEND inspection of Testshire", "Local Area Partnership")),
        Lines(("Inspection dates: 27 November to 1 December 2023",)),
        Lines(("Dates of previous inspection: 2 to 6 October 2017",)),
        Lines(("Inspection outcome",)),
        Lines(
            (
                "There are widespread and/or systemic failings leading to significant concerns",
                "about the experiences and outcomes of children and young people with SEND.",
            )
        ),
        Lines(("A monitoring inspection will be carried out within approximately 18 months.",)),
        Lines(("The next full reinspection will be within approximately three years.",)),
        Lines(("His Majesty's Chief Inspector requires the local area partnership to prepare",)),
        Lines(("and submit a priority action plan (area SEND).",)),
        Lines(("Information about the local area partnership",)),
        Lines(("Testshire Council and NHS Testshire ICB are responsible for services.",)),
        Lines(("What is the area partnership doing that is effective?",)),
        Lines(("Leaders are ambitious for children and young people.",), bullet=True),
        Lines(("Early help is well established.",), bullet=True),
    ]
    second_page = [
        Lines(("Areas for priority action",)),
        Grid(
            (160, 280),
            (
                (("Responsible body",), ("Areas for priority action",)),
                (("Testshire Council and", "NHS Testshire ICB"), ("Leaders must reduce", "waiting times.")),
                (("NHS Testshire ICB",), ("Health leaders must improve", "therapy services.")),
            ),
        ),
        Lines(("Areas for improvement",)),
        Grid(
            (440,),
            ((("Areas for improvement",),), (("Leaders should improve", "transitions to adulthood."),)),
        ),
        Lines(("Local area partnership details",)),
        Grid(
            (220, 220),
            (
                (("Local authority",), ("Integrated care board",)),
                (("Testshire Council",), ("NHS Testshire ICB",)),
            ),
        ),
    ]
    return document_pdf([first_page, second_page], footer=REPORT_FOOTER)


@cache
def synthetic_report():
    return read_document(report_pdf())


def test_a_report_pdf_is_read_as_the_2023_framework():
    report = synthetic_report()
    assert (report.framework, report.local_area, report.warnings) == (FRAMEWORK_2023, "Testshire", ())


def test_a_report_pdf_gives_its_dates_outcome_and_timescales():
    report = synthetic_report()
    assert (report.inspection_start, report.inspection_end) == (date(2023, 11, 27), date(2023, 12, 1))
    assert (report.previous_inspection.start, report.previous_inspection.end) == (
        date(2017, 10, 2),
        date(2017, 10, 6),
    )
    assert (report.outcome, report.priority_action_plan_required) == (3, True)
    assert (report.monitoring_inspection_within_months, report.next_full_inspection_within_months) == (18, 36)


def test_a_report_pdf_gives_the_partnership_from_its_details_table():
    report = synthetic_report()
    assert (report.local_authority, report.integrated_care_board) == (
        "Testshire Council",
        "NHS Testshire ICB",
    )


def test_a_report_pdf_gives_each_priority_action_with_its_responsible_body():
    actions = [(f.responsible_body, f.text) for f in synthetic_report().findings_of(PRIORITY_ACTION)]
    assert actions == [
        ("Testshire Council and NHS Testshire ICB", "Leaders must reduce waiting times."),
        ("NHS Testshire ICB", "Health leaders must improve therapy services."),
    ]


def test_a_report_pdf_gives_each_area_for_improvement_and_narrative_paragraph():
    report = synthetic_report()
    assert [f.text for f in report.findings_of(AREA_FOR_IMPROVEMENT)] == [
        "Leaders should improve transitions to adulthood."
    ]
    assert [(f.section, f.text) for f in report.findings_of(NARRATIVE)] == [
        (
            "Information about the local area partnership",
            "Testshire Council and NHS Testshire ICB are responsible for services.",
        ),
        (
            "What is the area partnership doing that is effective?",
            "Leaders are ambitious for children and young people.",
        ),
        ("What is the area partnership doing that is effective?", "Early help is well established."),
    ]


def test_an_empty_responsible_body_cell_takes_the_body_merged_down_from_above():
    text = (
        "Area SEND inspection of Testshire Local Area Partnership\n\n"
        "Areas for priority action\n\n"
        "| Responsible body | Areas for priority action |\n"
        "| Testshire Council | Leaders must reduce waits. |\n"
        "|  | Leaders must improve plans. |\n"
    )
    actions = [(f.responsible_body, f.text) for f in read_letter(text).findings_of(PRIORITY_ACTION)]
    assert actions == [
        ("Testshire Council", "Leaders must reduce waits."),
        ("Testshire Council", "Leaders must improve plans."),
    ]


def test_every_span_of_a_report_pdf_holds_its_finding_text():
    report = synthetic_report()
    for finding in report.findings:
        assert normalise_whitespace(report.source_text[finding.start : finding.end]) == finding.text


# --- The 2023 reader on text in the shape pdf_to_text gives -----------------------------------

OUTCOME_3 = (
    "There are widespread and/or systemic failings leading to significant concerns about the experiences "
    "and outcomes of children and young people with SEND.\n\n"
    "A monitoring inspection will be carried out within approximately 18 months. The next full "
    "reinspection will be within approximately 3 years."
)


def report_text(
    *,
    title: str = "Area SEND inspection of Testshire Local Area Partnership",
    dates: str = "1 to 5 May 2023",
    previous: str = "2 to 6 October 2017",
    outcome: str = OUTCOME_3,
    experiences: str = "Children and young people wait too long for therapy.",
) -> str:
    return (
        f"{title}\n\nInspection dates: {dates}\n\nDates of previous inspection: {previous}\n\n"
        f"Inspection outcome\n\n{outcome}\n\n"
        f"What is it like to be a child or young person with SEND in this area?\n\n{experiences}\n\n"
        "Areas for improvement\n\n| Areas for improvement |\n| Leaders should improve plans. |\n"
    )


@pytest.mark.parametrize(
    ("wording", "outcome"),
    [
        ("The local area partnership's SEND arrangements typically lead to positive experiences.", 1),
        ("The local area partnership's arrangements lead to inconsistent experiences and outcomes.", 2),
        ("There are widespread and/or systemic failings leading to significant concerns.", 3),
    ],
)
def test_the_outcome_comes_from_the_outcome_wording(wording, outcome):
    assert read_letter(report_text(outcome=wording)).outcome == outcome


def test_outcome_wording_in_the_narrative_does_not_change_the_outcome():
    text = report_text(experiences="Some children have inconsistent experiences of transition.")
    assert read_letter(text).outcome == 3


@pytest.mark.parametrize(
    ("wording", "monitoring", "next_full"),
    [
        ("The next full area SEND inspection will be within approximately five years.", None, 60),
        ("The next full area SEND inspection will be within approximately 3 years.", None, 36),
        (OUTCOME_3, 18, 36),
        (
            "A monitoring inspection will take place within 18 months. The next full inspection will be "
            "within approximately three years.",
            18,
            36,
        ),
    ],
    ids=["five-years", "3-years", "monitoring-and-full", "monitoring-without-approximately"],
)
def test_timescales_are_read_as_months(wording, monitoring, next_full):
    report = read_letter(report_text(outcome=wording))
    assert (report.monitoring_inspection_within_months, report.next_full_inspection_within_months) == (
        monitoring,
        next_full,
    )


@pytest.mark.parametrize(
    ("dates", "start", "end"),
    [
        ("18 to 22 March 2024", date(2024, 3, 18), date(2024, 3, 22)),
        ("27 November to 1 December 2023", date(2023, 11, 27), date(2023, 12, 1)),
        ("29 December to 2 January 2024", date(2023, 12, 29), date(2024, 1, 2)),
        ("29 December 2023 to 2 January 2024", date(2023, 12, 29), date(2024, 1, 2)),
    ],
)
def test_inspection_dates_are_read_across_months_and_years(dates, start, end):
    report = read_letter(report_text(dates=dates))
    assert (report.inspection_start, report.inspection_end) == (start, end)


def test_a_first_inspection_has_no_previous_inspection():
    assert read_letter(report_text(previous="Not previously inspected")).previous_inspection is None


def test_impossible_inspection_dates_are_none_with_a_warning():
    report = read_letter(report_text(dates="30 to 31 February 2024"))
    assert (report.inspection_start, report.inspection_end) == (None, None)
    assert "The inspection dates could not be found in the report." in report.warnings


def test_a_report_without_its_title_is_refused():
    text = report_text(title="Area SEND inspection report: Testshire")
    with pytest.raises(LetterError, match="its title"):
        read_letter(text)
