"""PDFs from plain blocks, laid out by Typst.

A builder composes its document as a list of blocks (a heading, a paragraph, a "Label: value" line, a quotation,
a list, a table with its header row), plain dicts that say what each part is, not how it looks. One Typst template,
templates/documents/document.typ, sets them on A4 with the house's type scale and "Page N of M" in the footer,
and Typst writes a tagged PDF/UA-1: headings, paragraphs, quotations and tables with their header cells are
tagged, the title and language are set, so a screen reader on a public-sector desktop can follow it.

The blocks reach Typst as JSON data (`sys.inputs`), never as markup: whatever a person typed (an asterisk, a
hash, a dollar sign, a bracket) is printed as it is and can never act as Typst code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent.parent / "templates" / "documents" / "document.typ"
COMPILER = Path(__file__).resolve().parent / "typst_compile.py"
# A statement of a hundred actions takes well under a second; a minute means something is wrong.
TIMEOUT_SECONDS = 60

Block = dict


def heading(text: str, level: int, *, new_page: bool = False) -> Block:
    """Level 1 is the document's title; a heading on a new page starts a part of its own."""
    return {"kind": "heading", "text": text, "level": level, "new_page": new_page}


def paragraph(text: str, *, lede: bool = False, strong: bool = False) -> Block:
    """Line breaks in the text are kept: what a person typed on several lines prints on several lines. A lede is
    set larger; a strong paragraph in bold."""
    return {"kind": "paragraph", "text": text, "lede": lede, "strong": strong}


def labelled(label: str, text: str) -> Block:
    """"Label: value" as one paragraph, the label in bold."""
    return {"kind": "labelled", "label": label, "text": text}


def quote(text: str) -> Block:
    """An inspector's words, set apart with a rule down the left."""
    return {"kind": "quote", "text": text}


def items(lines: list[str]) -> Block:
    """A list, each item its own line: every item here starts with its action's reference."""
    return {"kind": "items", "items": lines}


def table(header: list[str], rows: list[list[str]], widths: list[float], *, caption: str = "",
          small: bool = False) -> Block:
    """A table whose header row repeats on every page it spans; `widths` are per cent of the text's width (a
    column never widens to fit a long word: the word wraps). `small` sets it in smaller type, closer together."""
    if len(widths) != len(header) or any(len(row) != len(header) for row in rows):
        raise ValueError(f"a table of {len(header)} columns given {len(widths)} widths or a row of another length")
    if abs(sum(widths) - 100) > 0.01:
        raise ValueError(f"a table's column widths must fill the text's width (100%), not {sum(widths):g}%")
    return {"kind": "table", "header": header, "rows": rows, "widths": widths, "caption": caption,
            "small": small}


def signature_lines() -> Block:
    """Space to sign and date by hand."""
    return {"kind": "signature"}


class DocumentError(Exception):
    """Typst refused a document (a block it does not know, say): a fault in a builder, never in what was typed."""


def render_pdf(blocks: list[Block], *, title: str, author: str, footer: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the blocks, with its title and author, and `footer` beside the page numbers.

    Laid out by Typst in a process of its own (typst_compile.py says why), which costs a few hundredths of a second.
    """
    document = json.dumps({"title": title, "author": author, "footer": footer, "blocks": blocks})
    finished = subprocess.run(  # noqa: S603 - our own script, the document on standard input
        [sys.executable, str(COMPILER), str(TEMPLATE), str(TEMPLATE.parent)],
        input=document.encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if finished.returncode != 0:
        raise DocumentError(finished.stderr.decode("utf-8", "replace").strip() or f"exit status {finished.returncode}")
    return finished.stdout
