"""The daily loop as a council lives it, in a real browser, as manager, officer and viewer.

The manager starts at the work queue, sees weaknesses apart from areas for development, gives two actions a
lead and a date at once, and asks the lead a question in a comment. The lead starts at My actions, adds
evidence (as at today unless changed), has it returned, replaces it, and posts a board update for every
action they lead on one page. The viewer starts at the inspections and reads the dashboard, which keeps the
revisit's weaknesses apart. The lead hears of it all in one email, sent once, to a real SMTP server.
Every page is checked (axe, structure, keyboard) as the journey passes.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import _submit, follow, sign_in, sign_out
from tests.factories import PASSWORD, UserData, make_actions, make_inspection
from tests.reminder_factories import SmtpSink
from wsoa.auth.services import create_user
from wsoa.extensions import db
from wsoa.models import User, utcnow
from wsoa.reminders.mail import SmtpBackend
from wsoa.reminders.notifications import send_notifications


def _people(app):
    inspection = make_inspection(app, "Westmarsh")
    with app.app_context():
        create_user("manager@westmarsh.example", "Morgan Hale", PASSWORD, "manager", "Westmarsh")
        create_user("officer@westmarsh.example", "Olu Adebayo", PASSWORD, "officer", "Westmarsh")
        create_user("viewer@westmarsh.example", "Val Pierce", PASSWORD, "viewer", "Westmarsh")
        manager = db.session.query(User).filter_by(email="manager@westmarsh.example").one()
        manager_data = UserData(manager.id, manager.email, PASSWORD)
    make_actions(app, inspection, manager_data)
    return inspection


def _send_notices(app, sink):
    with app.app_context():
        backend = SmtpBackend("127.0.0.1", sink.port, "notices@wsoa.test", tls="none")
        send_notifications(utcnow() + timedelta(minutes=3), backend=backend)


def test_the_daily_loop_as_manager_officer_and_viewer(page: Page, live_server, app, tmp_path):
    inspection = _people(app)
    base, recorder = live_server, PageRecorder(page)
    plan_url = f"{base}/inspections/{inspection.id}/actions"

    # The manager starts at the work queue and sees the weaknesses apart from the areas for development.
    sign_in(page, recorder, base, "manager@westmarsh.example")
    assert recorder.checked[-1] == "Your work queue"
    expect(page.locator("main")).to_contain_text("Actions with no lead, due date or success measure")
    page.goto(plan_url)
    check_page(page, recorder)
    expect(page.locator("caption")).to_have_text(
        ["Answering significant weaknesses", "Answering areas for development"]
    )

    # Two actions get a lead and a due date at once.
    follow(page, "Change several at once")
    check_page(page, recorder)
    page.get_by_role("checkbox", name=re.compile(r"^1\.1 ")).check()
    page.get_by_role("checkbox", name=re.compile(r"^2\.1 ")).check()
    page.get_by_label("Lead officer").select_option(label="Olu Adebayo")
    page.locator("#due_date-day").fill("31")
    page.locator("#due_date-month").fill("3")
    page.locator("#due_date-year").fill(str(date.today().year + 1))
    _submit(page, "Change the chosen actions")
    assert check_page(page, recorder) == "Action plan for Westmarsh"
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 actions changed")

    # A question for the lead, in the action's discussion.
    page.get_by_role("link", name=re.compile(r"^The timeliness")).first.click()
    action_url = page.url
    check_page(page, recorder)
    follow(page, "Add a comment", exact=False)
    check_page(page, recorder)
    page.get_by_label("Your comment").fill("@Olu Adebayo can you add this term's survey?")
    _submit(page, "Add comment")
    check_page(page, recorder)
    expect(page.locator("#discussion ~ div").first).to_contain_text("this term's survey")
    sign_out(page)

    # The lead starts at My actions and adds evidence, as at today unless changed.
    sign_in(page, recorder, base, "officer@westmarsh.example")
    assert recorder.checked[-1] == "My actions"
    page.goto(action_url)
    check_page(page, recorder)
    follow(page, "Add evidence")
    check_page(page, recorder)
    expect(page.locator("#as_at-year")).to_have_value(str(date.today().year))
    page.get_by_label("Impact", exact=False).check()
    page.get_by_label("Description").fill("Parent survey, autumn")
    page.get_by_label("Or give a link").fill("https://example.org/survey-autumn")
    _submit(page, "Add evidence")
    check_page(page, recorder)
    sign_out(page)

    # The manager returns it with a comment.
    sign_in(page, recorder, base, "manager@westmarsh.example")
    page.goto(action_url)
    page.locator("a[href*=review]").first.click()
    page.wait_for_load_state("load")
    check_page(page, recorder)
    page.get_by_label("Return it with a comment").check()
    page.get_by_role("textbox", name="Comment").fill("Please use this term's figures")
    _submit(page, "Save review")
    check_page(page, recorder)
    sign_out(page)

    # The lead replaces the returned evidence, then updates all their actions for the board on one page.
    sign_in(page, recorder, base, "officer@westmarsh.example")
    page.goto(action_url)
    check_page(page, recorder)
    page.locator("a", has_text="Replace").first.click()
    page.wait_for_load_state("load")
    assert check_page(page, recorder) == "Replace returned evidence"
    page.get_by_label("Or give a link").fill("https://example.org/survey-this-term")
    _submit(page, "Replace the evidence")
    check_page(page, recorder)
    expect(page.locator(".govuk-tag", has_text="Withdrawn")).to_have_count(1)
    page.goto(f"{base}/my-actions/board-update")
    check_page(page, recorder)
    page.locator("fieldset").first.get_by_label("Green: on track").check()
    page.locator("input[type=text]").first.fill("Survey replaced; panel meets weekly")
    _submit(page, "Post the updates")
    assert check_page(page, recorder) == "My actions"
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 progress update posted")
    sign_out(page)

    # The viewer starts at the inspections and reads the dashboard and the tracker.
    sign_in(page, recorder, base, "viewer@westmarsh.example")
    assert recorder.checked[-1] == "Inspections"
    page.goto(f"{base}/inspections/{inspection.id}/dashboard")
    check_page(page, recorder)
    expect(page.locator("h2#weaknesses")).to_have_text("Progress by significant weakness")
    expect(page.locator("h2#development")).to_have_text("Progress on areas for development")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    lines = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert lines[0][:3] == ["Reference", "Findings answered (quoted)", "Action"]
    sign_out(page)

    # The lead hears of it all in one email, sent once.
    with SmtpSink() as sink:
        _send_notices(app, sink)
        _send_notices(app, sink)
    [email] = sink.messages
    assert email.to == "officer@westmarsh.example"
    text = email.message.get_body(("plain",)).get_content()
    for told in ("made you the lead of 1.1", "made you the lead of 2.1", "mentioned you", "returned your evidence"):
        assert told in text, told
    assert len(recorder.checked) >= 20
