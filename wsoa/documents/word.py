"""What every DOCX wsoa writes shares: Arial at a readable size, real heading styles (so Word's navigation pane
and screen readers see the structure), table header rows that repeat across pages, and the document's title in
its properties."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from .content import Block

# python-docx is imported where a document is built, not at the top: it is megabytes that every process
# importing the app (the digest run, web workers) would otherwise carry without writing a document.
if TYPE_CHECKING:
    from docx.document import Document

BODY_FONT = "Arial"
BODY_POINTS = 11


def new_document(title: str, author: str) -> Document:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "en-GB"
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = BODY_FONT
        # East Asian and complex-script fallbacks would otherwise keep Calibri/Cambria in some viewers.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    document.styles["Normal"].font.size = Pt(BODY_POINTS)
    return document


def add_styled_paragraph(document: Document, text: str, style_id: str):
    """A paragraph in a built-in style named by its id ("Heading2", "Quote"). python-docx's own `style=` looks the
    style up by name through every style in the document each time, which dominates a long document's build."""
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id
    if text:
        paragraph.add_run(text)
    return paragraph


def add_heading(document: Document, text: str, level: int):
    """Like `document.add_heading`, without its slow style lookup: level 0 is the title."""
    return add_styled_paragraph(document, text, "Title" if level == 0 else f"Heading{level}")


def add_table(document: Document, header: list[str], rows: list[list[str]]):
    """A grid table whose first row is marked as a header row: Word repeats it on each page and assistive
    technology announces it as column headers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table._tbl.tblPr.style = "TableGrid"  # by id, as add_styled_paragraph does
    # The whole grid at once: a row's `cells` rebuilds it for each row, which is quadratic in a long table.
    cells = table._cells
    for cell, text in zip(cells[: len(header)], header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat_header = OxmlElement("w:tblHeader")
    repeat_header.set(qn("w:val"), "true")
    row_properties.append(repeat_header)
    width = len(header)
    for number, values in enumerate(rows, start=1):
        for cell, text in zip(cells[number * width : (number + 1) * width], values, strict=True):
            cell.text = text
    return table


def add_labelled_paragraph(document: Document, label: str, text: str) -> None:
    """"Label: text" with the label in bold, as statements lay out each action's lead, dates and measures."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def docx_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SIGNATURE_LINE = "Signature: ______________________________    Date: ______________"


def document_bytes(blocks: list[Block], *, title: str, author: str) -> bytes:
    """The DOCX of a document's blocks: its title (level 1) as Word's Title, each heading a level up (level 2 is
    Heading 1), a heading on a new page after a page break, a table's caption above it in Word's Caption style."""
    document = new_document(title, author=author)
    for block in blocks:
        _add_block(document, block)
    return docx_bytes(document)


def _add_block(document: Document, block: Block) -> None:
    kind = block["kind"]
    if kind == "heading":
        if block["new_page"]:
            document.add_page_break()
        add_heading(document, block["text"], block["level"] - 1)
    elif kind == "paragraph":
        paragraph = document.add_paragraph()
        paragraph.add_run(block["text"]).bold = block["strong"] or None
    elif kind == "labelled":
        add_labelled_paragraph(document, block["label"], block["text"])
    elif kind == "quote":
        add_styled_paragraph(document, block["text"], "Quote")
    elif kind == "items":
        for item in block["items"]:
            add_styled_paragraph(document, item, "ListBullet")
    elif kind == "table":
        if block["caption"]:
            add_styled_paragraph(document, block["caption"], "Caption")
        add_table(document, block["header"], block["rows"])
    elif kind == "signature":
        document.add_paragraph(SIGNATURE_LINE)
    else:
        raise ValueError(f"a block of a kind the DOCX does not know: {kind}")
