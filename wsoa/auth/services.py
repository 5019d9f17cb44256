"""Accounts: creating users, checking sign-ins with a lockout, and accepting invitations.

No Flask here: the views pass in the settings (lockout threshold and length) and the time.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, case, func, literal, null, or_, select, update

from .. import audit
from ..extensions import db
from ..models import AREA_ROLES, ROLE_ADMIN, Invitation, LocalArea, Membership, UnlockLink, User, utcnow
from ..passwords import hash_password, password_problem, verify_password
from ..permissions import require
from ..refusal import Refusal

DEFAULT_LOCKOUT_THRESHOLD = 5
DEFAULT_LOCKOUT_MINUTES = 15
DEFAULT_UNLOCK_LINK_HOURS = 24
EMAIL_MAX_LENGTH = 320


class AccountError(Refusal):
    """A plain-English reason an account change was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_format_problem(email: str) -> str | None:
    """A plain-English reason this is not an email address, or None. Expects a normalised address."""
    local, at, domain = email.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in email):
        return "Enter an email address in the correct format, like name@example.gov.uk"
    if len(email) > EMAIL_MAX_LENGTH:
        return f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"
    return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


# -- Signing in, with a lockout counted in the database -----------------------------------------

SIGN_IN_OK = "signed in"
SIGN_IN_REFUSED = "refused"  # wrong email or password: one message whichever it was
SIGN_IN_LOCKED = "locked"


@dataclass(frozen=True)
class IssuedUnlockLink:
    """A new unlock link, with the only copy of its token: turn it into a link and email it."""

    token: str
    email: str
    name: str
    expires_at: datetime


@dataclass(frozen=True)
class SignInAttempt:
    outcome: str
    user: User | None = None
    locked_until: datetime | None = None
    # Set on the attempt that locked the account: the link to email its owner.
    unlock_link: IssuedUnlockLink | None = None


def _as_typed(email: str) -> str:
    """The typed email made safe to put in the audit trail and the log: one line, bounded."""
    text = "".join(c if c.isprintable() else "?" for c in normalise_email(email))
    return text[:EMAIL_MAX_LENGTH] or "(no email)"


def _claim_attempt(
    user_id: int, threshold: int, lock_minutes: int, now: datetime
) -> tuple[int, datetime | None] | None:
    """Count this attempt as a failure before the password is checked, in a transaction of its own.

    One conditional UPDATE: of any number of attempts arriving at once, at most `threshold` get a
    claim before the account is locked, because the claim that reaches the threshold sets the lock
    in the same statement (the database serialises updates of the row). A correct password then
    takes the count back to nothing. Returns (the count, the lock it set, if any), or None when the
    account is locked and the password must not be checked.
    """
    # The WHERE lets through only rows with no lock or a lock that has run out: a lock still set here
    # has run out, so the count starts again.
    new_count = case((User.locked_until.is_not(None), 1), else_=User.failed_sign_ins + 1)
    lock_until = literal(now + timedelta(minutes=lock_minutes), type_=DateTime())
    claimed = db.session.execute(
        update(User)
        .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_sign_ins=new_count, locked_until=case((new_count >= threshold, lock_until), else_=null()))
        .returning(User.failed_sign_ins, User.locked_until),
        execution_options={"synchronize_session": False},
    ).first()
    db.session.commit()
    return None if claimed is None else (claimed[0], claimed[1])


