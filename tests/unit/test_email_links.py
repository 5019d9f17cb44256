"""Links in emails are built on APP_BASE_URL alone."""

from flask import Flask

from wsoa.links import email_link


def app_with(base_url: str) -> Flask:
    app = Flask(__name__)
    app.config["APP_BASE_URL"] = base_url
    app.add_url_rule("/unlock/<token>", "unlock", lambda token: token)
    return app


def test_a_link_is_built_on_the_base_address():
    with app_with("https://wsoa.council.gov.uk").test_request_context(base_url="http://evil.example"):
        assert email_link("unlock", token="abc") == "https://wsoa.council.gov.uk/unlock/abc"


def test_a_base_address_with_a_path_keeps_it():
    with app_with("https://council.gov.uk/send-tracker/").app_context():
        assert email_link("unlock", token="abc") == "https://council.gov.uk/send-tracker/unlock/abc"


def test_without_a_base_address_there_is_no_link():
    with app_with("").app_context():
        assert email_link("unlock", token="abc") is None
