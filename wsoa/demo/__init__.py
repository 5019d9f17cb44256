"""Demonstration data for `make run`: a fictional area, its letter and three accounts.

Nothing here reads ../shared: a user's clone has only what the repo ships.
"""

from __future__ import annotations

from pathlib import Path

from ..auth.services import create_user, find_user_by_email
from ..inspections.services import import_letter
from ..letters import read_document
from ..models import ROLE_MANAGER, ROLE_OFFICER, ROLE_VIEWER

DEMO_LETTER = Path(__file__).with_name("westmarsh-letter.txt")
# Printed by `make run` so a new user can sign in; never used outside the demo.
DEMO_PASSWORD = "demo-password-westmarsh"  # noqa: S105
DEMO_USERS = (
    ("manager@westmarsh.example", "Morgan Hale", ROLE_MANAGER),
    ("officer@westmarsh.example", "Olu Adebayo", ROLE_OFFICER),
    ("viewer@westmarsh.example", "Val Pierce", ROLE_VIEWER),
)


def load_demo() -> list[str]:
    """Load the demo letter and accounts; loading twice changes nothing. Returns lines to show the user."""
    letter = read_document(DEMO_LETTER.read_bytes())
    result = import_letter(letter, source_filename=DEMO_LETTER.name)
    lines = [
        f"Demo inspection: {letter.local_area} ({'loaded' if result.created else 'already loaded'})."
    ]
    for email, name, role in DEMO_USERS:
        if find_user_by_email(email) is None:
            create_user(email, name, DEMO_PASSWORD, role, letter.local_area)
        lines.append(f"Demo sign-in ({role}): {email} / {DEMO_PASSWORD}")
    return lines
