"""A national synthetic dataset: 150 areas, 2,000 users, 15,000 actions, 150,000 progress updates.

Reusable by any benchmark: build(session, seed) on an empty, migrated database. Pure SQLAlchemy Core
bulk inserts (executemany) with explicit ids, so it is fast and needs no ORM objects.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from wsoa.models import (
    Action,
    EmailPreference,
    Evidence,
    Finding,
    Inspection,
    LocalArea,
    Membership,
    ProgressUpdate,
    User,
    action_finding,
    action_partner_user,
)

AREAS = 150
USERS = 2_000
ACTIONS = 15_000
UPDATES = 150_000
FINDINGS_PER_INSPECTION = 10
STATUSES = ("not_started", "in_progress", "in_progress", "in_progress", "complete", "signed_off", "retired")
RAGS = ("red", "amber", "green")


@dataclass(frozen=True)
class Counts:
    areas: int
    users: int
    actions: int
    updates: int
    evidence: int


def scaled(fraction: float) -> dict[str, int]:
    """build()'s sizes for a fraction of the country: fewer areas, each the same size."""
    areas = max(1, round(AREAS * fraction))
    return {
        "areas": areas,
        "users": round(USERS * areas / AREAS),
        "actions": ACTIONS // AREAS * areas,
        "updates": UPDATES // AREAS * areas,
    }


