"""Who belongs to a local area, with which role: listing, inviting, changing roles and removing.

Each function that changes something takes the acting user, checks they manage the area, and
writes the change and its audit event in one transaction. No Flask here: the views pass in the
settings and turn a new invitation's token into a link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit
from ..auth.services import email_format_problem, find_user_by_email, normalise_email, token_hash
from ..extensions import db
from ..models import (
    AREA_ROLES,
    ROLE_MANAGER,
    Action,
    Invitation,
    LocalArea,
    Membership,
    PendingMembership,
    User,
    utcnow,
)
from ..permissions import can_manage_area, can_view_area, require
from ..refusal import Refusal

DEFAULT_INVITATION_DAYS = 7
NAME_MAX_LENGTH = 200

ROLE_NAMES = {
    "viewer": "Viewer",
    "officer": "Officer",
    "manager": "Manager",
}
ROLE_DESCRIPTIONS = {
    "viewer": "Can see the area's inspection, actions and evidence, and change nothing.",
    "officer": "Can post progress updates and add evidence on the actions they lead or are a partner on.",
    "manager": "Can do everything in the area, including managing its members.",
}

STATUS_ACTIVE = "active"
STATUS_PENDING = "pending"
STATUS_EXPIRED = "expired"
STATUS_SWITCHED_OFF = "switched off"
STATUS_ASKED_TO_JOIN = "asked to join"  # has an account; not a member until they confirm

NOT_A_MANAGER = "Only a manager of this local area can manage its members."


class MemberError(Refusal):
    """A plain-English reason the change was refused; nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    email: str
    role: str
    status: str
    invitation_expires_at: datetime | None
    locked: bool = False
    job_title: str = ""
    organisation: str = ""

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    @property
    def may_reinvite(self) -> bool:
        return self.status in (STATUS_PENDING, STATUS_EXPIRED)

    @property
    def is_member(self) -> bool:
        """False for someone asked to join who has not confirmed: there is nothing to change or remove yet."""
        return self.status != STATUS_ASKED_TO_JOIN


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation, with the only copy of its token: turn it into a link and hand it over."""

    token: str
    email: str
    name: str
    area_name: str
    role: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedJoinRequest:
    """Someone with a password asked to join an area, with the only copy of the token for their confirmation link."""

    token: str
    user_id: int
    email: str
    name: str
    area_name: str
    role: str
    expires_at: datetime


@dataclass(frozen=True)
class InviteResult:
    email: str
    name: str
    role: str
    # A link to set a password, for someone new (or still without a password).
    invitation: IssuedInvitation | None
    # For someone who already has a password: they join only when they confirm by the emailed link.
    join_request: IssuedJoinRequest | None = None


# -- Finding the area and its members ---------------------------------------------------------


def visible_area(user: User, area_id: int) -> LocalArea | None:
    """The area if the user belongs to it (or is an administrator); None whether missing or not theirs."""
    area = db.session.get(LocalArea, area_id)
    if area is None or not can_view_area(user, area.id):
        return None
    return area


def membership_in(area: LocalArea, user_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership)
        .where(Membership.local_area_id == area.id, Membership.user_id == user_id)
        .options(selectinload(Membership.user))
    )


def require_manager(actor: User, area: LocalArea) -> None:
    require(can_manage_area(actor, area.id), NOT_A_MANAGER)


def _latest_open_invitations(user_ids: list[int]) -> dict[int, Invitation]:
    """Each user's most recent unused invitation, in any area."""
    latest: dict[int, Invitation] = {}
    if not user_ids:
        return latest
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.user_id.in_(user_ids), Invitation.used_at.is_(None))
        .order_by(Invitation.expires_at)
    )
    for invitation in invitations:
        latest[invitation.user_id] = invitation
    return latest


def _status(user: User, invitation: Invitation | None, now: datetime) -> str:
    if not user.active:
        return STATUS_SWITCHED_OFF
    if user.password_hash is not None:
        return STATUS_ACTIVE
    if invitation is not None and invitation.expires_at > now:
        return STATUS_PENDING
    return STATUS_EXPIRED


