"""Test data for the inspection cycle after the plan (issue 12), built on tests/factories.py. Plain values out.

The cycle's page tests are frozen at TODAY; the facts before it are arranged through the services (`as_service`
with one of the changes below), as a manager would have recorded them on earlier days."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import func, select

from tests.factories import InspectionData, UserData
from wsoa.extensions import db
from wsoa.inspections.cycle_services import (
    open_follow_on_plan,
    record_decision,
    record_judgements,
    record_revisit,
    record_submission,
)
from wsoa.models import Action, AuditEvent, Finding, Inspection, ProgressJudgement, User

TODAY = date(2026, 1, 15)


def day(when: date) -> list[str]:
    """A date as the three parts the Design System's date input posts."""
    return [str(when.day), str(when.month), str(when.year)]


def finding_ids(app: Flask, inspection: InspectionData, kind: str) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Finding.id)
                .where(Finding.inspection_id == inspection.id, Finding.kind == kind)
                .order_by(Finding.position)
            )
        )


def judgements_stored(app: Flask, inspection: InspectionData, plan_number: int = 1) -> dict[int, str]:
    with app.app_context():
        return dict(
            db.session.execute(
                select(ProgressJudgement.finding_id, ProgressJudgement.progress).where(
                    ProgressJudgement.inspection_id == inspection.id, ProgressJudgement.plan_number == plan_number
                )
            ).all()
        )


def count(app: Flask, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def audit_count(app: Flask) -> int:
    return count(app, AuditEvent)


def as_service(app: Flask, user: UserData, inspection: InspectionData, change):
    """Arrange a fact through the service, as the manager would have on an earlier day."""
    with app.app_context():
        return change(db.session.get(User, user.id), db.session.get(Inspection, inspection.id))


def submit(on: date):
    return lambda user, inspection: record_submission(user, inspection, on, "", TODAY)


def decide(decision, on: date, by: date | None = None):
    return lambda user, inspection: record_decision(user, inspection, decision, on, by, "", TODAY)


def revisit(notice: date, start: date, end: date, letter: date | None = None):
    """The current plan's visit: the revisit, or a follow-on plan's own once it is open."""
    return lambda user, inspection: record_revisit(user, inspection, notice, start, end, letter, TODAY)


def judge_findings(progress: dict[int, str]):
    """The current plan's visit's judgements, each with words naming its finding."""
    chosen = {finding: (value, f"Words on {finding}") for finding, value in progress.items()}
    return lambda user, inspection: record_judgements(user, inspection, chosen)


def judge(app: Flask, inspection: InspectionData, progress: list[str]):
    """The revisit's judgement on each of the inspection's significant weaknesses, in order."""
    weaknesses = finding_ids(app, inspection, "significant_weakness")
    return judge_findings(dict(zip(weaknesses, progress, strict=True)))


def open_plan(carry_over: list[int], on: date = TODAY):
    """Open the plan after the current one, carrying these actions over as they stand."""

    def change(user, inspection):
        versions = dict(db.session.execute(select(Action.id, Action.version).where(Action.id.in_(carry_over))).all())
        return open_follow_on_plan(user, inspection, carry_over, on, versions).id

    return change
