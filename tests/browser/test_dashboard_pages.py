"""The dashboards with a plan that has some history, in the browser: every page and view passes the
checks, and (with WSOA_SCREENSHOTS=1) the screenshots in docs/ are taken from here.

    WSOA_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_dashboard_pages.py
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import time_machine
from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import sign_in
from tests.dashboard_factories import build_known_plan

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def test_dashboard_pages_with_history(page: Page, live_server, app, tmp_path):
    known = build_known_plan(app)
    recorder = PageRecorder(page)
    folder = DOCS if os.environ.get("WSOA_SCREENSHOTS") == "1" else tmp_path
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=True):
        sign_in(page, recorder, live_server, known.manager.email)
        base = f"{live_server}/inspections/{known.inspection_id}"
        page.goto(f"{base}/dashboard?since=1&since=10&since=2025")
        assert check_page(page, recorder) == "Dashboard for Westmarsh"
        page.evaluate("document.activeElement.blur()")
        page.screenshot(path=str(folder / "dashboard.png"), full_page=True)
        page.goto(f"{base}/readiness")
        assert check_page(page, recorder) == "Revisit readiness for Westmarsh"
        page.evaluate("document.activeElement.blur()")
        page.screenshot(path=str(folder / "readiness.png"), full_page=True)
        for path in (
            "/readiness?problem=nothing_signed_off&sort=worst&months=3",
            "/owners?sort=overdue",
            "/dashboard/actions?flag=overdue",
            "/dashboard/actions?q=nothing+matches+this",
        ):
            page.goto(base + path)
            check_page(page, recorder)
        page.goto(f"{live_server}/dashboard?sort=key_date")
        check_page(page, recorder)
    assert (folder / "dashboard.png").stat().st_size > 10_000


NARROW_PAGES = ("/dashboard", "/readiness", "/owners", "/dashboard/actions", "/actions")


def test_dashboard_pages_reflow_at_320_pixels_without_scrolling_sideways(page: Page, live_server, app, tmp_path):
    """WCAG 1.4.10: at 320 px the page itself never scrolls sideways; a wide table scrolls inside its own
    labelled, focusable region."""
    known = build_known_plan(app)
    recorder = PageRecorder(page)
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=True):
        sign_in(page, recorder, live_server, known.manager.email)
        page.set_viewport_size({"width": 320, "height": 800})
        for path in NARROW_PAGES:
            page.goto(f"{live_server}/inspections/{known.inspection_id}{path}")
            widest = page.evaluate("document.documentElement.scrollWidth")
            assert widest <= 320, f"{path}: the page is {widest} px wide at 320"
            unlabelled = page.evaluate(
                "[...document.querySelectorAll('.app-table-scroll')]"
                ".filter(r => !(r.getAttribute('role') === 'region' && r.getAttribute('aria-label')"
                " && r.tabIndex === 0)).length"
            )
            assert unlabelled == 0, path
