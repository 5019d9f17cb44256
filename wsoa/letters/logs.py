"""pdfminer logs every oddity of a damaged PDF; the reader turns those into one clear LetterError."""

import logging


def quieten_pdf_parser() -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
