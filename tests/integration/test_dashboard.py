"""Dashboard pages through the client, on the known plan of tests/dashboard_factories.py, with the clock
frozen at 15 January 2026. Every expected number is worked out by hand in that module's table."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.dashboard_factories import build_known_plan
from tests.factories import make_user
from tests.pages import assert_page, sign_in, statements_for
from wsoa.extensions import db


def cells(page: str, row_heading: str) -> list[str]:
    """The text of each cell in the table row whose heading contains row_heading."""
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S):
        heading = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        if heading and row_heading in re.sub(r"<[^>]+>", "", heading.group(1)):
            return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row {row_heading!r}")


def test_area_dashboard_numbers(client, known, frozen):
    sign_in(client, known.viewer)
    page = assert_page(client.get(f"/inspections/{known.inspection_id}/dashboard"), "Dashboard for Westmarsh")
    # The plan at a glance: 4 live actions (2.2 is retired).
    assert cells(page, "Actions") == ["4"]
    assert cells(page, "Signed off") == ["1"]
    assert cells(page, "Overdue") == ["1"]
    assert cells(page, "Stale") == ["1"]
    assert cells(page, "Due in the next 30 days") == ["1"]
    assert cells(page, "With accepted evidence") == ["2 of 4"]
    assert cells(page, "With accepted evidence of impact") == ["1 of 4"]
    assert cells(page, "Retired") == ["1"]
    # Per weakness: actions, open, complete, signed off, overdue, stale, due soon, with evidence, with impact.
    assert cells(page, "Weakness 1")[:9] == [
        "2", "1", "1", "0", "1 overdue for Weakness 1", "0", "0", "1 of 2", "0 of 2"
    ]
    assert cells(page, "Weakness 2")[:9] == ["2", "1", "1", "0", "0", "1", "1", "1 of 2", "0 of 2"]
    assert cells(page, "Weakness 3")[:9] == ["1", "0", "0", "1", "0", "0", "0", "1 of 1", "1 of 1"]
    # Key dates: revisit 1 June 2026 is 137 days away; the WSoA deadline passed 209 days ago.
    assert "<strong>137 days</strong> to the next key date: revisit expected, 1 June 2026" in page
    assert "20 June 2025: Passed 209 days ago" in page
    assert "1 June 2026: 137 days to go" in page
    # The RAG chart and its table agree: weakness 1 has 1 red and 1 amber.
    assert "Weakness 1: 1 red, 1 amber, 0 green, 0 not rated (2 actions)." in page
    assert "Weakness 3: 0 red, 0 amber, 1 green, 0 not rated (1 action)." in page
    assert 'role="img"' in page and "<title id=\"rag-chart-title\">" in page
    # Completion against plan: by the end of February 2026, 4 due and 2 complete.
    assert cells(page, "February 2026") == ["4", "2"]
    assert cells(page, "July 2025") == ["0", "1"]
    assert cells(page, "December 2025") == ["3", "2"]


def test_what_changed_since_a_chosen_date(client, known, frozen):
    sign_in(client, known.manager)
    page = assert_page(
        client.get(f"/inspections/{known.inspection_id}/dashboard?since=1&since=10&since=2025"),
        "Dashboard for Westmarsh",
    )
    assert "What changed since 1 October 2025" in page
    counts = dict(
        re.findall(
            r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
            r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
            page,
            re.S,
        )
    )
    assert counts["Actions created"] == "0"
    assert counts["Progress updates posted"] == "2"
    assert counts["Status changes"] == "4"  # 3.1 started, completed, signed off; 1.1 started
    assert counts["Evidence added"] == "1"
    assert counts["Evidence accepted"] == "1"
    assert counts["Actions signed off"] == "1"
    everything = client.get(f"/inspections/{known.inspection_id}/dashboard?since=1&since=4&since=2025").get_data(
        as_text=True
    )
    assert re.search(r"Actions created\s*</dt>\s*<dd[^>]*>\s*5\s*<", everything)


def test_a_wrong_since_date_is_an_error_on_the_page(client, known, frozen):
    sign_in(client, known.manager)
    response = client.get(f"/inspections/{known.inspection_id}/dashboard?since=30&since=2&since=2025")
    page = assert_page(response, "Dashboard for Westmarsh")
    assert "<title>Error: Dashboard for Westmarsh" in page
    assert "must be a real date" in page


def test_readiness_lists_what_inspectors_would_find(client, known, frozen):
    sign_in(client, known.viewer)
    page = assert_page(client.get(f"/inspections/{known.inspection_id}/readiness"), "Revisit readiness for Westmarsh")
    assert cells(page, "Overdue actions") == ["1"]
    assert cells(page, "without accepted evidence of impact") == ["1"]
    assert cells(page, "more than 6 months old") == ["1"]
    assert cells(page, "Significant weaknesses with nothing signed off") == ["2"]
    assert "Overdue by 45 days" in page
    assert "Newest accepted evidence is 259 days old" in page
    shorter = client.get(f"/inspections/{known.inspection_id}/readiness?months=3").get_data(as_text=True)
    assert cells(shorter, "more than 3 months old") == ["2"]  # 3.1's survey, as at 1 October, is too old now
    only = client.get(f"/inspections/{known.inspection_id}/readiness?problem=nothing_signed_off").get_data(as_text=True)
    assert "Weakness 1</a>" in only and "Weakness 2</a>" in only and "Weakness 3</a>" not in only
    wrong = client.get(f"/inspections/{known.inspection_id}/readiness?months=0").get_data(as_text=True)
    assert "<title>Error: " in wrong and "between 1 and 60" in wrong


def test_owner_workload(client, known, frozen):
    sign_in(client, known.viewer)
    page = assert_page(client.get(f"/inspections/{known.inspection_id}/owners"), "Workload by owner for Westmarsh")
    # actions, open, overdue, stale, due soon, signed off
    assert cells(page, "Olu Adebayo") == ["2", "1", "1", "0", "0", "1"]
    assert cells(page, "Priya Shah") == ["2", "1", "0", "1", "1", "0"]
    assert cells(page, "NHS Westmarsh ICB") == ["1", "0", "0", "0", "0", "0"]
    assert cells(page, "Westmarsh Voices") == ["1", "0", "0", "0", "0", "0"]
    assert "No lead yet" not in page  # 2.2 has no lead but is retired
    by_overdue = client.get(f"/inspections/{known.inspection_id}/owners?sort=stale").get_data(as_text=True)
    assert by_overdue.index("Priya Shah") < by_overdue.index("Olu Adebayo")


def test_action_list_filters_sorts_searches_and_keeps_its_values(client, known, frozen):
    sign_in(client, known.viewer)
    url = f"/inspections/{known.inspection_id}/dashboard/actions"

    def references(query: str = "") -> list[str]:
        page = client.get(url + query).get_data(as_text=True)
        return re.findall(r'<td class="govuk-table__cell">(\d+\.\d+)</td>', page)

    assert references() == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert references(f"?weakness={known.weaknesses[2]}") == ["1.2", "2.1", "2.2"]
    assert references(f"?lead={known.olu.id}") == ["1.1", "3.1"]
    assert references("?lead=none") == ["2.2"]
    assert references("?status=complete") == ["1.2"]
    assert references("?rag=not_rated") == ["2.1", "2.2"]
    assert references("?flag=overdue") == ["1.1"]
    assert references("?flag=stale") == ["2.1"]
    assert references("?sort=due") == ["1.2", "3.1", "1.1", "2.1", "2.2"]
    assert references("?q=caseworkers") == ["1.1"]  # from the update text
    assert references("?q=SPEECH") == ["1.2"]  # from the title, any case
    assert references("?q=100%25") == []  # % is matched literally
    page = client.get(url + "?q=caseworkers&status=in_progress&sort=due").get_data(as_text=True)
    assert 'value="caseworkers"' in page
    assert '<option value="in_progress" selected>' in page
    assert '<option value="due" selected>' in page


def test_pagination_keeps_the_filters(app, client, frozen):
    known = build_known_plan(app)
    with app.app_context():
        from wsoa.actions.services import ActionDetails, create_action
        from wsoa.models import Inspection, User

        inspection = db.session.get(Inspection, known.inspection_id)
        boss = db.session.get(User, known.manager.id)
        for number in range(30):
            create_action(boss, inspection, ActionDetails(title=f"Extra {number}", finding_ids=[known.weaknesses[3]]))
    sign_in(client, known.viewer)
    url = f"/inspections/{known.inspection_id}/dashboard/actions?weakness={known.weaknesses[3]}"
    first = client.get(url).get_data(as_text=True)
    assert "Showing actions 1 to 25 of 31" in first
    assert 'aria-label="Actions pages"' in first
    assert f"weakness={known.weaknesses[3]}&amp;page=2" in first
    second = client.get(url + "&page=2").get_data(as_text=True)
    assert "Showing actions 26 to 31 of 31" in second


def test_the_overview_has_a_row_per_area_the_user_belongs_to(app, client, frozen):
    known = build_known_plan(app)
    other = build_known_plan(app, "Otherton")
    sign_in(client, known.viewer)
    page = assert_page(client.get("/dashboard"), "Dashboard")
    assert "Westmarsh" in page and "Otherton" not in page
    # actions, signed off, overdue, stale, red, next key date
    assert cells(page, "Westmarsh")[:5] == ["4", "1", "1", "1", "1"]
    assert "Revisit expected: 1 June 2026 (137 days to go)" in page
    admin = make_user(app, role="admin")
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    page = admin_client.get("/dashboard").get_data(as_text=True)
    assert "Westmarsh" in page and "Otherton" in page
    assert other.area == "Otherton"


def test_another_areas_dashboard_is_hidden(app, client, known, frozen):
    outsider = build_known_plan(app, "Otherton")
    sign_in(client, outsider.viewer)
    for path in ("dashboard", "dashboard/actions", "readiness", "owners", "tracker.csv", "tracker.xlsx"):
        assert client.get(f"/inspections/{known.inspection_id}/{path}").status_code == 404, path


def grow_plan(app, known) -> None:
    """Twenty more actions, each with a lead, a partner person and organisation, an update and evidence."""
    from wsoa.actions.evidence import EvidenceDetails, add_evidence
    from wsoa.actions.services import ActionDetails, UpdateDetails, create_action, post_update
    from wsoa.models import Inspection, User
    from wsoa.storage import LocalStorage

    with app.app_context():
        inspection = db.session.get(Inspection, known.inspection_id)
        boss = db.session.get(User, known.manager.id)
        for number in range(20):
            action = create_action(
                boss,
                inspection,
                ActionDetails(
                    title=f"More {number}",
                    finding_ids=[known.weaknesses[1 + number % 3]],
                    lead_id=known.olu.id if number % 2 else known.priya.id,
                    partner_user_ids=[known.priya.id if number % 2 else known.olu.id],
                    partner_organisations=[f"Partner {number % 4}"],
                ),
            )
            post_update(boss, action, UpdateDetails("green", "Fine", "Did things"), action.version)
            add_evidence(
                boss,
                action,
                EvidenceDetails("impact", "Survey", datetime(2026, 1, 1).date(), link_url="https://example.org/s"),
                LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
                app.config["EVIDENCE_MAX_BYTES"],
                action.version,
            )


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("manager", "/inspections/{inspection}"),
        ("manager", "/inspections/{inspection}/actions"),
        ("manager", "/inspections/{inspection}/dashboard"),
        ("manager", "/inspections/{inspection}/dashboard/actions?q=plans"),
        ("manager", "/inspections/{inspection}/readiness"),
        ("manager", "/inspections/{inspection}/owners"),
        ("manager", "/inspections/{inspection}/tracker.xlsx"),
        ("manager", "/inspections/{inspection}/tracker.csv"),
        ("olu", "/my-actions"),
    ],
)
def test_each_page_runs_the_same_number_of_statements_however_big_the_plan(app, client, frozen, who, path):
    known = build_known_plan(app)
    sign_in(client, getattr(known, who))
    url = path.format(inspection=known.inspection_id)
    client.get(url)  # warm: anything loaded once per process is loaded now
    small = statements_for(app, client, url)
    grow_plan(app, known)
    large = statements_for(app, client, url)
    assert small == large, (small, large)
    assert large <= 16, large


def test_the_overview_runs_the_same_number_of_statements_however_many_areas_it_shows(app, client, frozen):
    build_known_plan(app)
    admin = make_user(app, role="admin")
    sign_in(client, admin)
    client.get("/dashboard")
    one_area = statements_for(app, client, "/dashboard")
    build_known_plan(app, "Otherton")
    build_known_plan(app, "Northby")
    assert statements_for(app, client, "/dashboard") == one_area


def test_the_dashboard_counts_what_waits_for_a_manager(client, known, frozen):
    sign_in(client, known.manager)
    page = client.get(f"/inspections/{known.inspection_id}/dashboard").get_data(as_text=True)
    assert cells(page, "Evidence to review") == ["0"]
    assert cells(page, "Actions to sign off or return") == ["1"]  # 1.2 is complete, awaiting sign-off
