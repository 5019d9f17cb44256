"""How often each person hears from us, and unsubscribing."""

from __future__ import annotations

from .. import audit
from ..extensions import db
from ..models import (
    DIGEST_FREQUENCIES,
    DIGEST_OFF,
    EmailPreference,
    User,
)
from ..refusal import Refusal
from . import digest
from .digest import (
    WEEKLY,
    Preferences,
)
from .tokens import user_id_from_token


class PreferenceError(Refusal):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def preferences_of(user_id: int) -> Preferences:
    row = db.session.get(EmailPreference, user_id)
    if row is None:
        return Preferences()
    return Preferences(row.frequency, row.weekly_day)


def set_preferences(user: User, frequency: str, weekly_day: int | None) -> Preferences:
    if frequency not in DIGEST_FREQUENCIES:
        raise PreferenceError("Select how often you want emails", "frequency")
    row = db.session.get(EmailPreference, user.id) or EmailPreference(user_id=user.id)
    old = preferences_of(user.id)
    if frequency == WEEKLY and (weekly_day is None or not 0 <= weekly_day <= 4):
        raise PreferenceError("Select the day of the week you want your email", "weekly_day")
    row.frequency = frequency
    row.weekly_day = weekly_day if frequency == WEEKLY else old.weekly_day
    db.session.add(row)
    new = Preferences(row.frequency, row.weekly_day)
    changes = audit.changes_between(old.__dict__, new.__dict__)
    if changes:
        audit.record("preferences.changed", user, summary="Email preferences changed", changes=changes)
    db.session.commit()
    return new


def unsubscribe(user: User) -> bool:
    """Turn every digest and reminder off; True if they were on."""
    row = db.session.get(EmailPreference, user.id)
    was = row.frequency if row is not None else digest.DEFAULT_FREQUENCY
    if was == DIGEST_OFF:
        return False
    if row is None:
        row = EmailPreference(user_id=user.id, weekly_day=digest.DEFAULT_WEEKLY_DAY)
        db.session.add(row)
    row.frequency = DIGEST_OFF
    audit.record(
        "preferences.unsubscribed",
        user,
        summary="Unsubscribed from digests and reminders by the link in an email",
        changes={"frequency": [was, DIGEST_OFF]},
    )
    db.session.commit()
    return True


def person_for_unsubscribe_link(secret_key: str, token: str) -> User | None:
    """Whose one-click unsubscribe link this is; None for a link that was not signed by us."""
    user_id = user_id_from_token(secret_key, token)
    return db.session.get(User, user_id) if user_id is not None else None
