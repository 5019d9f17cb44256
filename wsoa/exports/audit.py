"""The audit trail as rows for a CSV file."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Action, AuditEvent, User
from ..permissions import can_manage_area, require

AUDIT_HEADER = ["When (UTC)", "Who", "Email", "Event", "Action", "Summary", "Changes (old, new)"]


def audit_events_for_area(user: User, local_area_id: int) -> list[AuditEvent]:
    require(can_manage_area(user, local_area_id), "Only a manager of this area can export its audit trail.")
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.local_area_id == local_area_id)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.id)
        )
    )


def audit_rows(events: list[AuditEvent], references: dict[int, str]) -> list[list[str]]:
    return [
        [
            event.at.strftime("%Y-%m-%d %H:%M:%S"),
            event.actor.name if event.actor else "",
            event.actor.email if event.actor else "",
            event.event,
            references.get(event.action_id, "") if event.action_id else "",
            event.summary,
            json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
        ]
        for event in events
    ]


def action_references(local_area_id: int) -> dict[int, str]:
    rows = db.session.execute(select(Action.id, Action.reference).where(Action.local_area_id == local_area_id))
    return dict(rows.tuples().all())
