"""The public progress page in a real browser: a manager chooses, previews and publishes it; a family, never
signed in, reads it on a desktop and on a phone. Every page passes the checks; screenshots are kept (in docs/
with WSOA_SCREENSHOTS=1).

    WSOA_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_public_page.py
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import time_machine
from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import _submit, follow, sign_in
from tests.dashboard_factories import build_known_plan

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
PHONE = {"width": 320, "height": 800}


def test_a_manager_publishes_the_page_and_a_family_reads_it_on_a_desktop_and_a_phone(
    page: Page, live_server, app, tmp_path
):
    known = build_known_plan(app)
    recorder = PageRecorder(page)
    folder = DOCS if os.environ.get("WSOA_SCREENSHOTS") == "1" else tmp_path
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=True):
        sign_in(page, recorder, live_server, known.manager.email)
        page.goto(f"{live_server}/inspections/{known.inspection_id}")
        follow(page, "Publish progress for families", exact=False)
        assert check_page(page, recorder) == "Westmarsh: progress page for families"
        page.evaluate("document.activeElement.blur()")
        page.screenshot(path=str(folder / "public-page-choices.png"), full_page=True)

        _submit(page, "Save and preview")  # nothing unticked yet: the weaknesses and their actions
        assert check_page(page, recorder) == "Preview the progress page for Westmarsh"
        follow(page, "Change what to publish")
        page.locator("textarea").first.fill("Plans for children take too long to write.")
        for box in page.locator("input[name=findings]").all():
            box.uncheck()
        assert not page.locator("textarea").first.is_visible()  # what goes under a finding shows while it is ticked
        _submit(page, "Save and preview")
        assert check_page(page, recorder) == "Westmarsh: progress page for families"  # titled "Error: ..."
        assert page.locator(".govuk-error-summary").get_by_text("Choose at least one weakness").is_visible()

        page.locator("input[name=findings]").nth(0).check()
        assert page.locator("textarea").first.input_value() == "Plans for children take too long to write."
        page.locator("input[name=findings]").nth(1).check()
        _submit(page, "Save and preview")
        assert check_page(page, recorder) == "Preview the progress page for Westmarsh"
        assert page.get_by_text("Weakness 1 added: ‘Plans for children take too long to write.’").is_visible()
        page.evaluate("document.activeElement.blur()")
        page.screenshot(path=str(folder / "public-page-preview.png"), full_page=True)
        _submit(page, "Publish this page")
        assert check_page(page, recorder) == "Westmarsh: progress page for families"
        address = page.locator(".govuk-summary-list a").get_attribute("href")
        assert address.endswith("/public/westmarsh")

        family = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
        reader = family.new_page()
        reader_recorder = PageRecorder(reader)
        reader.goto(address)
        assert check_page(reader, reader_recorder) == "Westmarsh: progress since the SEND inspection"
        assert reader.get_by_text("Last updated: 15 January 2026").is_visible()
        assert reader.get_by_role("link", name="Sign out").count() == 0
        reader.evaluate("document.activeElement.blur()")
        reader.screenshot(path=str(folder / "public-page.png"), full_page=True)

        reader.set_viewport_size(PHONE)
        reader.reload()
        check_page(reader, reader_recorder, keyboard=False)
        widest = reader.evaluate("document.documentElement.scrollWidth")
        assert widest <= PHONE["width"], f"the page is {widest} px wide on a phone"
        reader.screenshot(path=str(folder / "public-page-phone.png"), full_page=True)
        family.close()
    assert (folder / "public-page.png").stat().st_size > 10_000
