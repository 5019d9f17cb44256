"""Helpers for tests that go through the Flask test client."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from sqlalchemy import event

from tests.factories import UserData
from wsoa.extensions import db

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class _HiddenFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.fields[values["name"]] = values.get("value") or ""


def hidden_fields_in(response) -> dict[str, str]:
    """The hidden inputs of the page's forms: the CSRF token, and the version of an action being changed."""
    parser = _HiddenFields()
    parser.feed(response.get_data(as_text=True))
    return parser.fields


def hidden_fields(client, path: str) -> dict[str, str]:
    fields = hidden_fields_in(client.get(path))
    assert "csrf_token" in fields, f"no CSRF token on {path}"
    return fields


def post_form(client, path: str, data: dict, *, page: str | None = None, **kwargs):
    """Post as a browser would: with the hidden fields of the form's page (`page`, or the form's own address)."""
    return client.post(path, data={**hidden_fields(client, page or path), **data}, **kwargs)


def sign_in(client, user: UserData):
    return post_form(client, "/sign-in", {"email": user.email, "password": user.password})


class _PageOutline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1s: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "h1"):
            self._in = tag
            if tag == "h1":
                self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1s[-1] += data


def page_outline(response) -> tuple[str, list[str]]:
    """The page's <title> and the text of each <h1>, whitespace-normalised."""
    parser = _PageOutline()
    parser.feed(response.get_data(as_text=True))
    squash = lambda s: " ".join(s.split())  # noqa: E731
    return squash(parser.title), [squash(h) for h in parser.h1s]


def assert_page(response, heading: str, status: int = 200) -> str:
    """One h1, matching the start of the title; returns the page text."""
    assert response.status_code == status, response.status_code
    title, h1s = page_outline(response)
    assert h1s == [heading], h1s
    assert title.removeprefix("Error: ").startswith(heading + " –"), title
    return response.get_data(as_text=True)


def redirect_target(response) -> str:
    """Where a redirect leads: its path and query, whether the Location header is absolute or not."""
    assert response.status_code in (302, 303), f"not a redirect: {response.status_code}"
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def signed_in_user_id(client) -> int | None:
    """Whose session the client's cookie carries (Flask-Login's user id), or None when nobody is signed in."""
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return int(user_id.split(":")[0]) if user_id else None


def statements_for(app, client, url: str, **kwargs) -> int:
    """How many SQL statements one GET of the page runs (the page must answer 200)."""
    with app.app_context():
        engine = db.engine
    count = 0

    def counted(*args) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(url, **kwargs).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count
