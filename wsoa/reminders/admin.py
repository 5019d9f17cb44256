"""The administrators' view of the delivery ledger: what was sent, what failed, resending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import (
    Delivery,
    DigestRun,
    Membership,
    User,
    utcnow,
)
from . import ledger
from .message import KIND_INVITATION
from .preferences import PreferenceError


def deliveries(status: str | None = None, area_id: int | None = None, limit: int = 200) -> list[Delivery]:
    query = (
        select(Delivery).options(selectinload(Delivery.user)).order_by(Delivery.claimed_at.desc(), Delivery.id.desc())
    )
    if status:
        query = query.where(Delivery.status == status)
    if area_id is not None:
        members = select(Membership.user_id).where(Membership.local_area_id == area_id)
        query = query.where(Delivery.user_id.in_(members))
    return list(db.session.scalars(query.limit(limit)))


def delivery_counts() -> dict[str, int]:
    from sqlalchemy import func

    return dict(db.session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all())


def recent_runs(limit: int = 10) -> list[DigestRun]:
    return list(db.session.scalars(select(DigestRun).order_by(DigestRun.id.desc()).limit(limit)))


def resend(actor: User, delivery_id: int, now: datetime | None = None) -> Delivery:
    """Deliberately send a failed or sent delivery again, on the next run. Audited."""
    from ..permissions import require

    require(actor.is_admin, "Only a site administrator can resend emails.")
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None:
        raise LookupError(delivery_id)
    if delivery.kind == KIND_INVITATION:
        raise PreferenceError(
            "An invitation cannot be resent from here: send a new link from the members page", "delivery"
        )
    if delivery.status not in ("sent", "failed", "skipped"):
        raise PreferenceError("Only a sent, failed or skipped email can be resent", "delivery")
    old_status = delivery.status
    ledger.queue_resend(db.session, delivery, now or utcnow(), f"Resend requested by {actor.name}")
    audit.record(
        "delivery.resend",
        actor,
        summary=f"Resend of the {delivery.kind} for {delivery.period} to {delivery.user.email} requested",
        changes={"status": [old_status, ledger.DELIVERY_QUEUED]},
    )
    db.session.commit()
    return delivery
