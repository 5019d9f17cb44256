"""Accounts: creating users and checking sign-ins."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import AREA_ROLES, ROLE_ADMIN, LocalArea, Membership, User
from ..passwords import hash_password, password_problem, verify_password


class AccountError(ValueError):
    """A plain-English reason an account change was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.is_active:
        return None
    return user


def create_user(email: str, name: str, password: str, role: str, area_name: str | None = None) -> User:
    """Create a user: a site administrator, or a member of one local area with a role there."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError("Enter an email address in the correct format, like name@example.gov.uk")
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
