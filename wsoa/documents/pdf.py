"""PDFs from Jinja templates and CSS, rendered by WeasyPrint.

WeasyPrint lays out the same HTML and CSS the pages are built from, so a document's structure (headings, lists,
tables with header cells) carries into the PDF; with the PDF/UA variant that structure is written as tags, which
screen readers on the public sector's desktops read. It needs Pango from the operating system (`make install`
checks for it).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..formatting import long_date, long_date_range

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "documents"

DOCUMENTS = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,  # a missing fact must fail the build, not print as blank in a submitted statement
    trim_blocks=True,
    lstrip_blocks=True,
)
DOCUMENTS.filters["long_date"] = long_date
DOCUMENTS.filters["long_date_range"] = long_date_range


def render_html(template: str, **context) -> str:
    return DOCUMENTS.get_template(template).render(**context)


def render_pdf(template: str, **context) -> bytes:
    return pdf_from_html(render_html(template, **context))


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1); the HTML sets the title and language the PDF carries (see _layout.html)."""
    # Imported here, not at the top: WeasyPrint (with Pango and fontTools) adds tens of megabytes and seconds to
    # every process that imports the app, including the digest run and web workers that never make a PDF.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/ua-1")
