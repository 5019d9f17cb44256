"""Documents that boards, inspectors and families read: plain functions from plain data to bytes.

Builders here import no Flask, SQLAlchemy or models (an import-linter contract): a service gathers the facts
into dataclasses, a builder turns them into DOCX, PDF or ZIP bytes. `pdf` lays out a builder's blocks with
Typst (templates/documents/document.typ); `word` holds the python-docx conventions every DOCX shares.
"""
