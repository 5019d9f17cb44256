"""Members of a local area: a manager invites people, changes their roles and removes them."""

from flask import Blueprint

bp = Blueprint("members", __name__)

from . import views  # noqa: E402, F401 - routes register themselves on bp