def members_of(actor: User, area: LocalArea, now: datetime | None = None) -> list[MemberRow]:
    """The area's members by name, each with their role and whether they can sign in yet."""
    require_manager(actor, area)
    now = now or utcnow()
    memberships = list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .where(Membership.local_area_id == area.id)
            .options(selectinload(Membership.user))
            .order_by(func.lower(User.name), User.email)
        )
    )
    invitations = _latest_open_invitations([m.user_id for m in memberships])
    rows = []
    for membership in memberships:
        user = membership.user
        invitation = invitations.get(user.id)
        status = _status(user, invitation, now)
        rows.append(
            MemberRow(
                user_id=user.id,
                name=user.name,
                email=user.email,
                role=membership.role,
                status=status,
                invitation_expires_at=invitation.expires_at if status == STATUS_PENDING else None,
                locked=user.locked_until is not None and user.locked_until > now,
                job_title=membership.job_title,
                organisation=membership.organisation,
            )
        )
    members = {row.user_id for row in rows}
    for request in _open_join_requests(area, now):
        if request.user_id not in members:
            members.add(request.user_id)
            rows.append(
                MemberRow(
                    user_id=request.user_id,
                    name=request.user.name,
                    email=request.user.email,
                    role=request.role,
                    status=STATUS_ASKED_TO_JOIN,
                    invitation_expires_at=request.expires_at,
                )
            )
    return rows


def _open_join_requests(area: LocalArea, now: datetime) -> list[PendingMembership]:
    """The area's unconfirmed requests that can still be confirmed, newest first."""
    return list(
        db.session.scalars(
            select(PendingMembership)
            .where(
                PendingMembership.local_area_id == area.id,
                PendingMembership.confirmed_at.is_(None),
                PendingMembership.expires_at > now,
            )
            .options(selectinload(PendingMembership.user))
            .order_by(PendingMembership.id.desc())
        )
    )


def actions_led_in_area(area: LocalArea, user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Action.id)).where(Action.local_area_id == area.id, Action.lead_id == user_id)
    )


# -- Inviting ---------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in AREA_ROLES:
        raise MemberError("Select a role", field="role")


