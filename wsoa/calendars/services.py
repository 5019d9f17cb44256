"""Secret calendar addresses: made, replaced and stopped by their owner; looked up by their token.

A person has at most one live address for their own calendar (what they lead or partner on: due dates and
milestones) and one for each area they belong to (its key dates, the revisit, meetings). Only a hash of the
token is stored (the API tokens' hash); making a new address stops the old one at once. Creation and
revocation are audited. Services: they take the acting user and plain values, and import no views.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union

from .. import audit
from ..api.tokens import hash_token
from ..extensions import db
from ..inspections.cycle import MEETING_NAMES
from ..inspections.cycle_services import cycles_of
from ..inspections.key_dates import MEETING_CODES, key_dates
from ..models import (
    FEED_AREA,
    FEED_PERSONAL,
    Action,
    AuditEvent,
    BoardMeeting,
    CalendarFeed,
    CycleMeeting,
    Inspection,
    LocalArea,
    Milestone,
    User,
    action_partner_user,
)
from ..permissions import can_view_area, require
from ..refusal import Refusal
from ..vocabulary import CLOSED_STATUSES
from .feeds import FeedEvent

TOKEN_PREFIX = "wsoa_cal_"  # noqa: S105 - the public start of every calendar token, not a secret
RAW_TOKEN_MAX_LENGTH = 200
# Changes that move an area feed's events: each is in the audit trail, which is never edited, so their count only
# ever rises and serves as the feed's SEQUENCE.
AREA_DATE_EVENTS = (
    "inspection.key_dates_changed",
    "statement.submitted",
    "statement.decided",
    "revisit.recorded",
    "meeting.recorded",
)


class FeedError(Refusal):
    """A plain-English reason the address could not be made or stopped; nothing was changed."""


@dataclass(frozen=True)
class IssuedFeed:
    token: str
    row: CalendarFeed


def _describe(feed: CalendarFeed) -> str:
    return "your own calendar" if feed.scope == FEED_PERSONAL else f"the calendar for {feed.local_area.name}"


def live_feeds_of(user: User) -> list[CalendarFeed]:
    return list(
        db.session.scalars(
            select(CalendarFeed)
            .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.scope.desc(), CalendarFeed.local_area_id)
        )
    )


def own_feed(user: User, feed_id: int) -> CalendarFeed | None:
    """The address if it is the user's and still works; None whether it is missing, stopped or someone else's."""
    feed = db.session.get(CalendarFeed, feed_id)
    if feed is None or feed.user_id != user.id or feed.revoked_at is not None:
        return None
    return feed


def _stop(user: User, feed: CalendarFeed, now: datetime, why: str) -> None:
    feed.revoked_at = now
    audit.record(
        "calendar_feed.revoked",
        user,
        local_area_id=feed.local_area_id,
        summary=f"Calendar address for {_describe(feed)} stopped ({why})",
        changes={"revoked_at": [None, now.isoformat()]},
    )


def make_feed(user: User, scope: str, area: LocalArea | None, now: datetime) -> IssuedFeed:
    """A new secret address; the person's previous one for the same calendar stops at once."""
    if scope == FEED_PERSONAL:
        area = None
    elif scope == FEED_AREA:
        require(area is not None and can_view_area(user, area.id), "Only a member of this area can follow it.")
    else:
        raise FeedError("Choose which calendar to follow")
    area_id = area.id if area else None
    for old in live_feeds_of(user):
        if old.scope == scope and old.local_area_id == area_id:
            _stop(user, old, now, "replaced by a new address")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = CalendarFeed(
        user_id=user.id, scope=scope, local_area_id=area_id, token_hash=hash_token(token), created_at=now
    )
    row.local_area = area
    db.session.add(row)
    db.session.flush()
    audit.record(
        "calendar_feed.created",
        user,
        local_area_id=area_id,
        summary=f"Calendar address made for {_describe(row)}",
        changes={"scope": [None, scope]},
    )
    db.session.commit()
    return IssuedFeed(token, row)


def stop_feed(user: User, feed: CalendarFeed, now: datetime) -> None:
    if feed.user_id != user.id:
        raise FeedError("You can only stop your own calendar addresses")
    if feed.revoked_at is not None:
        raise FeedError("This address has already stopped")
    _stop(user, feed, now, "by its owner")
    db.session.commit()


