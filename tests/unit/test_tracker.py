"""The tracker's rows and files from plain data."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime

import openpyxl

from wsoa.dashboard.facts import (
    ActionFacts,
    EvidenceFacts,
    MeasureFacts,
    MilestoneFacts,
    UpdateFacts,
    WeaknessFacts,
)
from wsoa.exports.tracker import TRACKER_HEADER, TrackerHeader, tracker_csv, tracker_rows, tracker_xlsx
from wsoa.vocabulary import Thresholds

WEAKNESSES = [WeaknessFacts(10, 1, "significant_weakness", "EHC plans are late"),
              WeaknessFacts(20, 2, "significant_weakness", "Health advice is poor")]
ACTION = ActionFacts(
    id=1, reference="1.1", title="=HYPERLINK(\"http://x\")", status="in_progress", created_at=datetime(2025, 4, 1),
    rag="amber", rag_reason="Slow", lead_name="Olu", due_date=date(2026, 3, 31), finding_ids=(20, 10),
    partner_organisations=("NHS ICB",), partner_people=("Priya",),
    milestones=(MilestoneFacts("Panel agreed", date(2025, 6, 1), date(2025, 6, 3)),),
    evidence=(EvidenceFacts(1, 1, "impact", "accepted", date(2025, 5, 1)),
              EvidenceFacts(2, 1, "activity", "awaiting_review", date(2025, 5, 1))),
    latest_update=UpdateFacts(datetime(2025, 12, 1, 9), "Olu", "amber", "Recruited", "Audit"),
)
HEADER = TrackerHeader("-Westmarsh", "Joint inspection", date(2026, 1, 15))
RULES = Thresholds(stale_after_days=30, due_soon_days=14)
TODAY = date(2026, 1, 15)


def test_a_row_in_the_boards_shape():
    [row] = tracker_rows([ACTION], WEAKNESSES, RULES, TODAY)
    values = dict(zip(TRACKER_HEADER, row, strict=True))
    assert values["Findings answered (quoted)"] == (
        "Weakness 1: “EHC plans are late”\nWeakness 2: “Health advice is poor”"
    )
    assert values["Partners"] == "NHS ICB\nPriya"
    assert values["Milestones"] == "1 June 2025: Panel agreed (met 3 June 2025)"
    assert values["Latest update"] == "Recruited\nNext: Audit\n(Olu)"
    assert values["Latest update date"] == date(2025, 12, 1)
    assert (values["Evidence items"], values["Accepted evidence items"]) == (2, 1)
    assert (values["Status"], values["RAG"]) == ("In progress", "Amber")


def test_a_row_carries_the_measure_as_numbers_its_latest_value_and_date_and_where_it_stands():
    measured = replace(
        ACTION,
        success_measure="Days from request to plan",
        baseline_value=140.0,
        target_value=100.0,
        measure_unit="days",
        measure_better="lower",
        latest_measure=MeasureFacts(date(2025, 12, 31), 112.5),
    )
    [row] = tracker_rows([measured], WEAKNESSES, RULES, TODAY)
    values = dict(zip(TRACKER_HEADER, row, strict=True))
    assert (values["Baseline value"], values["Target value"], values["Unit"]) == (140.0, 100.0, "days")
    assert (values["Latest measured value"], values["Latest measured date"]) == (112.5, date(2025, 12, 31))
    assert values["Against target"] == "12.5 days to go"


def test_a_row_without_a_success_measure_leaves_the_measure_cells_empty():
    values = dict(zip(TRACKER_HEADER, tracker_rows([ACTION], WEAKNESSES, RULES, TODAY)[0], strict=True))
    assert [values[name] for name in ("Latest measured value", "Latest measured date", "Against target")] == [
        None, None, ""
    ]


def test_a_row_carries_the_actions_flags_in_words_as_at_the_export_day():
    [row] = tracker_rows([ACTION], WEAKNESSES, RULES, date(2026, 4, 2))
    assert dict(zip(TRACKER_HEADER, row, strict=True))["Flags"] == "Overdue by 2 days; No update yet"


def test_a_row_with_nothing_to_flag_has_an_empty_flags_cell():
    [row] = tracker_rows([ACTION], WEAKNESSES, Thresholds(stale_after_days=365), TODAY)
    assert dict(zip(TRACKER_HEADER, row, strict=True))["Flags"] == ""


def test_the_csv_is_a_table_with_its_heading_row_first():
    lines = list(csv.reader(io.StringIO(tracker_csv(tracker_rows([ACTION], WEAKNESSES, RULES, TODAY)))))
    assert lines[0] == TRACKER_HEADER
    assert len(lines) == 2


def test_csv_guards_every_cell_against_formulas():
    lines = list(csv.reader(io.StringIO(tracker_csv(tracker_rows([ACTION], WEAKNESSES, RULES, TODAY)))))
    assert lines[1][2] == "'=HYPERLINK(\"http://x\")"


def test_csv_writes_measured_numbers_as_people_write_them_and_a_negative_one_unguarded():
    measured = replace(ACTION, success_measure="Change in waiting list", baseline_value=45.0, target_value=-3.0,
                       latest_measure=MeasureFacts(date(2025, 12, 31), 12.5))
    lines = list(csv.reader(io.StringIO(tracker_csv(tracker_rows([measured], WEAKNESSES, RULES, TODAY)))))
    values = dict(zip(TRACKER_HEADER, lines[1], strict=True))
    assert (values["Baseline value"], values["Target value"], values["Latest measured value"]) == ("45", "-3", "12.5")


def _workbook():
    return openpyxl.load_workbook(io.BytesIO(tracker_xlsx(HEADER, tracker_rows([ACTION], WEAKNESSES, RULES, TODAY))))


def test_the_xlsx_first_sheet_is_the_table_with_a_frozen_heading_row():
    sheet = _workbook().active
    assert [cell.value for cell in sheet[1]] == TRACKER_HEADER
    assert sheet.freeze_panes == "B2"


def test_the_xlsx_heading_row_is_bold_and_its_dates_read_as_dates_in_words():
    sheet = _workbook().active
    due = sheet.cell(row=2, column=TRACKER_HEADER.index("Due date") + 1)
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert (due.value, due.number_format) == (datetime(2026, 3, 31), "d mmmm yyyy")
    assert sheet["B2"].alignment.wrap_text


def test_the_xlsx_says_what_it_is_on_its_own_sheet_and_keeps_formula_like_text_as_text():
    book = _workbook()
    about = book["About"]
    assert (about["A2"].value, about["B2"].value) == ("Local area", "-Westmarsh")
    assert about["B2"].data_type == "s"
    assert book.active["C2"].value == "=HYPERLINK(\"http://x\")" and book.active["C2"].data_type == "s"
