"""Evidence files: what a file really is (by its content, not its name).

Files are read as seekable streams (an upload is spooled to disk by the web server), never whole
into memory: the type comes from the first bytes, a zip's central directory, or for CSV a decode in
chunks. Where files are kept is wsoa/storage.py: under an opaque random key, the name the user gave
only ever shown, never used as a path.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


class FileRefused(ValueError):
    """A plain-English reason the file was not accepted; nothing was stored."""


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str


PDF = FileType("PDF", "application/pdf")
PNG = FileType("PNG image", "image/png")
JPEG = FileType("JPEG image", "image/jpeg")
GIF = FileType("GIF image", "image/gif")
DOCX = FileType("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = FileType("OpenDocument text", "application/vnd.oasis.opendocument.text")
ODS = FileType("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileType("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation")
LEGACY_OFFICE = FileType("older Office document", "application/octet-stream")
CSV = FileType("CSV file", "text/csv")

EXTENSIONS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".gif": GIF,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".odt": ODT,
    ".ods": ODS,
    ".odp": ODP,
    ".doc": LEGACY_OFFICE,
    ".xls": LEGACY_OFFICE,
    ".ppt": LEGACY_OFFICE,
    ".csv": CSV,
}
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, PNG, JPEG or GIF"

_OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS, ODP.content_type: ODP}
_MIMETYPE_MAX = 100
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_HEAD_BYTES = 64
_CHUNK = 1024 * 1024


def _zip_type(stream: BinaryIO) -> FileType | None:
    """Reads only the central directory and at most _MIMETYPE_MAX bytes of one entry."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                # Read only the first bytes: a crafted archive can inflate one entry to gigabytes.
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(_MIMETYPE_MAX).decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for folder, file_type in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return file_type
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


def _decodes_as_text(stream: BinaryIO, encoding: str) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := stream.read(_CHUNK):
            if _TEXT_CONTROL.search(decoder.decode(chunk)):
                return False
        return not _TEXT_CONTROL.search(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False


def _is_text(stream: BinaryIO) -> bool:
    # UTF-8 first; then Windows-1252, as spreadsheets saved on Windows are.
    return _decodes_as_text(stream, "utf-8-sig") or _decodes_as_text(stream, "cp1252")


def sniff_stream(stream: BinaryIO) -> FileType | None:
    """The type of a seekable stream from its first bytes (and, for zip-based documents, its contents)."""
    stream.seek(0)
    head = stream.read(_HEAD_BYTES)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith((b"GIF87a", b"GIF89a")):
            return GIF
        if head.startswith(_OLE_MAGIC):
            return LEGACY_OFFICE
        if head.startswith(b"PK\x03\x04"):
            stream.seek(0)
            return _zip_type(stream)
        if head and _is_text(stream):
            return CSV
        return None
    finally:
        stream.seek(0)


def sniff(data: bytes) -> FileType | None:
    """The file's type from its first bytes (and, for zip-based documents, its contents)."""
    return sniff_stream(io.BytesIO(data))


def display_name(filename: str) -> str:
    """The name to show: the last part of any path, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _TEXT_CONTROL.sub("", name).strip().lstrip(".")
    return name[-200:] or "evidence"


def check_upload(filename: str, stream: BinaryIO, max_bytes: int) -> tuple[str, FileType]:
    """The safe display name and the type of an acceptable evidence file, given as a seekable stream (left
    at its start); FileRefused otherwise. The stream is never read whole into memory."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if not size:
        raise FileRefused("The selected file is empty")
    if size > max_bytes:
        raise FileRefused(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    name = display_name(filename)
    expected = EXTENSIONS.get(Path(name).suffix.lower())
    if expected is None:
        raise FileRefused(f"The selected file must be a {ALLOWED_DESCRIPTION}")
    actual = sniff_stream(stream)
    if actual != expected:
        raise FileRefused(
            f"The selected file is called {name} but its content is not a {expected.label}. "
            "Check you chose the right file"
        )
    return name, actual


def check_file(filename: str, data: bytes, max_bytes: int) -> tuple[str, FileType]:
    """check_upload for a file already in memory."""
    return check_upload(filename, io.BytesIO(data), max_bytes)

