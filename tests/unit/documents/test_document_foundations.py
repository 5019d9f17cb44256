"""The conventions every generated document shares: tagged PDFs that lay out cleanly, and DOCX structure that a
screen reader and Word's navigation pane can follow."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest
from docx import Document
from jinja2 import UndefinedError
from pdfminer.pdftypes import resolve1

from tests.pdf_checks import assert_pdf_lays_out_cleanly, docx_headings, docx_tables, pdf_page_texts, pdf_title
from wsoa.documents import pdf, word

LONG_TABLE = """{% extends "_layout.html" %}{% block body %}<h1>{{ document_title }}</h1>
<table><thead><tr><th>Reference</th><th>Action</th></tr></thead><tbody>
{% for n in range(rows) %}<tr><td>A{{ n }}</td><td>{{ words }}</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""


def render(rows: int, words: str = "Short") -> bytes:
    html = pdf.DOCUMENTS.from_string(LONG_TABLE).render(
        document_title="Test statement", organisation="Westmarsh Council", rows=rows, words=words
    )
    return pdf.pdf_from_html(html)


def test_a_pdf_carries_its_title_and_is_tagged_for_screen_readers():
    document = render(rows=3)
    assert pdf_title(document) == "Test statement"
    with pdfplumber.open(BytesIO(document)) as opened:
        catalog = opened.doc.catalog
        assert "StructTreeRoot" in catalog
        assert resolve1(catalog["MarkInfo"])["Marked"] is True
        assert catalog["Lang"] == b"en-GB"


def test_a_long_table_flows_over_pages_repeating_its_header_with_nothing_off_the_page(tmp_path):
    document = render(rows=45, words="A long description that wraps " * 4 + "Supercalifragilistic" * 6)
    pages = pdf_page_texts(document)
    assert len(pages) > 2
    assert all("Reference Action" in page for page in pages)
    assert "Page 2 of" in pages[1]
    assert_pdf_lays_out_cleanly(document, tmp_path)


def test_a_fact_missing_from_a_document_fails_the_build_rather_than_printing_blank():
    with pytest.raises(UndefinedError):
        pdf.DOCUMENTS.from_string(LONG_TABLE).render(document_title="Statement", organisation="Westmarsh", rows=1)


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
