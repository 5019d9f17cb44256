"""Signed one-click unsubscribe links: the person's id, signed with the app's secret."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

UNSUBSCRIBE_SALT = "wsoa-unsubscribe"


def unsubscribe_token(secret_key: str, user_id: int) -> str:
    return URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).dumps({"u": user_id})


def user_id_from_token(secret_key: str, token: str) -> int | None:
    """The person a link is for; None for a tampered or made-up token."""
    try:
        payload = URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    return user_id if isinstance(user_id, int) else None
