"""One action carries the same flags wherever it appears: its page, the dashboard, the digest and the tracker."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import sign_in
from tests.reminder_factories import set_action
from wsoa.extensions import db
from wsoa.models import LocalArea
from wsoa.reminders.message import KIND_DIGEST
from wsoa.reminders.runs import compose_for
from wsoa.reminders.sending import Settings
from wsoa.reminders.snapshot import load_snapshot
from wsoa.vocabulary import FLAG_DUE_SOON, FLAG_OVERDUE, FLAG_STALE

TODAY = date.today()
RECENTLY = datetime.combine(TODAY - timedelta(days=1), datetime.min.time())
# The area's own rules, unlike the defaults: due within 20 days is due soon; no update for 10 days is stale.
DUE_SOON_DAYS, STALE_AFTER_DAYS = 20, 10
EXPECTED = {
    "Overdue by five days": {FLAG_OVERDUE},
    "Due in fifteen days": {FLAG_DUE_SOON},
    "Quiet for eleven days": {FLAG_STALE},
    "Nothing to flag": set(),
}
DIGEST_HEADINGS = {
    "Overdue": FLAG_OVERDUE,
    f"Due in the next {DUE_SOON_DAYS} days": FLAG_DUE_SOON,
    "No recent progress update": FLAG_STALE,
}
TRACKER_WORDS = {"Overdue": FLAG_OVERDUE, "Due soon": FLAG_DUE_SOON, "No update": FLAG_STALE}


@pytest.fixture
def plan(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    lead = make_user(app, role="officer", area="Westmarsh")
    actions = make_actions(app, inspection, manager, lead=lead)
    with app.app_context():
        area = db.session.query(LocalArea).one()
        area.due_soon_days, area.stale_after_days = DUE_SOON_DAYS, STALE_AFTER_DAYS
        db.session.commit()
    dates = {
        "Overdue by five days": (TODAY - timedelta(days=5), RECENTLY),
        "Due in fifteen days": (TODAY + timedelta(days=15), RECENTLY),
        "Quiet for eleven days": (TODAY + timedelta(days=60), RECENTLY - timedelta(days=10)),
        "Nothing to flag": (TODAY + timedelta(days=25), RECENTLY),  # due soon by any 30-day rule
    }
    ids = {}
    for action, (title, (due, updated)) in zip(actions, dates.items(), strict=False):
        set_action(app, action.id, title=title, due_date=due, last_update_at=updated, status="in_progress")
        ids[title] = action.id
    return inspection.id, ids, manager, lead


def _on_action_pages(client, ids) -> dict[str, set[str]]:
    return {
        title: set(re.findall(r'data-flag="(\w+)"', client.get(f"/actions/{action_id}").get_data(as_text=True)))
        for title, action_id in ids.items()
    }


def _on_the_dashboard(client, inspection_id, ids) -> dict[str, set[str]]:
    flags = {title: set() for title in ids}
    for flag in (FLAG_OVERDUE, FLAG_DUE_SOON, FLAG_STALE):
        page = client.get(f"/inspections/{inspection_id}/dashboard/actions?flag={flag}").get_data(as_text=True)
        for title in ids:
            if title in page:
                flags[title].add(flag)
    return flags


def _in_the_digest(app, lead) -> dict[str, set[str]]:
    with app.app_context():
        snapshot = load_snapshot()
        recipient = next(r for r in snapshot.recipients if r.user_id == lead.id)
        settings = Settings.from_config(app.config)
        email = compose_for(snapshot, settings, recipient, KIND_DIGEST, TODAY.isoformat(), TODAY)
    flags = {title: set() for title in EXPECTED}
    heading = None
    for line in email.text.splitlines():
        named = [flag for words, flag in DIGEST_HEADINGS.items() if line.startswith(words + " (")]
        if named:
            heading = named[0]
        elif line.startswith("- ") and heading:
            flags[next(title for title in EXPECTED if title in line)].add(heading)
    return flags


def _in_the_tracker(client, inspection_id) -> dict[str, set[str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/inspections/{inspection_id}/tracker.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Reference")
    header = rows[header_at]
    flags = {}
    for row in rows[header_at + 1 :]:
        values = dict(zip(header, row, strict=False))
        if values["Action"] in EXPECTED:
            words = values["Flags"] or ""
            flags[values["Action"]] = {flag for start, flag in TRACKER_WORDS.items() if start in words}
    return flags


def test_the_action_page_shows_the_areas_flags(app, client, plan):
    _, ids, manager, _ = plan
    sign_in(client, manager)
    assert _on_action_pages(client, ids) == EXPECTED


def test_the_dashboard_filters_find_the_same_flags(app, client, plan):
    inspection_id, ids, manager, _ = plan
    sign_in(client, manager)
    assert _on_the_dashboard(client, inspection_id, ids) == EXPECTED


def test_the_digest_lists_each_action_under_the_same_flag(app, plan):
    _, _, _, lead = plan
    assert _in_the_digest(app, lead) == EXPECTED


def test_the_tracker_row_carries_the_same_flags(app, client, plan):
    inspection_id, _, manager, _ = plan
    sign_in(client, manager)
    assert _in_the_tracker(client, inspection_id) == EXPECTED
