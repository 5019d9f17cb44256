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

from ..board.trends import against_target
from ..formatting import framework_name, long_date, long_date_range
from ..inspections.grouping import finding_label
from ..vocabulary import NOT_RATED, RAG_NAMES, REVIEW_ACCEPTED, STATUS_NAMES, Thresholds, flags_of
from .csv_safety import safe_cell
from .spreadsheet import CellStyle, Sheet, workbook

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
    if isinstance(value, float):
        # A number is never a formula, so a negative one is not guarded; 45.0 is written as people write it, 45.
        return str(int(value)) if value.is_integer() else str(value)
    return safe_cell(value)


def tracker_csv(rows: Sequence[Sequence[object]]) -> str:
    """A table, heading row first, that loads as one: every cell guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TRACKER_HEADER)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


_HEADING = CellStyle(bold=True, wrapped=True)
_WRAPPED = CellStyle(wrapped=True)
_WRAPPED_DATE = CellStyle(wrapped=True, number_format="d mmmm yyyy")
_ABOUT_TITLE, _ABOUT_LABEL, _ABOUT_TEXT = CellStyle(bold=True, size=14), CellStyle(bold=True), CellStyle()


def tracker_xlsx(header: TrackerHeader, rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook whose first sheet is the table (heading row first, frozen and bold), so it loads as one;
    what the export is (area, inspection, date) is on a second sheet, "About".

    Text is stored as text, never as a formula, whatever it starts with; dates as dates.
    """
    column_styles = [_WRAPPED_DATE if name in DATE_COLUMNS else _WRAPPED for name in TRACKER_HEADER]
    table = Sheet(
        "Action plan",
        [([_HEADING] * len(TRACKER_HEADER), TRACKER_HEADER), *((column_styles, row) for row in rows)],
        _WIDTHS,
        frozen_rows=1,
        frozen_columns=1,
    )
    about = Sheet(
        "About",
        [
            ((_ABOUT_TITLE if number == 0 else _ABOUT_LABEL, _ABOUT_TEXT), line)
            for number, line in enumerate(header.lines())
        ],
        (20, 60),
    )
    return workbook([table, about])
