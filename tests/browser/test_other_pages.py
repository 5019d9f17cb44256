"""The pages the journeys do not pass through, each checked in the browser (axe-core, one h1 matching
the title, valid HTML, keyboard focus), error states included."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import fill_date, sign_in, sign_out
from tests.factories import make_actions, make_area, make_inspection, make_user
from tests.pages import post_form
from wsoa.extensions import db
from wsoa.models import Action, LocalArea
from wsoa.reminders.tokens import unsubscribe_token


def submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def test_management_pages_and_their_error_states(page: Page, live_server, app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh", email="manager@westmarsh.example")
    officer = make_user(app, role="officer", area="Westmarsh", email="officer@westmarsh.example")
    make_actions(app, inspection, manager, lead=officer)
    with app.app_context():
        area_id = db.session.query(LocalArea).filter_by(name="Westmarsh").one().id
        action_id = db.session.query(Action).filter_by(reference="1.1").one().id
    recorder = PageRecorder(page)
    sign_in(page, recorder, live_server, manager.email)

    pages = [
        ("/", "Inspections", None),
        (f"/inspections/{inspection.id}", "Westmarsh: inspection findings", None),
        (f"/inspections/{inspection.id}/key-dates", "Key dates for Westmarsh", "Save key dates"),
        (f"/inspections/{inspection.id}/actions/new", "Add an action", "Save action"),
        (f"/actions/{action_id}/split", "Split action 1.1", "Split the action"),
        (f"/actions/{action_id}/retire", "Retire action 1.1", "Retire the action"),
        (f"/actions/{action_id}/milestones/new", "Add a milestone", "Add milestone"),
        (f"/areas/{area_id}/settings", "Settings for Westmarsh", None),
        (f"/areas/{area_id}/members", "Members of Westmarsh", None),
        (f"/areas/{area_id}/members/invite", "Invite someone to Westmarsh", "Invite"),
        ("/account", "Your account", None),
        ("/email-preferences", "Email reminders", None),
        ("/account/tokens", "API tokens", "Create token"),
        ("/inspections/import", "Import an inspection letter or report", "Read the letter"),
        ("/work", "Your work queue", None),
        (f"/actions/{action_id}/comments/new", "Comment on action 1.1", "Add comment"),
        (f"/inspections/{inspection.id}/seed", "Choose the findings to track", None),
        (f"/inspections/{inspection.id}/actions/change-several", "Change several actions at once",
         "Change the chosen actions"),
    ]
    for path, heading, error_button in pages:
        page.goto(live_server + path)
        assert check_page(page, recorder) == heading, path
        if error_button:
            if path.endswith("key-dates"):
                page.locator("#revisit_date-day").fill("31")
                page.locator("#revisit_date-month").fill("2")
                page.locator("#revisit_date-year").fill("2027")
            submit(page, error_button)
            assert page.title().startswith("Error: "), path
            check_page(page, recorder)

    sign_out(page)
    sign_in(page, recorder, live_server, officer.email)
    assert recorder.checked[-1] == "My actions"  # an officer starts at what they lead
    page.goto(f"{live_server}/my-actions/board-update")
    assert check_page(page, recorder) == "Update your actions for the board"
    page.locator("input[type=text]").first.fill("A line with no rating")
    submit(page, "Post the updates")
    assert page.title().startswith("Error: ")
    check_page(page, recorder)
    sign_out(page)
    make_user(app, role="admin", email="admin@site.example")
    sign_in(page, recorder, live_server, "admin@site.example")
    page.goto(f"{live_server}/admin/deliveries")
    assert check_page(page, recorder) == "Email deliveries"
    sign_out(page)

    page.goto(f"{live_server}/email/unsubscribe/{unsubscribe_token(app.secret_key, officer.id)}")
    check_page(page, recorder)
    page.goto(f"{live_server}/sign-in")
    submit(page, "Sign in")
    assert check_page(page, recorder) == "Sign in"
    assert page.title().startswith("Error: ")
    page.goto(f"{live_server}/no-such-page")
    assert check_page(page, recorder) == "Page not found"
    page.goto(f"{live_server}/accessibility")
    assert check_page(page, recorder) == "Accessibility statement"


def test_account_security_pages(page: Page, live_server, app, outbox):
    """Issue 13's pages: invitation and join request sent, joining, unlocking, and the members list with a lock."""
    make_area(app, "Westmarsh")
    make_inspection(app, "Eastbury")
    manager = make_user(app, role="manager", area="Westmarsh", email="manager@westmarsh.example")
    person = make_user(app, role="officer", area="Eastbury", email="person@eastbury.example")
    locked = make_user(app, role="viewer", area="Westmarsh", email="locked@westmarsh.example")
    guesser = app.test_client()
    for _ in range(5):
        post_form(guesser, "/sign-in", {"email": locked.email, "password": "a wrong guess"})
    with app.app_context():
        area_id = db.session.query(LocalArea).filter_by(name="Westmarsh").one().id
    recorder = PageRecorder(page)
    sign_in(page, recorder, live_server, manager.email)

    for email, heading in [
        ("new.person@westmarsh.example", "New Person has been invited"),
        (person.email, "Test Person has been asked to join"),
    ]:
        page.goto(f"{live_server}/areas/{area_id}/members/invite")
        page.locator("#name").fill("New Person")
        page.locator("#email").fill(email)
        page.get_by_label("Officer").check()
        submit(page, "Invite")
        assert check_page(page, recorder) == heading
    page.goto(f"{live_server}/areas/{area_id}/members")
    assert check_page(page, recorder) == "Members of Westmarsh"
    sign_out(page)

    page.goto(live_server + outbox.path(locked.email, "/unlock/"))
    assert check_page(page, recorder) == "Unlock your account"
    submit(page, "Unlock my account")
    assert check_page(page, recorder) == "Sign in"
    page.goto(live_server + outbox.path(locked.email, "/unlock/"))
    assert check_page(page, recorder) == "This link has expired or has already been used"

    sign_in(page, recorder, live_server, person.email)
    page.goto(live_server + outbox.path(person.email, "/join/"))
    assert check_page(page, recorder) == "Join Westmarsh"
    submit(page, "Join Westmarsh")
    assert check_page(page, recorder) == "Inspections"
    sign_out(page)

    for _ in range(5):
        post_form(guesser, "/sign-in", {"email": locked.email, "password": "a wrong guess"})
    make_user(app, role="admin", email="admin@site.example")
    sign_in(page, recorder, live_server, "admin@site.example")
    page.goto(f"{live_server}/areas/{area_id}/members")
    assert check_page(page, recorder) == "Members of Westmarsh"
    page.get_by_role("button", name="Unlock Test Person's account").click()
    page.wait_for_load_state("load")
    assert check_page(page, recorder) == "Members of Westmarsh"


def test_api_tokens_page_with_a_new_token_and_the_list(page: Page, live_server, app):
    """Issue 17's account page: the token shown once in its panel, then listed with a revoke button; no overflow."""
    make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh", email="manager@westmarsh.example")
    recorder = PageRecorder(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, recorder, live_server, manager.email)
    page.goto(f"{live_server}/account/tokens")
    page.locator("#name").fill("Power BI board pack")
    page.get_by_label("Read and write: also post progress updates and add milestones").check()
    fill_date(page, "expires_on", date.today() + timedelta(days=90))
    submit(page, "Create token")
    assert check_page(page, recorder) == "API tokens"
    assert page.locator("#new-token").inner_text().startswith("wsoa_pat_")
    assert page.get_by_role("button", name="Revoke Power BI board pack").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.querySelector('#new-token').getBoundingClientRect().right") <= 320
