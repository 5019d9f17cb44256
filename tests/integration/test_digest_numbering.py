"""A finding's number in an email is its number on the action plan."""

from tests.factories import make_actions, make_inspection, make_user
from wsoa.actions.services import finding_numbers
from wsoa.extensions import db
from wsoa.models import Inspection
from wsoa.reminders.snapshot import load_snapshot


def test_the_countdown_numbers_findings_as_the_plan_does_weaknesses_first(app, app_context):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    make_actions(app, inspection, manager)
    (membership,) = load_snapshot({manager.id}).memberships[manager.id]
    progress = membership.area.findings[inspection.id]
    row = db.session.get(Inspection, inspection.id)
    plan = {finding.text: number for finding, number in ((f, finding_numbers(row).get(f.id)) for f in row.findings)}
    assert [p.number for p in progress] == list(range(1, 14))
    assert all(plan[p.text] == p.number for p in progress)
    assert progress[0].text.startswith("the timeliness, quality and review of EHC plans")  # a significant weakness
