import pytest

from tests.factories import make_area, make_user
from tests.pages import assert_page, csrf_token, post_form, redirect_target, sign_in, signed_in_user_id


def test_sign_in_page_is_a_govuk_page_with_one_heading(client):
    page = assert_page(client.get("/sign-in"), "Sign in")
    assert "govuk-template" in page


def test_a_correct_email_and_password_signs_in_and_shows_the_inspections(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    response = sign_in(client, user)
    assert redirect_target(response) == "/my-actions"  # an officer's start page
    assert signed_in_user_id(client) == user.id
    assert_page(client.get("/"), "Inspections")


def test_email_is_matched_without_regard_to_case(app, client):
    user = make_user(app, role="officer", area=make_area(app), email="mixed@example.gov.uk")
    response = post_form(client, "/sign-in", {"email": "MIXED@Example.gov.uk ", "password": user.password})
    assert redirect_target(response) == "/my-actions"
    assert signed_in_user_id(client) == user.id


@pytest.mark.parametrize("email", ["nobody@example.gov.uk", "known"])
def test_a_wrong_email_or_password_gets_one_message_and_keeps_the_email(app, client, email):
    user = make_user(app, role="officer", area=make_area(app))
    email = user.email if email == "known" else email
    response = post_form(client, "/sign-in", {"email": email, "password": "wrong password here"})
    page = assert_page(response, "Sign in")
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{email}"' in page


def test_an_error_page_title_starts_with_error(client):
    response = post_form(client, "/sign-in", {"email": "", "password": ""})
    page = assert_page(response, "Sign in")
    assert "<title>Error: Sign in" in page
    assert "Enter your email address" in page
    assert "Enter your password" in page


def test_pages_need_a_signed_in_user(client):
    response = client.get("/")
    assert redirect_target(response) == "/sign-in?next=%2F"


def test_sign_in_returns_to_the_page_asked_for(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    response = client.post(
        "/sign-in?next=/inspections/1",
        data={"csrf_token": csrf_token(client, "/sign-in"), "email": user.email, "password": user.password},
    )
    assert response.headers["Location"] == "/inspections/1"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(app, client, target):
    user = make_user(app, role="officer", area=make_area(app))
    response = client.post(
        f"/sign-in?next={target}",
        data={"csrf_token": csrf_token(client, "/sign-in"), "email": user.email, "password": user.password},
    )
    assert response.headers["Location"] == "/my-actions"  # an officer's start page, on this site


def test_sign_out_ends_the_session(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    sign_in(client, user)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert redirect_target(response) == "/sign-in"
    assert signed_in_user_id(client) is None
    assert redirect_target(client.get("/")) == "/sign-in?next=%2F"


def test_a_form_posted_without_its_csrf_token_is_refused(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    response = client.post("/sign-in", data={"email": user.email, "password": user.password})
    assert_page(response, "Your page expired", status=400)
    assert signed_in_user_id(client) is None
    assert redirect_target(client.get("/")) == "/sign-in?next=%2F"


def test_a_copied_session_cookie_stops_working_once_its_owner_signs_out(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    sign_in(client, user)
    copied = client.get_cookie("session").value
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    elsewhere = app.test_client()
    elsewhere.set_cookie("session", copied)
    assert redirect_target(elsewhere.get("/")) == "/sign-in?next=%2F"


def test_signing_out_ends_the_persons_other_sessions_too(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    other_browser = app.test_client()
    sign_in(other_browser, user)
    sign_in(client, user)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert redirect_target(other_browser.get("/")) == "/sign-in?next=%2F"


def test_a_session_cookie_naming_only_a_user_id_signs_nobody_in(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert redirect_target(client.get("/")) == "/sign-in?next=%2F"


def test_signing_in_again_after_signing_out_works(app, client):
    user = make_user(app, role="officer", area=make_area(app))
    sign_in(client, user)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert redirect_target(sign_in(client, user)) == "/my-actions"
    assert signed_in_user_id(client) == user.id
    assert client.get("/").status_code == 200
