"""Personal access tokens: made, listed and revoked by their owner; checked, counted and rate limited per request.

A token acts with exactly its owner's roles (the services check them on every call), within its scope: a
read token can only read. Only a sha256 of it is stored; it is shown once, when it is made. Its creation,
its first use each day and its revocation are audited; every request moves its last-used time.

Services: they take the acting user and plain values, and import no views and no request state.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, select, update

from .. import audit
from ..extensions import db
from ..models import API_SCOPES, SCOPE_READ, SCOPE_READ_WRITE, ApiToken, User
from ..refusal import Refusal

TOKEN_PREFIX = "wsoa_pat_"  # noqa: S105 - the public start of every token, not a secret
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
MAX_LIFETIME_DAYS = 365
NAME_MAX_LENGTH = 100
MAX_LIVE_TOKENS = 20
RAW_TOKEN_MAX_LENGTH = 200
RATE_WINDOW_SECONDS = 60
DEFAULT_RATE_LIMIT = 120  # requests per token per minute
SCOPE_NAMES = {SCOPE_READ: "Read", SCOPE_READ_WRITE: "Read and write"}

REFUSED_UNKNOWN = "This token is not recognised. Check it was copied in full, or make a new one."
REFUSED_EXPIRED = "This token has expired. Make a new one on your account's API tokens page."
REFUSED_REVOKED = "This token has been revoked. Make a new one on your account's API tokens page."
REFUSED_OWNER_INACTIVE = "The account this token belongs to is switched off."


class TokenError(Refusal):
    """A plain-English reason the token could not be made or revoked; nothing was changed."""


@dataclass(frozen=True)
class IssuedToken:
    """The token itself, to show once, and its stored row."""

    token: str
    row: ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def latest_expiry(today: date) -> date:
    return today + timedelta(days=MAX_LIFETIME_DAYS)


def is_live(token: ApiToken, today: date) -> bool:
    return token.revoked_at is None and token.expires_on >= today


def create_token(user: User, name: str, scope: str, expires_on: date | None, today: date) -> IssuedToken:
    """Make a token for the acting user, named and scoped by them, working until the end of `expires_on` (UTC)."""
    name = (name or "").strip()
    if not name:
        raise TokenError("Enter a name for the token")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError(f"The name must be {NAME_MAX_LENGTH} characters or fewer")
    if scope not in API_SCOPES:
        raise TokenError("Select what the token may do")
    if expires_on is None:
        raise TokenError("Enter the date the token expires")
    if not today <= expires_on <= latest_expiry(today):
        raise TokenError("The token must expire between today and a year from today")
    live = [token for token in tokens_of(user) if is_live(token, today)]
    if len(live) >= MAX_LIVE_TOKENS:
        raise TokenError(f"You have {MAX_LIVE_TOKENS} tokens that still work: revoke one before making another")

    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        name=name,
        scope=scope,
        token_hash=hash_token(token),
        prefix=token[:SHOWN_PREFIX_LENGTH],
        expires_on=expires_on,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "api_token.created",
        user,
        summary=f"API token '{name}' ({row.prefix}…) made: {SCOPE_NAMES[scope].lower()}, until {expires_on}",
        changes={"token": [None, name], "scope": [None, scope], "expires_on": [None, expires_on.isoformat()]},
    )
    db.session.commit()
    return IssuedToken(token, row)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included."""
    return list(
        db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    )


def own_token(user: User, token_id: int) -> ApiToken | None:
    """The token if it is the user's; None whether it is missing or someone else's."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return None
    return token


def revoke_token(user: User, token: ApiToken, now: datetime) -> None:
    if token.user_id != user.id:
        raise TokenError("You can only revoke your own tokens")
    if token.revoked_at is not None:
        raise TokenError("This token is already revoked")
    token.revoked_at = now
    audit.record(
        "api_token.revoked",
        user,
        summary=f"API token '{token.name}' ({token.prefix}…) revoked",
        changes={"revoked_at": [None, now.isoformat()]},
    )
    db.session.commit()


@dataclass(frozen=True)
class TokenCheck:
    """The token a request presented, or why it does not work."""

    token: ApiToken | None
    refusal: str | None = None


def check_token(raw: str, today: date) -> TokenCheck:
    """Which token this is, and whether it works today. Reads only: `count_request` records the use."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > RAW_TOKEN_MAX_LENGTH:
        return TokenCheck(None, REFUSED_UNKNOWN)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None:
        return TokenCheck(None, REFUSED_UNKNOWN)
    if token.revoked_at is not None:
        return TokenCheck(None, REFUSED_REVOKED)
    if token.expires_on < today:
        return TokenCheck(None, REFUSED_EXPIRED)
    if not token.user.active:
        return TokenCheck(None, REFUSED_OWNER_INACTIVE)
    return TokenCheck(token)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the window ends: the Retry-After of a refused request


def count_request(token: ApiToken, now: datetime, limit: int) -> RateDecision:
    """Count one request against the token's fixed one-minute window, and record that the token was used.

    One UPDATE both starts a new window (when the stored one has passed) and counts the request, so two web
    workers or two instances never both see the last free request. Committed at once, whatever the request
    then does; the first use each day is written to the audit trail.
    """
    window = now.replace(second=0, microsecond=0)
    first_use_today = token.last_used_at is None or token.last_used_at.date() < now.date()
    counted = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id)
        .values(
            window_requests=case(
                (ApiToken.window_started_at == window, ApiToken.window_requests + 1),
                else_=1,
            ),
            window_started_at=window,
            last_used_at=now,
        )
        .returning(ApiToken.window_requests)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    if first_use_today:
        audit.record(
            "api_token.used",
            token.user,
            summary=f"API token '{token.name}' ({token.prefix}…) used, the first time on {now.date()}",
        )
    db.session.commit()
    reset = math.ceil((window + timedelta(seconds=RATE_WINDOW_SECONDS) - now).total_seconds())
    return RateDecision(counted <= limit, limit, max(limit - counted, 0), max(reset, 1))