def _chunks(rows: list[dict], size: int = 5_000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(session: Session, table, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        session.execute(insert(table), chunk)


def build(
    session: Session,
    seed: int = 1,
    today: date | None = None,
    *,
    areas: int = AREAS,
    users: int = USERS,
    actions: int = ACTIONS,
    updates: int = UPDATES,
) -> Counts:
    """Fill an empty database. Deterministic for a seed; dates are around `today`. Smaller sizes keep the shape:
    `scaled(0.1)` has a tenth of the areas, people and actions, each area as big as at full size."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 24)
    now = datetime.combine(today, datetime.min.time())

    _insert(
        session,
        LocalArea.__table__,
        [
            {"id": a, "name": f"Area {a:03d}", "created_at": now, "stale_after_days": 30,
             "require_impact_evidence": False, "key_date_reminder_days": "90,60,30,14,7"}
            for a in range(1, areas + 1)
        ],
    )

    user_rows, memberships, preferences = [], [], []
    per_area: dict[int, dict[str, list[int]]] = {
        a: {"manager": [], "officer": [], "viewer": []} for a in range(1, areas + 1)
    }
    for u in range(1, users + 1):
        area = (u - 1) % areas + 1
        slot = (u - 1) // areas
        role = "manager" if slot < 2 else ("viewer" if slot >= 11 else "officer")
        user_rows.append({
            "id": u, "email": f"user{u:05d}@area{area:03d}.example", "name": f"Person {u}",
            "password_hash": "!bench", "is_admin": False, "active": True, "created_at": now, "failed_sign_ins": 0,
        })
        memberships.append({"id": u, "user_id": u, "local_area_id": area, "role": role})
        per_area[area][role].append(u)
        choice = rng.random()
        if choice < 0.2:
            preferences.append({"user_id": u, "frequency": "weekly", "weekly_day": rng.randrange(5),
                                "updated_at": now})
        elif choice < 0.3:
            preferences.append({"user_id": u, "frequency": "off", "weekly_day": 0, "updated_at": now})
    _insert(session, User.__table__, user_rows)
    _insert(session, Membership.__table__, memberships)
    _insert(session, EmailPreference.__table__, preferences)

    inspections, findings = [], []
    for a in range(1, areas + 1):
        letter = today - timedelta(days=rng.randrange(60, 400))
        text = f"Synthetic inspection letter for Area {a:03d}."
        inspections.append({
            "id": a, "local_area_id": a, "framework": "2016", "letter_date": letter,
            "inspection_start": letter - timedelta(days=30), "inspection_end": letter - timedelta(days=26),
            "wsoa_required": True, "priority_action_plan_required": False,
            "revisit_date": today + timedelta(days=rng.randrange(1, 200)),
            "source_text": text, "source_hash": hashlib.sha256(text.encode()).hexdigest(), "imported_at": now,
        })
        for position in range(FINDINGS_PER_INSPECTION):
            findings.append({
                "id": (a - 1) * FINDINGS_PER_INSPECTION + position + 1, "inspection_id": a, "position": position,
                "kind": "significant_weakness", "section": None, "text": f"Weakness {position + 1} in Area {a:03d}.",
                "span_start": 0, "span_end": 1, "responsible_body": None, "tracked": True,
            })
    _insert(session, Inspection.__table__, inspections)
    _insert(session, Finding.__table__, findings)

    action_rows, links, partners, update_rows, evidence = [], [], [], [], []
    per_area_actions = actions // areas
    updates_per_action = updates // actions
    for n in range(actions):
        action_id = n + 1
        area = n // per_area_actions + 1
        people = per_area[area]["officer"] + per_area[area]["manager"]
        finding = rng.randrange(FINDINGS_PER_INSPECTION)
        status = rng.choice(STATUSES)
        last_update = now - timedelta(days=rng.randrange(0, 60))
        action_rows.append({
            "id": action_id, "local_area_id": area, "inspection_id": area,
            "reference": f"{finding + 1}.{n % per_area_actions + 1}", "title": f"Synthetic action {action_id}",
            "description": "", "lead_id": rng.choice(people), "start_date": today - timedelta(days=120),
            "due_date": today + timedelta(days=rng.randrange(-60, 180)), "success_measure": "", "baseline": "",
            "target": "", "status": status, "rag": rng.choice(RAGS), "rag_reason": "", "retired_reason": "",
            "returned_reason": "", "created_at": now - timedelta(days=150), "last_update_at": last_update,
            "version": 1,
        })
        links.append({"action_id": action_id, "finding_id": (area - 1) * FINDINGS_PER_INSPECTION + finding + 1})
        if rng.random() < 0.3:
            partners.append({"action_id": action_id, "user_id": rng.choice(people)})
        for k in range(updates_per_action):
            update_rows.append({
                "id": n * updates_per_action + k + 1, "action_id": action_id, "author_id": rng.choice(people),
                "created_at": last_update - timedelta(days=14 * k), "rag": rng.choice(RAGS),
                "rag_reason": "On track with the plan.", "done": "Met the panel; reviewed the data.",
                "next_steps": "", "percent_complete": None,
            })
        if status in ("in_progress", "complete") and rng.random() < 0.2:
            evidence.append({
                "id": len(evidence) + 1, "action_id": action_id, "added_by_id": rng.choice(people),
                "added_at": now - timedelta(days=rng.randrange(1, 30)), "kind": "activity",
                "description": "Panel minutes", "as_at": today, "review_status": "awaiting_review",
                "review_comment": "", "link_url": "https://example.org/minutes",
            })
    _insert(session, Action.__table__, action_rows)
    _insert(session, action_finding, links)
    _insert(session, action_partner_user, partners)
    _insert(session, ProgressUpdate.__table__, update_rows)
    _insert(session, Evidence.__table__, evidence)
    if session.get_bind().dialect.name == "postgresql":
        # Ids were given explicitly: move each sequence past them so later inserts do not collide.
        for table in ("local_area", "user", "membership", "inspection", "finding", "action", "progress_update",
                      "evidence"):
            session.execute(
                # The table names are the fixed list above, never input.
                sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))")  # noqa: S608, E501
            )
    session.commit()
    # A database in use has its planner statistics (autovacuum gathers them); one loaded a moment ago has none, and
    # PostgreSQL then guesses a plan's rows and can walk a whole table's primary key for one action's updates.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("ANALYZE"))
        session.commit()
    return Counts(areas, users, len(action_rows), len(update_rows), len(evidence))
