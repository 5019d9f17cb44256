"""The action plan as a board tracker: rows from plain data, then CSV or XLSX bytes.

Pure: takes the plan's plain facts (wsoa/dashboard/facts.py), imports nothing from Flask or the database.
One row per action, in reference order, in the shape published SEND improvement plans use.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from ..board.trends import against_target
from ..formatting import framework_name, long_date, long_date_range
from ..inspections.grouping import finding_label
from ..vocabulary import NOT_RATED, RAG_NAMES, REVIEW_ACCEPTED, STATUS_NAMES, Thresholds, flags_of
from .csv_safety import safe_cell

TRACKER_HEADER = [
    "Reference",
    "Findings answered (quoted)",
    "Action",
    "What will be done",
    "Lead officer",
    "Partners",
    "Start date",
    "Due date",
    "Milestones",
    "Success measure",
    "Baseline",
    "Target",
    "Baseline value",
    "Target value",
    "Unit",
    "Latest measured value",
    "Latest measured date",
    "Against target",
    "Status",
    "RAG",
    "RAG reason",
    "Latest update",
    "Latest update date",
    "Evidence items",
    "Accepted evidence items",
    "Flags",
]
DATE_COLUMNS = {"Start date", "Due date", "Latest measured date", "Latest update date"}
_WIDTHS = [10, 60, 40, 50, 22, 30, 13, 13, 40, 40, 20, 20, 10, 10, 8, 10, 13, 16, 13, 10, 40, 60, 13, 10, 10, 30]


@dataclass(frozen=True)
class TrackerHeader:
    area: str
    inspection: str
    exported_on: date

    def lines(self) -> list[list[str]]:
        return [
            ["Action plan tracker"],
            ["Local area", self.area],
            ["Inspection", self.inspection],
            ["Exported on", long_date(self.exported_on)],
        ]


def tracker_header(inspection, exported_on: date) -> TrackerHeader:
    """inspection: anything with area_name, framework, inspection_start and inspection_end."""
    described = (
        f"{framework_name(inspection.framework)}, "
        f"{long_date_range(inspection.inspection_start, inspection.inspection_end)}"
    )
    return TrackerHeader(inspection.area_name, described, exported_on)


def _quoted_findings(action, tracked_by_id: dict) -> str:
    """Each finding the action answers, named by kind with its plan number: "Weakness 1: “...”"."""
    answered = sorted((tracked_by_id[f] for f in action.finding_ids if f in tracked_by_id), key=lambda w: w.number)
    return "\n".join(f"{finding_label(w.kind, w.number)}: “{w.text}”" for w in answered)


def _milestones(action) -> str:
    return "\n".join(
        f"{long_date(m.due_date)}: {m.title}" + (f" (met {long_date(m.done_on)})" if m.done_on else "")
        for m in action.milestones
    )


def _latest_update(action) -> str:
    update = action.latest_update
    if update is None:
        return ""
    text = update.done
    if update.next_steps:
        text += f"\nNext: {update.next_steps}"
    return f"{text}\n({update.author})"


def _against_target(action) -> str:
    if not action.success_measure:
        return ""
    latest = action.latest_measure.value if action.latest_measure else None
    return against_target(latest, action.target_value, action.measure_better, action.measure_unit)


def tracker_rows(actions: Sequence, weaknesses: Sequence, thresholds: Thresholds, today: date) -> list[list[object]]:
    """One row per action. Dates stay dates (the CSV writes them as ISO, the XLSX as real dates).

    The flags (overdue, due soon, stale) are the area's, as at `today`: the same the pages show that day."""
    by_id = {w.id: w for w in weaknesses}
    rows = []
    for action in actions:
        accepted = sum(1 for e in action.evidence if e.review_status == REVIEW_ACCEPTED)
        measured = action.latest_measure
        rows.append(
            [
                action.reference,
                _quoted_findings(action, by_id),
                action.title,
                action.description,
                action.lead_name or "",
                "\n".join([*action.partner_organisations, *action.partner_people]),
                action.start_date,
                action.due_date,
                _milestones(action),
                action.success_measure,
                action.baseline,
                action.target,
                action.baseline_value,
                action.target_value,
                action.measure_unit,
                measured.value if measured else None,
                measured.measured_on if measured else None,
                _against_target(action),
                STATUS_NAMES.get(action.status, action.status),
                RAG_NAMES[action.rag if action.rag in RAG_NAMES else NOT_RATED],
                action.rag_reason,
                _latest_update(action),
                action.latest_update.created_at.date() if action.latest_update else None,
                len(action.evidence),
                accepted,
                "; ".join(flags_of(action, thresholds, today).describe()),
            ]
        )
    return rows


def _csv_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def tracker_csv(rows: Sequence[Sequence[object]]) -> str:
    """A table, heading row first, that loads as one: every cell guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TRACKER_HEADER)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


def _set_value(cell: WriteOnlyCell, value: object) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters from PDF text break the file
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    else:
        cell.value = value


def _cell(sheet, value: object, style: str | None = None, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    _set_value(cell, value)
    if style is not None:
        cell.style = style
    if font is not None:
        cell.font = font
    return cell


def tracker_xlsx(header: TrackerHeader, rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook whose first sheet is the table (heading row first, frozen and bold), so it loads as one;
    what the export is (area, inspection, date) is on a second sheet, "About".

    Text is stored as text, never as a formula, whatever it starts with. Cells share named styles (a style
    made per cell costs more than the rest of the export), and rows are streamed (openpyxl's write-only
    mode), so memory does not grow with the plan.
    """
    book = Workbook(write_only=True)
    heading, wrapped, wrapped_date = (
        NamedStyle("wsoa heading", font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top")),
        NamedStyle("wsoa wrapped", alignment=Alignment(wrap_text=True, vertical="top")),
        NamedStyle("wsoa date", alignment=Alignment(wrap_text=True, vertical="top"), number_format="d mmmm yyyy"),
    )
    for style in (heading, wrapped, wrapped_date):
        book.add_named_style(style)
    sheet = book.create_sheet("Action plan")
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.append([_cell(sheet, name, heading.name) for name in TRACKER_HEADER])
    # One styled cell per column, given each row's value in turn: a write-only sheet writes a row out as
    # it is appended, so a cell can be used again for the next row, and its style is looked up only once.
    column_cells = [
        _cell(sheet, None, wrapped_date.name if name in DATE_COLUMNS else wrapped.name) for name in TRACKER_HEADER
    ]
    for values in rows:
        row = []
        for cell, value in zip(column_cells, values, strict=True):
            if value is None:
                row.append(None)  # an empty cell is left out of the file altogether
                continue
            _set_value(cell, value)
            row.append(cell)
        sheet.append(row)
    about = book.create_sheet("About")
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    title, label, text = Font(bold=True, size=14), Font(bold=True, size=11), Font(bold=False, size=11)
    for row_number, line in enumerate(header.lines(), start=1):
        fonts = [title if row_number == 1 else label, text]
        about.append([_cell(about, value, font=fonts[column]) for column, value in enumerate(line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