def attempt_sign_in(
    email: str,
    password: str,
    *,
    threshold: int = DEFAULT_LOCKOUT_THRESHOLD,
    lock_minutes: int = DEFAULT_LOCKOUT_MINUTES,
    unlock_hours: int = DEFAULT_UNLOCK_LINK_HOURS,
    now: datetime | None = None,
) -> SignInAttempt:
    """Check a sign-in, count failures per account and lock it after `threshold` failures in a row.

    The attempt is claimed (counted) before the password is checked, so simultaneous guesses cannot
    all be checked: while locked, no password is checked at all, even the right one. When a lock has
    run out the count starts again. The attempt that locks the account issues a link for its owner to
    unlock it. An unknown email, a locked account and a wrong password take the same time (a dummy
    hash is checked) and the views give them the same message, so neither tells whether an account exists.
    """
    now = now or utcnow()
    typed = _as_typed(email)
    user = find_user_by_email(email)

    if user is None:
        verify_password(None, password)
        audit.record(
            "auth.sign_in_failed", None, summary=f"Failed sign-in for {typed}: no account has this email"
        )
        db.session.commit()
        return SignInAttempt(SIGN_IN_REFUSED)

    claim = _claim_attempt(user.id, threshold, lock_minutes, now)
    if claim is None:
        verify_password(None, password)  # the same time as a real check; nothing is checked
        audit.record(
            "auth.sign_in_failed", user, summary=f"Sign-in refused for {typed}: the account is locked"
        )
        db.session.commit()
        return SignInAttempt(SIGN_IN_LOCKED, user, user.locked_until)

    count, locked_until = claim
    password_ok = verify_password(user.password_hash, password)
    if password_ok and user.is_active:
        _clear_lock(user)
        audit.record("auth.signed_in", user, summary=f"{user.email} signed in")
        db.session.commit()
        return SignInAttempt(SIGN_IN_OK, user)

    reason = "wrong password" if not password_ok else "the account is switched off"
    audit.record("auth.sign_in_failed", user, summary=f"Failed sign-in for {typed}: {reason}")
    if locked_until is None:
        db.session.commit()
        return SignInAttempt(SIGN_IN_REFUSED, user)
    audit.record(
        "auth.locked",
        user,
        summary=f"{user.email} locked until {locked_until:%Y-%m-%d %H:%M} UTC after {count} failed sign-ins in a row",
    )
    link = _new_unlock_link(user, now, unlock_hours) if user.is_active and user.password_hash else None
    db.session.commit()
    return SignInAttempt(SIGN_IN_LOCKED, user, locked_until, link)