def feed_for_token(raw: str) -> CalendarFeed | None:
    """The live feed this token opens; None for an unknown or stopped token, a switched-off account, or an area
    the person no longer belongs to. Reads only."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > RAW_TOKEN_MAX_LENGTH:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(raw)))
    if feed is None or feed.revoked_at is not None or not feed.user.active:
        return None
    if feed.scope == FEED_AREA and not can_view_area(feed.user, feed.local_area_id):
        return None
    return feed


# -- What each feed holds -------------------------------------------------------------------------------------


def personal_events(user: User, uid_domain: str, base_url: str) -> list[FeedEvent]:
    """Due dates and open milestones of the open actions the person leads or partners on, in areas they belong to."""
    theirs = union(
        select(Action.id).where(Action.lead_id == user.id),
        select(action_partner_user.c.action_id).where(action_partner_user.c.user_id == user.id),
    )
    actions = [
        action
        for action in db.session.scalars(
            select(Action).where(Action.id.in_(theirs), Action.status.not_in(CLOSED_STATUSES))
        )
        if can_view_area(user, action.local_area_id)
    ]
    by_id = {action.id: action for action in actions}
    events = [
        FeedEvent(
            uid=f"action-{action.id}-due@{uid_domain}",
            summary=f"Due: {action.reference} {action.title}",
            start=action.due_date,
            sequence=action.version,
            description=f"{action.local_area.name}. The action is due.",
            url=f"{base_url}/actions/{action.id}",
        )
        for action in actions
        if action.due_date is not None
    ]
    for milestone in db.session.scalars(
        select(Milestone).where(Milestone.action_id.in_(by_id), Milestone.done_on.is_(None))
    ):
        action = by_id[milestone.action_id]
        events.append(
            FeedEvent(
                uid=f"milestone-{milestone.id}@{uid_domain}",
                summary=f"Milestone: {milestone.title} ({action.reference})",
                start=milestone.due_date,
                sequence=action.version,  # a milestone's change moves its action's version
                description=f"{action.local_area.name}. A milestone of {action.reference} {action.title}.",
                url=f"{base_url}/actions/{action.id}",
            )
        )
    return events


def area_sequence(area_id: int) -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.local_area_id == area_id, AuditEvent.event.in_(AREA_DATE_EVENTS)
        )
    )


def area_events(area: LocalArea, uid_domain: str, base_url: str) -> list[FeedEvent]:
    """Every dated key date of the area's inspections (recorded, set or estimated, each with its working), the
    revisit's days on site, and its meetings."""
    sequence = area_sequence(area.id)
    inspections = list(db.session.scalars(select(Inspection).where(Inspection.local_area_id == area.id)))
    cycles = cycles_of(i.id for i in inspections)
    meeting_codes = set(MEETING_CODES.values())
    events = []
    for inspection in inspections:
        seen: Counter[str] = Counter()
        for key_date in key_dates(inspection, cycles[inspection.id]):
            if key_date.when is None or key_date.code in meeting_codes:
                continue
            seen[key_date.code] += 1  # a second submission is a second event: number them in date order
            events.append(
                FeedEvent(
                    uid=f"inspection-{inspection.id}-{key_date.code}-{seen[key_date.code]}@{uid_domain}",
                    summary=f"{area.name}: {key_date.name}",
                    start=key_date.when,
                    last_day=key_date.until,
                    sequence=sequence,
                    description=key_date.explanation,
                    url=f"{base_url}/inspections/{inspection.id}/cycle",
                )
            )
    for board_meeting in db.session.scalars(
        select(BoardMeeting).where(BoardMeeting.inspection_id.in_([i.id for i in inspections]))
    ):
        events.append(
            FeedEvent(
                uid=f"board-meeting-{board_meeting.id}@{uid_domain}",
                summary=f"{area.name}: SEND improvement board meeting",
                start=board_meeting.meeting_date,
                sequence=sequence,
                description="The board report for this meeting is on the plan's board meetings page.",
                url=f"{base_url}/inspections/{board_meeting.inspection_id}/board",
            )
        )
    for meeting in db.session.scalars(
        select(CycleMeeting).where(CycleMeeting.inspection_id.in_([i.id for i in inspections]))
    ):
        events.append(
            FeedEvent(
                uid=f"meeting-{meeting.id}@{uid_domain}",
                summary=f"{area.name}: {MEETING_NAMES[meeting.kind]}",
                start=meeting.held_on,
                sequence=sequence,
                description=meeting.note,
                url=f"{base_url}/inspections/{meeting.inspection_id}/cycle",
            )
        )
    return events