def _new_invitation(
    actor: User, area: LocalArea, user: User, role: str, now: datetime, valid_days: int
) -> IssuedInvitation:
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=valid_days)
    db.session.add(
        Invitation(
            user=user,
            local_area=area,
            invited_by=actor,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    return IssuedInvitation(
        token=token, email=user.email, name=user.name, area_name=area.name, role=role, expires_at=expires_at
    )


def invite_member(
    actor: User,
    area: LocalArea,
    email: str,
    name: str,
    role: str,
    *,
    valid_days: int = DEFAULT_INVITATION_DAYS,
    now: datetime | None = None,
) -> InviteResult:
    """Add a person to the area with a role.

    Someone who already has a password is not added: they are asked, by a link emailed to them, to
    confirm they want to join, and become a member only when they do. Otherwise a manager could add an
    account they had taken over (or made) to their own area, or be given a place in an area by a
    stranger. Anyone else gets an account with no password and a single-use link to set one. Only
    hashes of the links' tokens are stored.
    """
    require_manager(actor, area)
    now = now or utcnow()
    email = normalise_email(email)
    name = " ".join(name.split())
    if problem := email_format_problem(email):
        raise MemberError(problem, field="email")
    if not name:
        raise MemberError("Enter the person's full name", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise MemberError(f"Name must be {NAME_MAX_LENGTH} characters or fewer", field="name")
    _check_role(role)

    user = find_user_by_email(email)
    if user is not None and membership_in(area, user.id) is not None:
        raise MemberError(f"{user.email} is already a member of {area.name}", field="email")
    if user is not None and not user.active:
        raise MemberError(
            f"The account for {user.email} is switched off. Ask a site administrator about it.", field="email"
        )
    if user is not None and user.password_hash is not None:
        return _ask_to_join(actor, area, user, role, now, valid_days)
    created = user is None
    may_send_link = created or (user.password_hash is None and not _belongs_beyond(actor, user, area))
    if created:
        user = User(email=email, name=name, password_hash=None)
        db.session.add(user)
    db.session.add(Membership(user=user, local_area=area, role=role))

    invitation = None
    if may_send_link:
        invitation = _new_invitation(actor, area, user, role, now, valid_days)
        audit.record(
            "member.invited",
            actor,
            local_area_id=area.id,
            summary=f"Invited {user.email} to {area.name} as {role}"
            + ("" if created else " (they had an account with no password yet)"),
            changes={"role": [None, role]},
        )
    else:
        audit.record(
            "member.added",
            actor,
            local_area_id=area.id,
            summary=f"Added {user.email}, who already had an account or an invitation, to {area.name} as {role}",
            changes={"role": [None, role]},
        )
    try:
        db.session.commit()
    except IntegrityError:
        # Someone else added the same person at the same moment.
        db.session.rollback()
        raise MemberError(
            f"{email} was added by someone else just now. Check the list of members.", field="email"
        ) from None
    return InviteResult(email=user.email, name=user.name, role=role, invitation=invitation)


def _ask_to_join(
    actor: User, area: LocalArea, user: User, role: str, now: datetime, valid_days: int
) -> InviteResult:
    """A pending membership and the token for its confirmation link; any earlier request for this area lapses."""
    db.session.execute(
        update(PendingMembership)
        .where(
            PendingMembership.user_id == user.id,
            PendingMembership.local_area_id == area.id,
            PendingMembership.confirmed_at.is_(None),
            PendingMembership.expires_at > now,
        )
        .values(expires_at=now),
        execution_options={"synchronize_session": False},
    )
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=valid_days)
    db.session.add(
        PendingMembership(
            user_id=user.id,
            local_area_id=area.id,
            role=role,
            invited_by_id=actor.id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    audit.record(
        "member.asked_to_join",
        actor,
        local_area_id=area.id,
        summary=f"Asked {user.email}, who already has an account, to confirm joining {area.name} as {role}",
        changes={"role": [None, role]},
    )
    db.session.commit()
    request = IssuedJoinRequest(
        token=token,
        user_id=user.id,
        email=user.email,
        name=user.name,
        area_name=area.name,
        role=role,
        expires_at=expires_at,
    )
    return InviteResult(email=user.email, name=user.name, role=role, invitation=None, join_request=request)


def open_join_request(actor: User, token: str, now: datetime | None = None) -> PendingMembership | None:
    """The request this token confirms, if it is the signed-in person's own and can still be confirmed."""
    now = now or utcnow()
    request = db.session.scalar(select(PendingMembership).where(PendingMembership.token_hash == token_hash(token)))
    if (
        request is None
        or request.user_id != actor.id
        or request.confirmed_at is not None
        or request.expires_at <= now
        or not actor.active
    ):
        return None
    return request


def confirm_join(actor: User, token: str, now: datetime | None = None) -> LocalArea:
    """The signed-in person confirms: they become a member with the role they were offered.

    Raises LookupError if the link is not theirs or cannot be used any more."""
    now = now or utcnow()
    request = open_join_request(actor, token, now)
    if request is None:
        raise LookupError(token)
    used = db.session.execute(
        update(PendingMembership)
        .where(PendingMembership.id == request.id, PendingMembership.confirmed_at.is_(None))
        .values(confirmed_at=now),
        execution_options={"synchronize_session": False},
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise LookupError(token)
    area = request.local_area
    if membership_in(area, actor.id) is None:
        db.session.add(Membership(user_id=actor.id, local_area_id=area.id, role=request.role))
    audit.record(
        "member.joined",
        actor,
        local_area_id=area.id,
        summary=f"{actor.email} confirmed joining {area.name} as {request.role}, "
        f"as {request.invited_by.email} asked",
        changes={"role": [None, request.role]},
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # added by someone else at the same moment: they are a member either way
    return area


def _belongs_beyond(actor: User, user: User, area: LocalArea) -> bool:
    """Whether the person belongs to an area the actor does not manage.

    A link sets the account's password, and the inviting manager is shown it: for someone who also
    belongs elsewhere, that would hand another area's account to this manager. Their own invitation
    still works, and then they can use this area too.
    """
    if actor.is_admin:
        return False
    return any(m.local_area_id != area.id and not can_manage_area(actor, m.local_area_id) for m in user.memberships)


def _expire_open_invitations(user: User, now: datetime) -> None:
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.expires_at > now)
        .values(expires_at=now),
        execution_options={"synchronize_session": False},
    )


def reinvite_member(
    actor: User,
    area: LocalArea,
    user_id: int,
    *,
    valid_days: int = DEFAULT_INVITATION_DAYS,
    now: datetime | None = None,
) -> IssuedInvitation:
    """A fresh link for a member who has not set a password yet; every earlier link stops working."""
    require_manager(actor, area)
    now = now or utcnow()
    membership = membership_in(area, user_id)
    if membership is None:
        raise LookupError(user_id)
    user = membership.user
    if user.password_hash is not None:
        raise MemberError(f"{user.name} has already set their password, so they do not need a new link.")
    if not user.active:
        raise MemberError(f"{user.name}'s account is switched off. Ask a site administrator about it.")
    if _belongs_beyond(actor, user, area):
        raise MemberError(
            f"{user.name} also belongs to another local area, so only a site administrator can send them a new link."
        )
    _expire_open_invitations(user, now)
    invitation = _new_invitation(actor, area, user, membership.role, now, valid_days)
    audit.record(
        "member.reinvited",
        actor,
        local_area_id=area.id,
        summary=f"Sent {user.email} a new link for {area.name}; earlier links no longer work",
    )
    db.session.commit()
    return invitation


# -- Changing roles and removing ----------------------------------------------------------------


def _managers_who_can_sign_in(area: LocalArea, lock: bool) -> list[Membership]:
    query = (
        select(Membership)
        .join(Membership.user)
        .where(
            Membership.local_area_id == area.id,
            Membership.role == ROLE_MANAGER,
            User.password_hash.is_not(None),
            User.active.is_(True),
        )
    )
    if lock:
        # Held to the end of the transaction (on PostgreSQL), so two managers demoting each
        # other at the same moment cannot leave the area with none.
        query = query.with_for_update(of=Membership)
    return list(db.session.scalars(query))


def last_manager_problem(
    actor: User, area: LocalArea, membership: Membership, doing: str, *, lock: bool = False
) -> str | None:
    """Why this member may not be removed or demoted, or None.

    An area always keeps at least one manager who can sign in.
    """
    if membership.role != ROLE_MANAGER:
        return None
    managers = _managers_who_can_sign_in(area, lock)
    if membership.id not in {m.id for m in managers} or len(managers) > 1:
        return None
    if membership.user_id == actor.id:
        return (
            f"You cannot {doing} yourself because you are the only manager of {area.name}. "
            "Make someone else a manager first. If they are new, wait until they have set their password."
        )
    return (
        f"You cannot {doing} {membership.user.name} because they are the only manager of {area.name} "
        "who can sign in. Make someone else a manager first."
    )


def _check_not_last_manager(actor: User, area: LocalArea, membership: Membership, doing: str) -> None:
    if problem := last_manager_problem(actor, area, membership, doing, lock=True):
        db.session.rollback()  # let go of the lock at once
        raise MemberError(problem)


def change_role(actor: User, area: LocalArea, user_id: int, role: str) -> tuple[str, str]:
    """Give a member a new role in the area. Returns (old role, new role)."""
    require_manager(actor, area)
    _check_role(role)
    membership = membership_in(area, user_id)
    if membership is None:
        raise LookupError(user_id)
    old = membership.role
    if old == role:
        return old, role
    if role != ROLE_MANAGER:
        _check_not_last_manager(actor, area, membership, "demote")
    membership.role = role
    audit.record(
        "member.role_changed",
        actor,
        local_area_id=area.id,
        summary=f"Changed {membership.user.email}'s role in {area.name} from {old} to {role}",
        changes=audit.changes_between({"role": old}, {"role": role}),
    )
    db.session.commit()
    return old, role


JOB_DETAIL_MAX_LENGTH = 200


def change_member_details(actor: User, area: LocalArea, user_id: int, job_title: str, organisation: str) -> bool:
    """Set who a member is in the area's partnership, as the written statement names leads and partners.
    Returns whether anything changed."""
    require_manager(actor, area)
    membership = membership_in(area, user_id)
    if membership is None:
        raise LookupError(user_id)
    new = {"job_title": job_title.strip(), "organisation": organisation.strip()}
    for field, value in new.items():
        if len(value) > JOB_DETAIL_MAX_LENGTH:
            raise MemberError(f"Use {JOB_DETAIL_MAX_LENGTH} characters or fewer", field)
    changes = audit.changes_between({"job_title": membership.job_title, "organisation": membership.organisation}, new)
    if not changes:
        return False
    membership.job_title, membership.organisation = new["job_title"], new["organisation"]
    audit.record(
        "member.details_changed",
        actor,
        local_area_id=area.id,
        summary=f"Changed {membership.user.email}'s job title or organisation in {area.name}",
        changes=changes,
    )
    db.session.commit()
    return True


def remove_member(actor: User, area: LocalArea, user_id: int, now: datetime | None = None) -> User:
    """Take a person out of the area. Their account and everything they did are kept."""
    require_manager(actor, area)
    now = now or utcnow()
    membership = membership_in(area, user_id)
    if membership is None:
        raise LookupError(user_id)
    _check_not_last_manager(actor, area, membership, "remove")
    user = membership.user
    # A link sent for this area would otherwise still let them set a password.
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.user_id == user.id,
            Invitation.local_area_id == area.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(expires_at=now),
        execution_options={"synchronize_session": False},
    )
    audit.record(
        "member.removed",
        actor,
        local_area_id=area.id,
        summary=f"Removed {user.email} from {area.name}; their account is kept",
        changes={"role": [membership.role, None]},
    )
    db.session.delete(membership)
    db.session.commit()
    return user