def _clear_lock(user: User) -> None:
    """No failures counted and no lock; unlock links already sent stop working."""
    now = utcnow()
    db.session.execute(
        update(User).where(User.id == user.id).values(failed_sign_ins=0, locked_until=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(UnlockLink)
        .where(UnlockLink.user_id == user.id, UnlockLink.used_at.is_(None), UnlockLink.expires_at > now)
        .values(expires_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(user, ["failed_sign_ins", "locked_until"])


# -- Ending sessions on the server ------------------------------------------------------------------

_SESSION_ID = re.compile(r"(\d{1,18}):(\d{1,18})", re.ASCII)


def user_for_session(session_id: str) -> User | None:
    """The user a session cookie names, if its session version is still current; None otherwise.

    Sessions hold "user id:session version" (User.get_id). Raising the version ends every session
    made before, wherever the cookie has been copied to.
    """
    match = _SESSION_ID.fullmatch(session_id or "")
    if match is None:
        return None
    user = db.session.get(User, int(match.group(1)))
    if user is None or user.session_version != int(match.group(2)):
        return None
    return user


def end_sessions(user: User) -> None:
    """Every session and remember cookie issued to this user so far stops working. Part of the caller's transaction."""
    db.session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(user, ["session_version"])


def record_sign_out(user: User) -> None:
    """Sign out on the server: the session cookie, and any copy of it, no longer signs anyone in."""
    end_sessions(user)
    audit.record_now("auth.signed_out", user, summary=f"{user.email} signed out; their sessions have ended")


# -- Unlocking ---------------------------------------------------------------------------------------


def _new_unlock_link(user: User, now: datetime, valid_hours: int) -> IssuedUnlockLink:
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=valid_hours)
    db.session.add(UnlockLink(user_id=user.id, token_hash=token_hash(token), created_at=now, expires_at=expires_at))
    return IssuedUnlockLink(token=token, email=user.email, name=user.name, expires_at=expires_at)


def open_unlock_link(token: str, now: datetime | None = None) -> UnlockLink | None:
    """The unlock link for this token if it can still be used: unused, unexpired, for an active account."""
    now = now or utcnow()
    link = db.session.scalar(select(UnlockLink).where(UnlockLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now or not link.user.is_active:
        return None
    return link


def unlock_with_link(token: str, now: datetime | None = None) -> User:
    """Unlock the account the link was sent for and use the link up. Raises AccountError if it cannot be used."""
    now = now or utcnow()
    link = open_unlock_link(token, now)
    if link is None:
        raise AccountError("This link has expired or has already been used")
    used = db.session.execute(
        update(UnlockLink).where(UnlockLink.id == link.id, UnlockLink.used_at.is_(None)).values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise AccountError("This link has expired or has already been used")
    user = link.user
    _clear_lock(user)
    audit.record("auth.unlocked", user, summary=f"{user.email} unlocked their account with the emailed link")
    db.session.commit()
    return user


def unlock_account(actor: User, user: User) -> bool:
    """A site administrator unlocks an account at once. Returns whether it was locked."""
    require(actor.is_admin, "Only a site administrator can unlock an account.")
    was_locked = user.locked_until is not None and user.locked_until > utcnow()
    _clear_lock(user)
    audit.record(
        "auth.unlocked_by_admin",
        actor,
        summary=f"{actor.email} unlocked {user.email}'s account" + ("" if was_locked else " (it was not locked)"),
    )
    db.session.commit()
    return was_locked


# -- Invitations -------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """Only this is stored: a copy of the database does not hold working links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


INVITATION_OPEN = "open"
INVITATION_UNKNOWN = "unknown"
INVITATION_SPENT = "spent"  # used, expired or replaced by a newer one


@dataclass(frozen=True)
class InvitationCheck:
    state: str
    invitation: Invitation | None = None


def check_invitation(token: str, now: datetime | None = None) -> InvitationCheck:
    now = now or utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        return InvitationCheck(INVITATION_UNKNOWN)
    user = invitation.user
    if (
        invitation.used_at is not None
        or invitation.expires_at <= now
        or user.password_hash is not None  # a link never replaces a password the person has set
        or not user.is_active
    ):
        return InvitationCheck(INVITATION_SPENT, invitation)
    return InvitationCheck(INVITATION_OPEN, invitation)


def accept_invitation(token: str, password: str, now: datetime | None = None) -> User:
    """Set the invited person's password and use up the link. Raises AccountError if it cannot be used."""
    now = now or utcnow()
    if problem := password_problem(password):
        raise AccountError(problem)
    check = check_invitation(token, now)
    if check.state != INVITATION_OPEN:
        raise AccountError("This link has expired or has already been used")
    invitation = check.invitation
    # Use the link with one conditional UPDATE: of two submissions at once, only one wins.
    used = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise AccountError("This link has expired or has already been used")
    user = invitation.user
    user.password_hash = hash_password(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    end_sessions(user)  # a new password ends every earlier session, wherever it is
    # Any other links sent to this person (another area, an earlier send) stop working.
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.id != invitation.id, Invitation.used_at.is_(None))
        .values(expires_at=now),
        execution_options={"synchronize_session": False},
    )
    audit.record(
        "auth.invitation_accepted",
        user,
        local_area_id=invitation.local_area_id,
        summary=f"{user.email} set their password from an invitation to {invitation.local_area.name}",
    )
    db.session.commit()
    return user


# -- Creating accounts from the command line --------------------------------------------------


def create_user(email: str, name: str, password: str, role: str, area_name: str | None = None) -> User:
    """Create a user: a site administrator, or a member of one local area with a role there."""
    email = normalise_email(email)
    if problem := email_format_problem(email):
        raise AccountError(problem)
    if not name.strip():
        raise AccountError("Enter the person's name")
    if problem := password_problem(password):
        raise AccountError(problem)
    if role not in (*AREA_ROLES, ROLE_ADMIN):
        raise AccountError(f"Role must be one of {', '.join((*AREA_ROLES, ROLE_ADMIN))}")
    if role != ROLE_ADMIN and not area_name:
        raise AccountError(f"A {role} must belong to a local area: give --area")
    if find_user_by_email(email):
        raise AccountError(f"There is already an account for {email}")

    user = User(email=email, name=name.strip(), password_hash=hash_password(password))
    user.is_admin = role == ROLE_ADMIN
    db.session.add(user)
    if area_name:
        area = db.session.scalar(select(LocalArea).where(LocalArea.name == area_name.strip()))
        if area is None:
            raise AccountError(f"There is no local area called {area_name!r}")
        db.session.add(Membership(user=user, local_area=area, role=role if role != ROLE_ADMIN else "manager"))
    db.session.commit()
    return user
