"""Reading generated documents back as a reader would: the PDF's text by page (pdfplumber), its pages as
pictures (poppler's pdftoppm) so a broken layout fails loudly, and a DOCX's paragraphs and tables (python-docx)."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pdfplumber
from docx import Document
from docx.table import Table
from PIL import Image, ImageStat

from wsoa.documents import word


def pdf_page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_page_texts(pdf))


def pdf_title(pdf: bytes) -> str:
    with pdfplumber.open(BytesIO(pdf)) as document:
        return document.metadata.get("Title", "")


def characters_off_the_page(pdf: bytes) -> list[str]:
    """Each character drawn wholly or partly outside its page's box, with its page number."""
    found = []
    with pdfplumber.open(BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                if char["x0"] < 0 or char["x1"] > page.width or char["top"] < 0 or char["bottom"] > page.height:
                    found.append(f"page {number}: {char['text']!r}")
    return found


def pdf_pages_as_png(pdf: bytes, directory: Path, resolution: int = 50) -> list[Path]:
    """Every page rendered by pdftoppm, an independent renderer from the one that checks the text."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed: `make test` installs it"
    source = directory / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(source), str(directory / "page")], check=True)
    return sorted(directory.glob("page-*.png"))


def blank_pages(pngs: list[Path]) -> list[str]:
    """Pages with (almost) nothing drawn on them: a page break gone wrong."""
    blank = []
    for png in pngs:
        with Image.open(png) as picture:
            darkest = ImageStat.Stat(picture.convert("L")).extrema[0][0]
        if darkest > 200:
            blank.append(png.name)
    return blank


def assert_pdf_lays_out_cleanly(pdf: bytes, directory: Path) -> list[Path]:
    """No blank page and no text off the page; returns the page pictures for a test that wants to look."""
    pngs = pdf_pages_as_png(pdf, directory)
    assert pngs, "the PDF has no pages"
    assert blank_pages(pngs) == []
    assert characters_off_the_page(pdf) == []
    return pngs


def blocks_lines(blocks: list[dict]) -> list[str]:
    """A document's blocks (wsoa/documents/content.py) top to bottom, read as `docx_lines` reads the DOCX made from
    them: for a document that has no DOCX of its own, such as the evidence pack's index."""
    return docx_lines(word.document_bytes(blocks, title="", author=""))


def docx_paragraphs(docx: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(BytesIO(docx)).paragraphs]


def docx_lines(docx: bytes) -> list[str]:
    """The document top to bottom as a reader meets it: a paragraph as its text, after its style's name unless it
    is body text ("Heading 2: Weakness 1"); a table row as its cells joined by " | "; a page break as "(page break)"."""
    lines = []
    for block in Document(BytesIO(docx)).iter_inner_content():
        if isinstance(block, Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in block.rows)
        elif block._p.xpath("./w:r/w:br[@w:type='page']"):
            lines.append("(page break)")
        else:
            style = block.style.name
            lines.append(block.text if style == "Normal" else f"{style}: {block.text}")
    return lines


def docx_headings(docx: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every heading and the title, in order."""
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in Document(BytesIO(docx)).paragraphs
        if paragraph.style.name.startswith(("Heading", "Title"))
    ]


def docx_tables(docx: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(BytesIO(docx)).tables]
