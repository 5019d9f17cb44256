"""PDFs from a document's blocks (content.py), laid out by Typst.

One Typst template, templates/documents/document.typ, sets the blocks on A4 with the house's type scale and "Page N
of M" in the footer, and Typst writes a tagged PDF/UA-1: headings, paragraphs, quotations and tables with their
header cells are tagged, the title and language are set, so a screen reader on a public-sector desktop can follow
it.

The blocks reach Typst as JSON data (`sys.inputs`), never as markup: whatever a person typed (an asterisk, a
hash, a dollar sign, a bracket) is printed as it is and can never act as Typst code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .content import Block

TEMPLATE = Path(__file__).resolve().parent.parent.parent / "templates" / "documents" / "document.typ"
COMPILER = Path(__file__).resolve().parent / "typst_compile.py"
# A statement of a hundred actions takes well under a second; a minute means something is wrong.
TIMEOUT_SECONDS = 60


class DocumentError(Exception):
    """Typst refused a document (a block it does not know, say): a fault in a builder, never in what was typed."""


def render_pdf(blocks: list[Block], *, title: str, author: str, footer: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the blocks, with its title and author, and `footer` beside the page numbers.

    Laid out by Typst in a process of its own (typst_compile.py says why), which costs about a tenth of a second.
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
