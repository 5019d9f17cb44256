"""The API's reads run a fixed number of SQL statements, however long an action's history, a plan's list or an
inspection's cycle."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.api_factories import bearer
from tests.cycle_factories import as_service, finding_ids, judge_findings, open_plan, revisit
from tests.factories import make_user
from tests.pages import statements_for
from wsoa.actions.measures import Measurement, record_measure
from wsoa.actions.services import ActionDetails, UpdateDetails, add_comment, add_milestone, create_action, post_update
from wsoa.extensions import db
from wsoa.inspections.cycle import INSUFFICIENT
from wsoa.models import Action, Inspection, User


def write_on(app, world, people: int) -> None:
    """More people write on the first action (updates, comments, measured values, milestones) and partner on
    it, and the plan gains an action led by each of them."""
    writers = [make_user(app, role="officer", area="Westmarsh") for _ in range(people)]
    with app.app_context():
        manager = db.session.get(User, world.manager_id)
        action = db.session.get(Action, world.own.action_ids[0])
        inspection = db.session.get(Inspection, world.own.inspection_id)
        for number, writer in enumerate(writers, start=1):
            person = db.session.get(User, writer.id)
            action.partner_users.append(person)
            db.session.commit()
            post_update(person, action, UpdateDetails("amber", "Slow", f"Step {number}"), action.version)
            add_comment(person, action, f"Noted {number}.")
            measured = Measurement(date(2026, 1, 1) + timedelta(days=person.id), 40.0 + number, "Audit")
            record_measure(person, action, measured, action.version)
            add_milestone(person, action, f"Stage {number}", date(2026, 6, number), action.version)
            create_action(
                manager,
                inspection,
                ActionDetails(
                    title=f"More {number}",
                    finding_ids=[finding.id for finding in action.findings],
                    lead_id=writer.id,
                    partner_user_ids=[world.lead_id],
                    partner_organisations=[f"Partner {number}"],
                ),
            )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/actions/{action}",
        "/api/v1/actions/{action}/updates",
        "/api/v1/actions/{action}/milestones",
        "/api/v1/actions/{action}/measures",
        "/api/v1/actions/{action}/evidence",
        "/api/v1/inspections/{inspection}/actions",
        "/api/v1/inspections/{inspection}",
    ],
)
def test_each_read_runs_the_same_statements_however_much_there_is_to_read(app, client, world, path):
    url = path.format(action=world.own.action_ids[0], inspection=world.own.inspection_id)
    headers = bearer(world.reader)
    write_on(app, world, people=1)
    client.get(url, headers=headers)  # the token's first use today is written to the audit trail
    before = statements_for(app, client, url, headers=headers)
    write_on(app, world, people=3)
    assert statements_for(app, client, url, headers=headers) == before


@pytest.mark.parametrize("path", ["/plans", "/plans/1/judgements"])
def test_the_cycle_reads_run_the_same_statements_however_many_plans_and_judgements(app, client, world, path):
    url = f"/api/v1/inspections/{world.own.inspection_id}{path}"
    headers = bearer(world.reader)
    manager, inspection = SimpleNamespace(id=world.manager_id), SimpleNamespace(id=world.own.inspection_id)
    weaknesses = finding_ids(app, inspection, "significant_weakness")
    as_service(app, manager, inspection, revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19)))
    as_service(app, manager, inspection, judge_findings({weaknesses[0]: INSUFFICIENT}))
    client.get(url, headers=headers)  # the token's first use today is written to the audit trail
    before = statements_for(app, client, url, headers=headers)
    as_service(app, manager, inspection, judge_findings({w: INSUFFICIENT for w in weaknesses}))
    as_service(app, manager, inspection, open_plan([], date(2026, 1, 5)))
    assert statements_for(app, client, url, headers=headers) == before
