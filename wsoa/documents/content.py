"""What a document says, part by part, before it is laid out: plain blocks that both the PDF (pdf.py, with Typst)
and the DOCX (word.py, with python-docx) are made from, so the two always say the same things in the same order.

Each block is a plain dict that says what a part is (a heading, a paragraph, a "Label: value" line, a quotation, a
list, a table with its header row, a place to sign), not how it looks; each renderer decides that.
"""

from __future__ import annotations

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
    """Words quoted (an inspector's, a finding's), set apart: a rule down their left in the PDF, Word's Quote style
    in the DOCX."""
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
    """Space to sign and date by hand: lines in the PDF, a line of underscores in the DOCX."""
    return {"kind": "signature"}
