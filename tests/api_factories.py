"""API tokens for tests: made through the same service as the account page, returned as plain strings."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from wsoa.api.tokens import create_token
from wsoa.extensions import db
from wsoa.models import SCOPE_READ_WRITE, User


def make_token(
    app: Flask, email: str, scope: str = SCOPE_READ_WRITE, *, name: str = "Test token", days: int = 30
) -> str:
    """A token for the person with this email, working for `days` more days."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        today = date.today()
        return create_token(user, name, scope, today + timedelta(days=days), today).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
