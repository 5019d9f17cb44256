"""A small XLSX writer: sheets of rows, a few cell styles, column widths and frozen panes; nothing else.

Pure: plain values in, the file's bytes out. Each part of the file is written straight as XML text. openpyxl
built several objects for every cell and spent most of the tracker export doing so, for features the tracker
never uses.

Text is always stored as text (an inline string), never as a formula, whatever it starts with; control
characters XML cannot carry (from PDF text, say) are dropped. Dates are stored as real dates, so they sort
and filter as dates: give their cells a style with a date number format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from math import isfinite
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1 January 1900, counting Excel's 29 February 1900
_FIRST_CUSTOM_NUMBER_FORMAT = 164  # ids below are Excel's built-in formats


@dataclass(frozen=True)
class CellStyle:
    bold: bool = False
    size: int = 11
    wrapped: bool = False  # the text wraps within the column, and sits at the top of the cell
    number_format: str | None = None  # an Excel format code, such as "d mmmm yyyy"


@dataclass(frozen=True)
class Sheet:
    """rows: (styles, values) pairs, a style for each value in the row; a None value leaves its cell out.
    frozen_rows and frozen_columns stay in view as the rest scrolls."""

    name: str
    rows: Iterable[tuple[Sequence[CellStyle], Sequence[object]]]
    column_widths: Sequence[float] = ()
    frozen_rows: int = 0
    frozen_columns: int = 0


def column_letter(number: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA"."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class _Styles:
    """The workbook's cell formats, numbered in the order cells first use them (0 is the default)."""

    def __init__(self) -> None:
        self.formats: dict[CellStyle, int] = {CellStyle(): 0}
        self.fonts: dict[tuple[bool, int], int] = {(False, 11): 0}
        self.number_formats: dict[str, int] = {}
        self._attributes: dict[int, tuple[Sequence[CellStyle], list[str]]] = {}

    def index(self, style: CellStyle) -> int:
        found = self.formats.get(style)
        if found is None:
            found = self.formats[style] = len(self.formats)
            self.fonts.setdefault((style.bold, style.size), len(self.fonts))
            if style.number_format is not None:
                self.number_formats.setdefault(
                    style.number_format, _FIRST_CUSTOM_NUMBER_FORMAT + len(self.number_formats)
                )
        return found

    def attributes(self, row_styles: Sequence[CellStyle]) -> list[str]:
        """Each style's cell attribute (` s="3"`, or nothing for the default), worked out once for rows that
        share one sequence of styles, as a table's rows do."""
        cached = self._attributes.get(id(row_styles))
        # The cache holds the sequence itself, so its id cannot pass to another sequence while it is cached.
        if cached is None or cached[0] is not row_styles:
            indices = [self.index(style) for style in row_styles]
            cached = self._attributes[id(row_styles)] = (row_styles, [f' s="{i}"' if i else "" for i in indices])
        return cached[1]

    def xml(self) -> str:
        number_formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode={quoteattr(code)}/>'
            for code, number in self.number_formats.items()
        )
        fonts = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/><family val="2"/></font>'
            for bold, size in self.fonts
        )
        formats = "".join(self._format_xml(style) for style in self.formats)
        return (
            f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.number_formats)}">{number_formats}</numFmts>' if number_formats else "")
            + f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
            + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            + '<fill><patternFill patternType="gray125"/></fill></fills>'
            + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            + f'<cellXfs count="{len(self.formats)}">{formats}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + "</styleSheet>"
        )

    def _format_xml(self, style: CellStyle) -> str:
        font = self.fonts[style.bold, style.size]
        number_format = self.number_formats.get(style.number_format, 0) if style.number_format else 0
        applied = (
            (' applyFont="1"' if font else "")
            + (' applyNumberFormat="1"' if number_format else "")
            + (' applyAlignment="1"' if style.wrapped else "")
        )
        opening = f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="0" xfId="0"{applied}'
        if style.wrapped:
            return f'{opening}><alignment vertical="top" wrapText="1"/></xf>'
        return f"{opening}/>"


def _cell(opening: str, value: object) -> str:
    """opening: the cell's tag so far, as in `<c r="B2" s="3"`."""
    if isinstance(value, str):
        text = _ILLEGAL_CHARACTERS.sub("", value)
        if not text:
            return f"{opening}/>"
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'{opening} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
    if isinstance(value, bool):
        return f'{opening} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        raise TypeError("the writer stores dates, not times")
    if isinstance(value, date):
        return f"{opening}><v>{(value - _EXCEL_EPOCH).days}</v></c>"
    if isinstance(value, int):
        return f"{opening}><v>{value}</v></c>"
    if isinstance(value, float | Decimal):
        if not isfinite(value):
            return f"{opening}/>"
        return f"{opening}><v>{float(value):.16g}</v></c>"
    raise TypeError(f"no cell for a {type(value).__name__}")


def _pane(rows: int, columns: int) -> str:
    if not rows and not columns:
        return ""
    top_left = f"{column_letter(columns + 1)}{rows + 1}"
    active = {(True, True): "bottomRight", (True, False): "bottomLeft", (False, True): "topRight"}[
        (bool(rows), bool(columns))
    ]
    splits = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    return (
        f'<pane{splits} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
        f'<selection pane="{active}" activeCell="{top_left}" sqref="{top_left}"/>'
    )


def _sheet_xml(sheet: Sheet, styles: _Styles, selected: bool) -> str:
    columns = "".join(
        f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
        for number, width in enumerate(sheet.column_widths, start=1)
    )
    letters: list[str] = []
    rows = []
    for row_number, (row_styles, values) in enumerate(sheet.rows, start=1):
        if len(letters) < len(values):
            letters = [column_letter(number) for number in range(1, len(values) + 1)]
        cells = "".join(
            _cell(f'<c r="{letter}{row_number}"{style}', value)
            for letter, style, value in zip(letters, styles.attributes(row_styles), values, strict=False)
            if value is not None
        )
        rows.append(f'<row r="{row_number}">{cells}</row>')
    tab_selected = ' tabSelected="1"' if selected else ""
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}">'
        f'<sheetViews><sheetView{tab_selected} workbookViewId="0">'
        f"{_pane(sheet.frozen_rows, sheet.frozen_columns)}</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + f"<sheetData>{''.join(rows)}</sheetData>"
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )


def _package(sheet_count: int) -> dict[str, str]:
    """The parts that say what is in the file and how its parts relate."""
    worksheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    sheet_numbers = range(1, sheet_count + 1)
    content_types = (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{worksheet_type}"/>'
            for number in sheet_numbers
        )
        + "</Types>"
    )
    root_relationships = (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook_relationships = (
        f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
        + "".join(
            f'<Relationship Id="rId{number}" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet{number}.xml"/>'
            for number in sheet_numbers
        )
        + f'<Relationship Id="rId{sheet_count + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_relationships,
        "xl/_rels/workbook.xml.rels": workbook_relationships,
    }


def _workbook_xml(sheets: Sequence[Sheet]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(sheet.name)} sheetId="{number}" r:id="rId{number}"/>'
        for number, sheet in enumerate(sheets, start=1)
    )
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets></workbook>'
    )


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The XLSX file of these sheets, the first one open."""
    styles = _Styles()
    worksheets = [_sheet_xml(sheet, styles, selected=number == 1) for number, sheet in enumerate(sheets, start=1)]
    parts = {
        **_package(len(sheets)),
        "xl/workbook.xml": _workbook_xml(sheets),
        "xl/styles.xml": styles.xml(),
        **{f"xl/worksheets/sheet{number}.xml": xml for number, xml in enumerate(worksheets, start=1)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()
