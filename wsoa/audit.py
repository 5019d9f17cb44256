"""The audit trail: every change, sign-in and refusal, written in the same transaction as the change."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from .extensions import db
from .models import AuditEvent, User

logger = logging.getLogger("wsoa.audit")


def _plain(value: Any) -> Any:
    """JSON-safe old/new values: dates as ISO text, objects by their id or name."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "id"):
        return value.name
    return value


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for each field whose value differs."""
    return {
        field: [_plain(old.get(field)), _plain(value)]
        for field, value in new.items()
        if _plain(old.get(field)) != _plain(value)
    }


def record(
    event: str,
    actor: User | None,
    *,
    local_area_id: int | None = None,
    action_id: int | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction; it commits or rolls back with the change it describes."""
    entry = AuditEvent(
        event=event,
        actor_id=actor.id if actor is not None else None,
        local_area_id=local_area_id,
        action_id=action_id,
        summary=summary,
        changes=changes or {},
    )
    db.session.add(entry)
    logger.info("%s by %s: %s", event, actor.email if actor else "-", summary)
    return entry


def record_for_action(event: str, actor: User | None, action, summary: str, changes: dict | None = None) -> AuditEvent:
    """An event about one action: filed under the action and its area, so it shows in the action's history."""
    return record(
        event, actor, local_area_id=action.local_area_id, action_id=action.id, summary=summary, changes=changes
    )


def record_now(event: str, actor: User | None, **details) -> None:
    """For events that are not part of a change (sign-ins, refusals, downloads): commit at once."""
    record(event, actor, **details)
    db.session.commit()
