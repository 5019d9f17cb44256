"""Test data and look-ups for members, invitations, lockout and the audit trail.

Like tests/factories.py, each helper opens its own app context and returns plain values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from tests.factories import UserData
from wsoa.extensions import db
from wsoa.models import AuditEvent, Invitation, LocalArea, Membership, User

_sequence = count(1)


def _area_id(name: str) -> int:
    return db.session.scalar(select(LocalArea.id).where(LocalArea.name == name))


@dataclass(frozen=True)
class AuditRow:
    event: str
    actor_id: int | None
    local_area_id: int | None
    summary: str
    changes: dict


@dataclass(frozen=True)
class AccountState:
    failed_sign_ins: int
    locked_until: datetime | None
    has_password: bool


def area_id(app: Flask, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(LocalArea.id).where(LocalArea.name == name))


def join_area(app: Flask, user: UserData, area: str, role: str) -> None:
    with app.app_context():
        db.session.add(Membership(user_id=user.id, local_area_id=_area_id(area), role=role))
        db.session.commit()


def make_pending_member(
    app: Flask, area: str, role: str = "officer", name: str = "Pending Person"
) -> UserData:
    """A member who was added but has not set a password (and has no invitation)."""
    email = f"pending{next(_sequence)}@example.gov.uk"
    with app.app_context():
        user = User(email=email, name=name, password_hash=None)
        db.session.add(user)
        db.session.add(Membership(user=user, local_area_id=_area_id(area), role=role))
        db.session.commit()
        return UserData(id=user.id, email=email, password="")


def role_of(app: Flask, email: str, area: str) -> str | None:
    """The person's role in the area, or None if they are not a member."""
    with app.app_context():
        return db.session.scalar(
            select(Membership.role)
            .join(Membership.user)
            .where(User.email == email, Membership.local_area_id == _area_id(area))
        )


def user_exists(app: Flask, email: str) -> bool:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email)) is not None


def user_id_for(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def account_state(app: Flask, email: str) -> AccountState:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return AccountState(user.failed_sign_ins, user.locked_until, user.password_hash is not None)


def set_locked_until(app: Flask, email: str, when: datetime | None) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.locked_until = when
        db.session.commit()


def invitation_rows(app: Flask, email: str) -> list[Invitation]:
    """Detached copies: read their columns, not their relationships."""
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(Invitation).join(Invitation.user).where(User.email == email).order_by(Invitation.id)
            )
        )
        db.session.expunge_all()
        return rows


def set_invitations_expire_at(app: Flask, email: str, when: datetime) -> None:
    with app.app_context():
        for invitation in db.session.scalars(
            select(Invitation).join(Invitation.user).where(User.email == email)
        ):
            invitation.expires_at = when
        db.session.commit()


def audit_events(app: Flask, event: str | None = None) -> list[AuditRow]:
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if event is not None:
            query = query.where(AuditEvent.event == event)
        return [
            AuditRow(row.event, row.actor_id, row.local_area_id, row.summary, row.changes)
            for row in db.session.scalars(query)
        ]


_LINK = re.compile(r'id="invitation-link">\s*([^<\s]+)\s*<')


def invitation_path(page: str) -> str:
    """The path of the invitation link shown to the manager."""
    match = _LINK.search(page)
    assert match, "no invitation link on the page"
    return urlsplit(match.group(1)).path


def make_admin_and_sign_in(app: Flask, client) -> UserData:
    from tests.factories import make_user
    from tests.pages import sign_in

    admin = make_user(app, role="admin", email=f"admin{next(_sequence)}@site.example")
    sign_in(client, admin)
    return admin


def post_from(client, page: str, action: str, data: dict | None = None, **kwargs):
    """Post a form that lives on another page (like a button in a table) with that page's CSRF token."""
    from tests.pages import csrf_token

    return client.post(action, data={"csrf_token": csrf_token(client, page), **(data or {})}, **kwargs)
