"""A plan to write a statement from, and evidence in the states an evidence pack cares about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask

from tests.factories import ActionData, InspectionData, UserData, make_actions, make_inspection, make_user
from wsoa.actions.evidence import EvidenceDetails, add_evidence, review_evidence, withdraw_evidence
from wsoa.extensions import db
from wsoa.models import Action, Evidence, User
from wsoa.storage import storage_for


@dataclass(frozen=True)
class StatementPlan:
    inspection: InspectionData
    manager: UserData
    lead: UserData
    actions: list[ActionData]  # one per trackable finding: Weakness 1 to 4, then Area for development 5 to 13

    def action(self, reference: str) -> ActionData:
        return next(a for a in self.actions if a.reference == reference)


def build_statement_plan(app: Flask, area: str = "Westmarsh") -> StatementPlan:
    """The demo letter's plan: a draft action for each of its 4 weaknesses and 9 areas for development, all led
    by one officer."""
    inspection = make_inspection(app, area)
    manager = make_user(app, role="manager", area=area)
    lead = make_user(app, role="officer", area=area)
    return StatementPlan(inspection, manager, lead, make_actions(app, inspection, manager, lead=lead))


def add_evidence_item(
    app: Flask,
    action_id: int,
    author: UserData,
    description: str,
    *,
    data: bytes = b"",
    filename: str = "",
    link_url: str = "",
    kind: str = "activity",
    as_at: date = date(2026, 1, 10),
    accepted_by: UserData | None = None,
    returned_by: UserData | None = None,
    withdrawn: bool = False,
) -> int:
    """Evidence added by `author`, then accepted or returned (and perhaps withdrawn) by a manager."""
    with app.app_context():
        action = db.session.get(Action, action_id)
        item = add_evidence(
            db.session.get(User, author.id),
            action,
            EvidenceDetails(kind=kind, description=description, as_at=as_at, link_url=link_url, filename=filename,
                            data=data),
            storage_for(app),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        reviewer = accepted_by or returned_by
        if reviewer is not None:
            review_evidence(db.session.get(User, reviewer.id), item, accept=accepted_by is not None,
                            comment="" if accepted_by else "Add the date", expected_version=action.version)
        if withdrawn:
            withdraw_evidence(db.session.get(User, author.id), item, action.version)
        return item.id


def storage_key_of(app: Flask, evidence_id: int) -> str:
    with app.app_context():
        return db.session.get(Evidence, evidence_id).storage_key
