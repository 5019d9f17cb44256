"""Build test data in the database. Each factory opens its own app context and returns plain values,
so tests never hold ORM objects across requests."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from pathlib import Path

from flask import Flask

from wsoa.auth.services import create_user
from wsoa.extensions import db
from wsoa.inspections.services import import_letter
from wsoa.letters import read_document
from wsoa.models import LocalArea

DEMO_LETTER = Path(__file__).resolve().parent.parent / "wsoa" / "demo" / "westmarsh-letter.txt"
PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only
_sequence = count(1)


@dataclass(frozen=True)
class UserData:
    id: int
    email: str
    password: str


@dataclass(frozen=True)
class InspectionData:
    id: int
    local_area: str
    finding_count: int


def make_area(app: Flask, name: str | None = None) -> str:
    name = name or f"Test Area {next(_sequence)}"
    with app.app_context():
        db.session.add(LocalArea(name=name))
        db.session.commit()
    return name


def make_user(app: Flask, role: str = "manager", area: str | None = None, email: str | None = None) -> UserData:
    email = email or f"person{next(_sequence)}@example.gov.uk"
    with app.app_context():
        user = create_user(email, "Test Person", PASSWORD, role, area)
        return UserData(id=user.id, email=user.email, password=PASSWORD)


def letter_text(local_area: str = "Westmarsh") -> str:
    """The demo letter, renamed so each test can have an area of its own."""
    return DEMO_LETTER.read_text(encoding="utf-8").replace("Westmarsh", local_area)


def make_inspection(app: Flask, local_area: str = "Westmarsh") -> InspectionData:
    letter = read_document(letter_text(local_area).encode("utf-8"))
    with app.app_context():
        result = import_letter(letter, source_filename="letter.txt")
        return InspectionData(
            id=result.inspection.id,
            local_area=result.inspection.local_area.name,
            finding_count=len(result.inspection.findings),
        )




@dataclass(frozen=True)
class ActionData:
    id: int
    inspection_id: int
    reference: str


def make_actions(app: Flask, inspection: InspectionData, manager: UserData, lead: UserData | None = None,
                 partner: UserData | None = None) -> list[ActionData]:
    """As the manager, seed a draft action for every trackable finding; give each the lead and partner, if any."""
    from wsoa.actions.services import seed_actions, trackable_findings
    from wsoa.models import Action, Inspection, User

    with app.app_context():
        inspection_row = db.session.get(Inspection, inspection.id)
        seeder = db.session.get(User, manager.id)
        actions = seed_actions(seeder, inspection_row, [f.id for f in trackable_findings(inspection_row)])
        for action in actions:
            action.lead_id = lead.id if lead else None
            if partner:
                action.partner_users.append(db.session.get(User, partner.id))
        db.session.commit()
        return [ActionData(a.id, a.inspection_id, a.reference)
                for a in db.session.query(Action).filter_by(inspection_id=inspection.id).order_by(Action.id)]
