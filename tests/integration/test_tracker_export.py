"""The tracker downloads: every action, the right values, a header block, no formula injection."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
from openpyxl.utils import get_column_letter

from tests.pages import sign_in
from wsoa.extensions import db
from wsoa.models import AuditEvent


def test_the_xlsx_holds_every_action_with_its_values(app, client, known, frozen):
    sign_in(client, known.viewer)
    response = client.get(f"/inspections/{known.inspection_id}/tracker.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="action-plan-westmarsh-2026-01-15.xlsx"' in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    about = book["About"]
    assert [about["A1"].value, about["A2"].value, about["B2"].value] == [
        "Action plan tracker", "Local area", "Westmarsh"
    ]
    assert about["B3"].value.startswith("Joint local area SEND inspection (2016 framework)")
    assert (about["A4"].value, about["B4"].value) == ("Exported on", "15 January 2026")
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Reference", "Findings answered (quoted)", "Action"]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["1.1", "1.2", "2.1", "2.2", "3.1"]

    one = rows["1.1"]
    assert one["Findings answered (quoted)"].startswith("Weakness 1: “the timeliness, quality and review of EHC plans")
    assert one["Lead officer"] == "Olu Adebayo"
    assert one["Due date"] == datetime(2025, 12, 1)  # a real date in the sheet
    assert (one["Status"], one["RAG"], one["RAG reason"]) == ("In progress", "Amber", "Recruitment slow")
    assert one["Latest update"] == "Two caseworkers recruited\n(Olu Adebayo)"
    assert one["Latest update date"] == datetime(2025, 12, 20)
    assert (one["Evidence items"], one["Accepted evidence items"]) == (0, 0)

    joint = rows["1.2"]
    assert joint["Findings answered (quoted)"].count("“") == 2  # answers weaknesses 1 and 2
    assert joint["Partners"] == "NHS Westmarsh ICB\nWestmarsh Voices"
    assert joint["What will be done"] == "Commission a joint speech and language therapy service"
    assert (joint["Status"], joint["RAG"], joint["Evidence items"], joint["Accepted evidence items"]) == (
        "Complete", "Red", 1, 1,
    )
    assert rows["2.1"]["RAG"] == "Not rated" and rows["2.1"]["Latest update"] is None
    assert rows["2.2"]["Status"] == "Retired"
    signed = rows["3.1"]
    assert signed["Status"] == "Signed off"
    assert signed["Success measure"] == "More plans on time"
    # Text that looks like a formula stays text: never run by the spreadsheet.
    assert signed["Latest update"].startswith("=SUM(A1:A2) panel meets weekly")
    latest_update_column = get_column_letter(header.index("Latest update") + 1)
    cell = next(c for c in sheet[latest_update_column] if isinstance(c.value, str) and c.value.startswith("=SUM"))
    assert cell.data_type == "s"


def test_the_csv_is_a_table_heading_row_first_and_is_safe(client, known, frozen):
    sign_in(client, known.manager)
    response = client.get(f"/inspections/{known.inspection_id}/tracker.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="action-plan-westmarsh-2026-01-15.csv"' in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0][0] == "Reference"
    table = {row[0]: dict(zip(lines[0], row, strict=True)) for row in lines[1:]}
    assert list(table) == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert table["1.1"]["Due date"] == "2025-12-01"
    assert table["3.1"]["Latest update"].startswith("'=SUM(A1:A2)")


def test_each_download_is_audited(app, client, known, frozen):
    sign_in(client, known.viewer)
    client.get(f"/inspections/{known.inspection_id}/tracker.csv")
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="tracker.exported").one()
        assert event.actor_id == known.viewer.id and event.local_area_id == known.area_id
        assert "CSV (5 actions)" in event.summary
    assert date(2026, 1, 15)
