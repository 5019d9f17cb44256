"""Accounts: creating users, checking sign-ins with a lockout, and accepting invitations.

No Flask here: the views pass in the settings (lockout threshold and length) and the time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from .. import audit
from ..extensions import db
from ..models import AREA_ROLES, ROLE_ADMIN, Invitation, LocalArea, Membership, User, utcnow
from ..passwords import hash_password, password_problem, verify_password

DEFAULT_LOCKOUT_THRESHOLD = 5
DEFAULT_LOCKOUT_MINUTES = 15
EMAIL_MAX_LENGTH = 320


class AccountError(ValueError):
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
class SignInAttempt:
    outcome: str
    user: User | None = None
    locked_until: datetime | None = None


def _as_typed(email: str) -> str:
    """The typed email made safe to put in the audit trail and the log: one line, bounded."""
    text = "".join(c if c.isprintable() else "?" for c in normalise_email(email))
    return text[:EMAIL_MAX_LENGTH] or "(no email)"


def attempt_sign_in(
    email: str,
    password: str,
    *,
    threshold: int = DEFAULT_LOCKOUT_THRESHOLD,
    lock_minutes: int = DEFAULT_LOCKOUT_MINUTES,
    now: datetime | None = None,
) -> SignInAttempt:
    """Check a sign-in, count failures per account and lock it after `threshold` failures in a row.

    While locked, even the right password is refused (and not checked, so a locked account
    tells an attacker nothing about their guesses). When a lock has run out the count starts
    again. The outcome, the counter and the audit events are committed together.
    """
    now = now or utcnow()
    typed = _as_typed(email)
    user = find_user_by_email(email)

    if user is not None and user.locked_until is not None and user.locked_until > now:
        audit.record(
            "auth.sign_in_failed", user, summary=f"Sign-in refused for {typed}: the account is locked"
        )
        db.session.commit()
        return SignInAttempt(SIGN_IN_LOCKED, user, user.locked_until)

    password_ok = verify_password(user.password_hash if user else None, password)
    if user is not None and password_ok and user.is_active:
        user.failed_sign_ins = 0
        user.locked_until = None
        audit.record("auth.signed_in", user, summary=f"{user.email} signed in")
        db.session.commit()
        return SignInAttempt(SIGN_IN_OK, user)

    if user is None:
        audit.record(
            "auth.sign_in_failed", None, summary=f"Failed sign-in for {typed}: no account has this email"
        )
        db.session.commit()
        return SignInAttempt(SIGN_IN_REFUSED)

    reason = "wrong password" if not password_ok else "the account is switched off"
    if user.locked_until is not None:
        # The lock has run out: a fresh count, so one more mistake does not lock the account again.
        user.failed_sign_ins = 0
        user.locked_until = None
        db.session.flush()
    # Counted with one UPDATE so that attempts arriving at once on different workers all count.
    db.session.execute(
        update(User).where(User.id == user.id).values(failed_sign_ins=User.failed_sign_ins + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(user, ["failed_sign_ins"])
    audit.record("auth.sign_in_failed", user, summary=f"Failed sign-in for {typed}: {reason}")
    if user.failed_sign_ins >= threshold:
        user.locked_until = now + timedelta(minutes=lock_minutes)
        audit.record(
            "auth.locked",
            user,
            summary=(
                f"{user.email} locked until {user.locked_until:%Y-%m-%d %H:%M} UTC "
                f"after {user.failed_sign_ins} failed sign-ins in a row"
            ),
        )
        db.session.commit()
        return SignInAttempt(SIGN_IN_LOCKED, user, user.locked_until)
    db.session.commit()
    return SignInAttempt(SIGN_IN_REFUSED, user)


def record_sign_out(user: User) -> None:
    audit.record_now("auth.signed_out", user, summary=f"{user.email} signed out")


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
