"""Evidence files: what a file really is (by its content, not its name) and where it is kept.

Files are kept outside the web root under an opaque random key; the name the user gave
is only ever shown, never used as a path.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path


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


def _zip_type(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # spreadsheets saved on Windows
        except UnicodeDecodeError:
            return False
    return not _TEXT_CONTROL.search(text)


def sniff(data: bytes) -> FileType | None:
    """The file's type from its first bytes (and, for zip-based documents, its contents)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(_OLE_MAGIC):
        return LEGACY_OFFICE
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if data and _is_text(data):
        return CSV
    return None


def display_name(filename: str) -> str:
    """The name to show: the last part of any path, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _TEXT_CONTROL.sub("", name).strip().lstrip(".")
    return name[-200:] or "evidence"


def check_file(filename: str, data: bytes, max_bytes: int) -> tuple[str, FileType]:
    """The safe display name and the type of an acceptable evidence file; FileRefused otherwise."""
    if not data:
        raise FileRefused("The selected file is empty")
    if len(data) > max_bytes:
        raise FileRefused(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB")
    name = display_name(filename)
    expected = EXTENSIONS.get(Path(name).suffix.lower())
    if expected is None:
        raise FileRefused(f"The selected file must be a {ALLOWED_DESCRIPTION}")
    actual = sniff(data)
    if actual != expected:
        raise FileRefused(
            f"The selected file is called {name} but its content is not a {expected.label}. "
            "Check you chose the right file"
        )
    return name, actual


class EvidenceStore:
    """Files on disk under opaque keys, written atomically."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", key):
            raise ValueError("not an evidence key")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> str:
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        os.replace(partial, path)
        return key

    def open(self, key: str) -> Path:
        return self._path(key)

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
