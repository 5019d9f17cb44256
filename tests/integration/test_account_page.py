"""Your account: one place for a person's own settings, reached from one item of the navigation."""

from __future__ import annotations

import re

import pytest

from tests.pages import assert_page

SETTINGS = {"/email-preferences": "Email reminders", "/account/calendars": "Calendars", "/account/tokens": "API tokens"}


def _navigation(page: str) -> list[tuple[str, bool]]:
    """Each item of the service navigation: its words, and whether it is marked as where the person is."""
    navigation = page[page.index('<nav aria-label="Menu"'):page.index("</nav>")]
    items = re.findall(r'<li class="govuk-service-navigation__item( govuk-service-navigation__item--active)?"[^>]*>'
                       r"\s*<a [^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<", navigation)
    return [(words, bool(active)) for active, words in items]


def test_your_account_names_the_person_and_leads_to_each_of_their_settings(client, manager):
    page = assert_page(client.get("/account"), "Your account")
    assert "manager@example.gov.uk" in page
    for path, name in SETTINGS.items():
        assert f'<a class="govuk-link" href="{path}">{name}</a>' in page


def test_the_navigation_has_one_item_for_a_person_s_own_settings(client, manager):
    items = [words for words, _ in _navigation(client.get("/").get_data(as_text=True))]
    assert items == ["Work queue", "My actions", "Dashboard", "Inspections", "Your account"]


@pytest.mark.parametrize("path", ["/account", *SETTINGS])
def test_your_account_is_marked_as_where_the_person_is_on_each_settings_page(client, manager, path):
    navigation = _navigation(client.get(path).get_data(as_text=True))
    assert [words for words, active in navigation if active] == ["Your account"]


def test_your_account_needs_a_signed_in_person(client):
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
