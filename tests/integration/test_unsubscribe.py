"""One-click unsubscribe: works without signing in, only for the person the link was made for."""

from __future__ import annotations

from tests.factories import make_area, make_user
from tests.pages import assert_page, csrf_token, sign_in
from wsoa.extensions import db
from wsoa.models import AuditEvent, EmailPreference
from wsoa.reminders.tokens import unsubscribe_token


def frequency(app, user):
    with app.app_context():
        row = db.session.get(EmailPreference, user.id)
        return row.frequency if row else "daily (default)"


def link(app, user):
    return "/email/unsubscribe/" + unsubscribe_token(app.config["SECRET_KEY"], user.id)


def test_get_asks_to_confirm_and_the_button_unsubscribes_without_signing_in(app, client):
    make_area(app, "Westmarsh")
    person = make_user(app, "officer", "Westmarsh")
    page = assert_page(client.get(link(app, person)), "Unsubscribe from email reminders")
    assert person.email in page
    assert frequency(app, person) == "daily (default)"  # a link checker's GET changes nothing
    response = client.post(link(app, person), data={"csrf_token": csrf_token(client, link(app, person))})
    assert_page(response, "You have unsubscribed")
    assert frequency(app, person) == "off"
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="preferences.unsubscribed").one()
        assert event.actor_id == person.id


def test_rfc_8058_one_click_post_from_a_mail_client(app, client):
    make_area(app, "Westmarsh")
    person = make_user(app, "officer", "Westmarsh")
    response = client.post(link(app, person), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert frequency(app, person) == "off"


def test_a_link_only_unsubscribes_its_own_person_even_when_someone_else_is_signed_in(app, client):
    make_area(app, "Westmarsh")
    owner, other = make_user(app, "officer", "Westmarsh"), make_user(app, "officer", "Westmarsh")
    sign_in(client, other)
    client.post(link(app, owner), data={"List-Unsubscribe": "One-Click"})
    assert (frequency(app, owner), frequency(app, other)) == ("off", "daily (default)")


def test_a_tampered_or_made_up_token_does_nothing(app, client):
    make_area(app, "Westmarsh")
    person = make_user(app, "officer", "Westmarsh")
    good = link(app, person)
    payload, signature = good.rsplit("/", 1)[1].split(".")
    other_payload = unsubscribe_token(app.config["SECRET_KEY"], person.id + 1).split(".")[0]
    for bad in (f"{other_payload}.{signature}", f"{payload}.{signature[:-2]}xx", "not-a-real-token"):
        response = client.post(f"/email/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"})
        assert_page(response, "This unsubscribe link does not work", status=400)
    forged = "/email/unsubscribe/" + unsubscribe_token("a-different-secret", person.id)
    assert client.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    assert frequency(app, person) == "daily (default)"


def test_a_form_post_without_its_csrf_token_is_refused(app, client):
    make_area(app, "Westmarsh")
    person = make_user(app, "officer", "Westmarsh")
    response = client.post(link(app, person), data={})
    assert response.status_code == 400 and "Your page expired" in response.get_data(as_text=True)
    assert frequency(app, person) == "daily (default)"
