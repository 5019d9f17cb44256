"""The conventions every generated document shares: tagged PDFs that lay out cleanly, and DOCX structure that a
screen reader and Word's navigation pane can follow."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO

import pdfplumber
import pytest
from docx import Document
from pdfminer.pdftypes import resolve1

from tests.pdf_checks import (
    assert_pdf_lays_out_cleanly,
    characters_off_the_page,
    docx_headings,
    docx_lines,
    docx_tables,
    pdf_page_texts,
    pdf_title,
)
from wsoa.documents import content, pdf, word


def render(rows: int, words: str = "Short") -> bytes:
    blocks = [content.heading("Test statement", 1),
              content.table(["Reference", "Action"], [[f"A{n}", words] for n in range(rows)], [20, 80])]
    return pdf.render_pdf(blocks, title="Test statement", author="Westmarsh Council", footer="Westmarsh Council")


@pytest.mark.pdf
def test_a_pdf_carries_its_title_and_is_tagged_for_screen_readers():
    document = render(rows=3)
    assert pdf_title(document) == "Test statement"
    with pdfplumber.open(BytesIO(document)) as opened:
        catalog = opened.doc.catalog
        assert "StructTreeRoot" in catalog
        assert resolve1(catalog["MarkInfo"])["Marked"] is True
        assert catalog["Lang"] == b"en-GB"


def _tags(document: bytes) -> list[str]:
    """The type of each structure element on the first page, depth first."""
    found = []

    def walk(elements):
        for element in elements:
            found.append(element["type"])
            walk(element.get("children", []))

    with pdfplumber.open(BytesIO(document)) as opened:
        walk(opened.pages[0].structure_tree)
    return found


@pytest.mark.pdf
def test_a_pdf_tags_headings_by_level_quotations_and_a_table_with_its_header_cells():
    blocks = [content.heading("Statement", 1), content.heading("Weaknesses", 2),
              content.heading("Weakness 1", 3), content.quote("Plans are late."), content.heading("Action 1.1", 4),
              content.labelled("Lead", "Jo Bloggs"),
              content.table(["Milestone", "Due"], [["Panel agreed", "1 May 2026"]], [60, 40], caption="Milestones")]
    tags = _tags(pdf.render_pdf(blocks, title="Statement", author="Westmarsh", footer="Westmarsh"))
    assert [tag for tag in tags if tag.startswith("H")] == ["H1", "H2", "H3", "H4"]
    assert "BlockQuote" in tags and "P" in tags and "Caption" in tags
    table = tags[tags.index("Table"):]
    assert table[:4] == ["Table", "THead", "TR", "TH"] and table.count("TH") == 2 and table.count("TD") == 2


@pytest.mark.pdf
def test_a_long_table_flows_over_pages_repeating_its_header_with_nothing_off_the_page(tmp_path):
    document = render(rows=45, words="A long description that wraps " * 4 + "Supercalifragilistic" * 6)
    pages = pdf_page_texts(document)
    assert len(pages) > 2
    assert all("Reference Action" in page for page in pages)
    assert "Page 2 of" in pages[1]
    assert_pdf_lays_out_cleanly(document, tmp_path)


@pytest.mark.pdf
def test_a_run_too_wide_for_its_column_breaks_inside_it_and_copies_out_whole():
    name = "evidence/action_1.1/E12_annual_report_final_version_signed.pdf"
    blocks = [content.heading("Evidence", 1), content.table(["Ref", "File"], [["1.1", name]], [85, 15])]
    document = pdf.render_pdf(blocks, title="Evidence", author="Westmarsh Council", footer="Westmarsh Council")
    assert characters_off_the_page(document) == []
    assert name in pdf_page_texts(document)[0].replace("\n", "")


@pytest.mark.pdf
def test_what_a_person_typed_prints_as_typed_and_never_acts_as_markup():
    typed = "Costs #1 * 2 = $5 [see @board] <b>bold</b> _under_ // not a comment"
    blocks = [content.heading("Board", 1), content.paragraph(typed)]
    document = pdf.render_pdf(blocks, title="Board", author="Westmarsh", footer="Westmarsh")
    assert typed in pdf_page_texts(document)[0]


@pytest.mark.pdf
def test_a_block_the_template_does_not_know_fails_the_build_rather_than_printing_blank():
    with pytest.raises(pdf.DocumentError, match="does not know: chart"):
        pdf.render_pdf([{"kind": "chart"}], title="Statement", author="Westmarsh", footer="Westmarsh")


@pytest.mark.pdf
def test_laying_out_a_pdf_leaves_the_typst_compiler_and_its_memory_out_of_the_asking_process():
    # Typst keeps the work of its last documents in memory, hundreds of megabytes: a web worker must not keep it.
    script = (
        "import sys\n"
        "from wsoa.documents import content, pdf\n"
        "made = pdf.render_pdf([content.heading('Board', 1)], title='Board', author='Westmarsh', footer='Westmarsh')\n"
        "assert made.startswith(b'%PDF-'), made[:20]\n"
        "assert 'typst' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_table_whose_columns_do_not_fill_the_width_is_refused_before_anything_is_laid_out():
    with pytest.raises(ValueError, match="101%"):
        content.table(["Milestone", "Due", "Done"], [["Panel agreed", "1 May 2026", "Not yet"]], [51, 30, 20])
    assert content.table(["Milestone", "Due"], [], [46.5, 53.5])["widths"] == [46.5, 53.5]


def test_a_table_row_of_the_wrong_length_is_refused_before_anything_is_laid_out():
    with pytest.raises(ValueError, match="3 columns"):
        content.table(["Milestone", "Due", "Done"], [["Panel agreed", "1 May 2026"]], [50, 30, 20])


def test_a_docx_table_marks_its_first_row_as_a_header_that_repeats_on_each_page():
    document = word.new_document("Board report", author="Westmarsh Council")
    word.add_table(document, ["Action", "Status"], [["Train staff", "In progress"]])
    opened = Document(BytesIO(word.docx_bytes(document)))
    first_row, second_row = opened.tables[0].rows
    assert first_row._tr.xpath("./w:trPr/w:tblHeader")
    assert not second_row._tr.xpath("./w:trPr/w:tblHeader")
    assert docx_tables(word.docx_bytes(document)) == [[["Action", "Status"], ["Train staff", "In progress"]]]


def test_a_docx_carries_its_title_author_and_real_heading_styles():
    document = word.new_document("Board report", author="Westmarsh Council")
    document.add_heading("Board report", level=0)
    document.add_heading("Weakness 1", level=1)
    opened = word.docx_bytes(document)
    properties = Document(BytesIO(opened)).core_properties
    assert (properties.title, properties.author, properties.language) == ("Board report", "Westmarsh Council", "en-GB")
    assert docx_headings(opened) == [("Title", "Board report"), ("Heading 1", "Weakness 1")]


EVERY_KIND = [
    content.heading("Statement", 1), content.paragraph("Westmarsh", lede=True), content.heading("Weaknesses", 2),
    content.heading("Weakness 1", 3), content.quote("Plans are late."), content.heading("Action 1.1", 4),
    content.labelled("Lead", "Jo Bloggs"), content.paragraph("Judged insufficient", strong=True),
    content.items(["1.1 Recruit", "1.2 Track"]),
    content.table(["Milestone", "Due"], [["Panel agreed", "1 May 2026"]], [60, 40], caption="Milestones"),
    content.heading("Governance", 2, new_page=True), content.signature_lines(),
]


def test_a_docx_sets_out_every_kind_of_block_in_word_s_own_styles():
    document = word.document_bytes(EVERY_KIND, title="Statement", author="Westmarsh")
    assert docx_lines(document) == [
        "Title: Statement", "Westmarsh", "Heading 1: Weaknesses", "Heading 2: Weakness 1", "Quote: Plans are late.",
        "Heading 3: Action 1.1", "Lead: Jo Bloggs", "Judged insufficient", "List Bullet: 1.1 Recruit",
        "List Bullet: 1.2 Track", "Caption: Milestones", "Milestone | Due", "Panel agreed | 1 May 2026",
        "(page break)", "Heading 1: Governance", word.SIGNATURE_LINE,
    ]
    bold = [run.bold for paragraph in Document(BytesIO(document)).paragraphs for run in paragraph.runs]
    assert bold.count(True) == 2  # the label "Lead: " and the strong paragraph


def test_a_block_the_docx_does_not_know_is_refused():
    with pytest.raises(ValueError, match="does not know: chart"):
        word.document_bytes([{"kind": "chart"}], title="Statement", author="Westmarsh")
