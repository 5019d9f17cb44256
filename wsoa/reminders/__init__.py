"""Scheduled reminders and emailed digests: preferences, one-click unsubscribe, the delivery ledger."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)

from . import views  # noqa: E402, F401 - routes register themselves on bp
