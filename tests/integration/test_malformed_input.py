"""A malformed address or form value gets a 404 or a form error, never a server error.

Ids beyond 64 bits used to reach the database (a 500 on SQLite and PostgreSQL alike), as did ids beyond 32 bits
on PostgreSQL, whose id columns are INTEGER (found by the API's contract test), and a day or month
too big for Python's date a crash in the date field. Every route is walked, every date field is fed
huge numbers, and the error page itself is shown when the database cannot be reached.
"""

from __future__ import annotations

import re

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

from config import TestConfig
from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, csrf_token, sign_in
from wsoa.app import create_app
from wsoa.forms import GovukDateField

HUGE_IDS = (2**31, 2**63, 2**70, 10**30)  # 2**31: past PostgreSQL's INTEGER (its ids)
HUGE_DATES = (
    ("1", "1", "99999999999"),
    (str(10**20), "1", "2026"),
    ("1", str(10**20), "2026"),
    (str(10**20), str(10**20), str(10**20)),
    ("-1", "-1", "-2026"),
)


@pytest.fixture
def place(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    actions = make_actions(app, inspection, manager)
    admin = make_user(app, role="admin")
    return {"manager": manager, "admin": admin, "inspection": inspection.id, "action": actions[0].id}


def _urls_with_ids(app, value: int) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route with an id in its path, each id set to `value`."""
    found = []
    for rule in app.url_map.iter_rules():
        ints = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if not ints:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<[^>]*:?{name}>", str(value) if name in ints else "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("role", ["manager", "admin"])
def test_every_route_answers_an_id_too_big_for_the_database_with_not_found(app, client, place, role, huge):
    sign_in(client, place[role])
    token = csrf_token(client, "/")
    answers = {}
    for endpoint, method, url in _urls_with_ids(app, huge):
        try:
            response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
            answers[(endpoint, method)] = response.status_code
        except Exception as error:  # noqa: BLE001 - the test client re-raises what would be a 500
            answers[(endpoint, method)] = f"{type(error).__name__}: {error}"
    assert len(answers) > 30
    assert {key: answer for key, answer in answers.items() if answer != 404} == {}


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_the_deliveries_pages_answer_an_area_too_big_for_the_database_without_a_server_error(
    app, client, place, huge
):
    sign_in(client, place["admin"])
    assert client.get(f"/admin/deliveries?area={huge}").status_code < 500


# -- Date fields ------------------------------------------------------------------------------------------


def _forms_with_date_fields() -> list[tuple[type, str]]:
    """Every form in the product with a GovukDateField, found by importing the app's views."""
    create_app(TestConfig)  # imports every blueprint, so every form class exists

    def all_subclasses(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from all_subclasses(subclass)

    found = []
    for form in set(all_subclasses(FlaskForm)):
        if not form.__module__.startswith("wsoa."):
            continue
        for name in dir(form):
            unbound = getattr(form, name, None)
            if getattr(unbound, "field_class", None) is GovukDateField:
                found.append((form, name))
    return sorted(found, key=lambda pair: (pair[0].__module__, pair[0].__name__, pair[1]))


DATE_FIELDS = _forms_with_date_fields()


def test_the_date_fields_are_found():
    names = {f"{form.__name__}.{field}" for form, field in DATE_FIELDS}
    assert {"KeyDatesForm.revisit_date", "ChangesSinceForm.since"} <= names, names
    assert len(names) >= 8


@pytest.mark.parametrize(("form_class", "field"), DATE_FIELDS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("parts", HUGE_DATES, ids=lambda p: "-".join(x[:6] for x in p))
def test_every_date_field_answers_huge_numbers_with_a_form_error(app, form_class, field, parts):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict([(field, part) for part in parts]), meta={"csrf": False})
        form.validate()
        assert form[field].data is None
        assert form[field].errors, (form_class.__name__, field, parts)


def test_key_dates_with_a_day_too_big_for_python_are_a_form_error(app, client, place):
    sign_in(client, place["manager"])
    path = f"/inspections/{place['inspection']}/key-dates"
    data = {
        "csrf_token": csrf_token(client, path),
        "wsoa_deadline": ["", "", ""],
        "revisit_date": [str(10**20), "9", "2026"],
        "next_full_inspection_date": ["", "", ""],
    }
    page = assert_page(client.post(path, data=data), "Key dates for Westmarsh")
    assert "must be a real date" in page


def test_changes_since_a_year_too_big_for_python_is_a_form_error(app, client, place):
    sign_in(client, place["manager"])
    response = client.get(f"/inspections/{place['inspection']}/dashboard?since=1&since=1&since=99999999999")
    assert response.status_code == 200
    assert "must be a real date" in response.get_data(as_text=True)


def test_changes_since_a_day_too_big_for_python_is_a_form_error(app, client, place):
    sign_in(client, place["manager"])
    response = client.get(f"/inspections/{place['inspection']}/dashboard?since={10**20}&since=1&since=2026")
    assert response.status_code == 200
    assert "must be a real date" in response.get_data(as_text=True)


def test_an_action_due_date_with_a_month_too_big_for_python_is_a_form_error(app, client, place):
    sign_in(client, place["manager"])
    path = f"/actions/{place['action']}/milestones/new"
    data = {"csrf_token": csrf_token(client, path), "title": "Panel", "due_date": ["1", str(10**20), "2026"]}
    response = client.post(path, data=data)
    assert response.status_code == 200
    assert "must be a real date" in response.get_data(as_text=True)


# -- When the database cannot be reached ------------------------------------------------------------------


class UnreachableDatabase(TestConfig):
    # Nothing listens on port 9 (discard): every connection is refused at once.
    SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/wsoa?connect_timeout=2"
    PROPAGATE_EXCEPTIONS = False  # answer as production does, with the error page, not the exception


@pytest.fixture
def cut_off_client():
    return create_app(UnreachableDatabase).test_client()


def test_a_signed_in_person_gets_the_govuk_error_page_when_the_database_is_down(cut_off_client):
    with cut_off_client.session_transaction() as session:
        session["_user_id"] = "1:0"  # signed in: loading the user needs the database
    page = assert_page(cut_off_client.get("/"), "Sorry, there is a problem with the service", status=500)
    assert 'class="govuk-template' in page
    assert "govuk-frontend.min.css" in page


def test_a_page_that_needs_the_database_gets_the_govuk_error_page_when_it_is_down(cut_off_client):
    page = assert_page(
        cut_off_client.get("/unlock/some-token"), "Sorry, there is a problem with the service", status=500
    )
    assert 'class="govuk-template' in page
