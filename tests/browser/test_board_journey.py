"""Measures and the board in a real browser: a lead records a measured value (a wrong one first) and sees the
chart; a manager records a board meeting (the same date again first) and downloads its report as Word and PDF.
Every page is checked; the screenshots are kept for looking at (WSOA_SCREENSHOTS=1 keeps them in docs/).

    WSOA_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_board_journey.py
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import time_machine
from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import _submit, fill_date, follow, sign_in, sign_out
from tests.dashboard_factories import build_known_plan
from tests.pdf_checks import docx_headings, pdf_text
from tests.reminder_factories import set_action
from wsoa.extensions import db
from wsoa.models import MeasuredValue

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def test_record_a_measure_see_the_chart_record_a_board_meeting_and_download_its_report(
    page: Page, live_server, app, tmp_path
):
    known = build_known_plan(app)
    action_id = known.actions["1.1"]
    set_action(
        app, action_id, success_measure="Share of EHC plans issued within 20 weeks", baseline="45% in 2024-25",
        target="60% by March 2027", baseline_value=45.0, target_value=60.0, measure_unit="%",
    )
    with app.app_context():  # two earlier values, so the chart has a line
        for day, value in ((date(2025, 10, 31), 47.0), (date(2025, 11, 30), 51.5)):
            db.session.add(MeasuredValue(action_id=action_id, measured_on=day, value=value, source="SEN2",
                                         recorded_by_id=known.olu.id))
        db.session.commit()
    recorder = PageRecorder(page)
    folder = DOCS if os.environ.get("WSOA_SCREENSHOTS") == "1" else tmp_path
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=True):
        sign_in(page, recorder, live_server, known.olu.email)
        page.goto(f"{live_server}/actions/{action_id}")
        check_page(page, recorder)
        follow(page, "Record a measured value")
        assert check_page(page, recorder) == "Record a measured value"
        fill_date(page, "measured_on", date(2025, 12, 31))
        page.locator("#value").fill("about half")
        page.locator("#source").fill("Monthly timeliness report")
        _submit(page, "Record the value")
        assert page.title().startswith("Error: ")
        check_page(page, recorder)
        assert page.locator("#value").input_value() == "about half"
        page.locator("#value").fill("55")
        _submit(page, "Record the value")
        check_page(page, recorder)
        chart = page.locator("#measures ~ div svg.app-chart").first
        assert "31 December 2025: 55%" in chart.locator("desc").text_content()
        assert page.get_by_role("img", name="Measured values for 1.1: Share of EHC plans issued within 20 weeks")
        page.evaluate("document.activeElement.blur()")
        page.locator("#measures").scroll_into_view_if_needed()
        chart.screenshot(path=str(folder / "measure-chart.png"))
        page.screenshot(path=str(tmp_path / "action-with-measures.png"), full_page=True)
        sign_out(page)

        sign_in(page, recorder, live_server, known.manager.email)
        page.goto(f"{live_server}/inspections/{known.inspection_id}/board")
        assert check_page(page, recorder) == "Board meetings for Westmarsh"
        for _ in range(2):  # the second time, the date is already recorded
            follow(page, "Record a board meeting")
            assert check_page(page, recorder) == "Record a board meeting"
            fill_date(page, "meeting_date", date(2026, 1, 15))
            _submit(page, "Record the meeting")
            check_page(page, recorder)
        assert "A board meeting on 15 January 2026 is already recorded for this plan" in page.inner_text("main")
        follow(page, "Back to the board meetings")
        check_page(page, recorder)
        page.screenshot(path=str(folder / "board-meetings.png"), full_page=True)
        with page.expect_download() as word:
            page.get_by_role("link", name="Word (DOCX)").click()
        assert word.value.suggested_filename == "board-report-westmarsh-2026-01-15.docx"
        headings = docx_headings(Path(word.value.path()).read_bytes())
        assert headings[:2] == [("Title", "Board report: Westmarsh, 15 January 2026"), ("Heading 1", "Summary")]
        with page.expect_download() as pdf:
            page.get_by_role("link", name="PDF", exact=False).click()
        text = pdf_text(Path(pdf.value.path()).read_bytes())
        assert "Share of EHC plans" in text and "55% (31 December" in text and "5% to go" in text
