"""A small plan with a known history, built through the real services at fixed moments (time-machine), so
the dashboards' numbers can be worked out by hand. See KNOWN below for the answers.

Today is 15 January 2026. Stale after 30 days (the default). Weaknesses 1, 2 and 3 are tracked.

  ref  weaknesses  lead   status       RAG    due          last update   evidence (accepted)
  1.1  1           Olu    in progress  amber  1 Dec 2025   20 Dec 2025   -                       overdue 45 days
  1.2  1, 2        Priya  complete     red    30 Sep 2025   1 Jun 2025    activity as at 1 May 2025 (old, no impact)
  2.1  2           Priya  not started  -      1 Feb 2026   -             -                       stale, due soon
  2.2  2           -      retired      -      -            -             -
  3.1  3           Olu    signed off   green  30 Nov 2025  1 Oct 2025    impact as at 1 Oct 2025
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import time_machine
from flask import Flask

from tests.factories import PASSWORD, UserData, make_inspection
from wsoa.actions.evidence import EvidenceDetails, add_evidence, review_evidence
from wsoa.actions.services import (
    ActionDetails,
    UpdateDetails,
    create_action,
    edit_action,
    mark_complete,
    post_update,
    retire_action,
    seed_actions,
    sign_off,
    trackable_findings,
)
from wsoa.auth.services import create_user
from wsoa.extensions import db
from wsoa.models import Action, Evidence, Inspection, User
from wsoa.storage import LocalStorage

TODAY = date(2026, 1, 15)
REVISIT = date(2026, 6, 1)
WSOA_DEADLINE = date(2025, 6, 20)


@dataclass(frozen=True)
class KnownPlan:
    inspection_id: int
    area_id: int
    area: str
    manager: UserData
    olu: UserData
    priya: UserData
    viewer: UserData
    actions: dict[str, int]  # reference -> id
    weaknesses: dict[int, int]  # number -> finding id


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0), tick=False)


def _user(email: str, name: str, role: str, area: str) -> UserData:
    user = create_user(email, name, PASSWORD, role, area)
    return UserData(user.id, user.email, PASSWORD)


def build_known_plan(app: Flask, area: str = "Westmarsh") -> KnownPlan:
    inspection_data = make_inspection(app, area)
    slug = area.lower().replace(" ", "")
    with app.app_context():
        manager = _user(f"manager@{slug}.example", "Morgan Hale", "manager", area)
        olu = _user(f"olu@{slug}.example", "Olu Adebayo", "officer", area)
        priya = _user(f"priya@{slug}.example", "Priya Shah", "officer", area)
        viewer = _user(f"viewer@{slug}.example", "Val Pierce", "viewer", area)
        store = LocalStorage(app.config["EVIDENCE_STORAGE_DIR"])
        max_bytes = app.config["EVIDENCE_MAX_BYTES"]

        def get(model, ident):
            return db.session.get(model, ident)

        def _version(action_id: int) -> int:
            return get(Action, action_id).version

        inspection = get(Inspection, inspection_data.id)
        inspection.wsoa_deadline, inspection.revisit_date = WSOA_DEADLINE, REVISIT
        # This area looks a month ahead: 2.1, due 17 days after the dashboards' today, is due soon.
        inspection.local_area.due_soon_days = 30
        db.session.commit()
        first_three = [f.id for f in trackable_findings(inspection)[:3]]
        boss = get(User, manager.id)
        with _at(date(2025, 4, 1)):
            seed_actions(boss, inspection, first_three)
        refs = {a.reference: a.id for a in db.session.query(Action).filter_by(inspection_id=inspection.id)}
        assert set(refs) == {"1.1", "2.1", "3.1"}, refs

        def details(action: Action, lead: UserData | None, due: date, findings=None, organisations=()):
            return ActionDetails(
                title=action.title,
                finding_ids=findings or [f.id for f in action.findings],
                lead_id=lead.id if lead else None,
                partner_organisations=list(organisations),
                start_date=date(2025, 4, 1),
                due_date=due,
                success_measure="More plans on time",
            )

        with _at(date(2025, 4, 2)):
            for ref, lead, due in (("1.1", olu, date(2025, 12, 1)), ("2.1", priya, date(2026, 2, 1)),
                                   ("3.1", olu, date(2025, 11, 30))):
                action = get(Action, refs[ref])
                edit_action(boss, action, details(action, lead, due), action.version)
            extra = create_action(
                boss,
                inspection,
                ActionDetails(
                    title="Joint commissioning of speech and language therapy",
                    description="Commission a joint speech and language therapy service",
                    finding_ids=first_three[:2],
                    lead_id=priya.id,
                    partner_organisations=["NHS Westmarsh ICB", "Westmarsh Voices"],
                    start_date=date(2025, 4, 1),
                    due_date=date(2025, 9, 30),
                ),
            )
            refs[extra.reference] = extra.id
            spare = create_action(boss, inspection, ActionDetails(title="Spare", finding_ids=[first_three[1]]))
            refs[spare.reference] = spare.id
        assert set(refs) == {"1.1", "1.2", "2.1", "2.2", "3.1"}, refs
        with _at(date(2025, 4, 3)):
            retire_action(boss, get(Action, refs["2.2"]), "Duplicate of 2.1", _version(refs["2.2"]))

        # 1.2: red update, activity evidence as at 1 May, marked complete; never any impact evidence.
        with _at(date(2025, 6, 1)):
            post_update(get(User, priya.id), get(Action, refs["1.2"]),
                        UpdateDetails("red", "Therapists hard to find", "Service specification drafted"),
                        _version(refs["1.2"]))
            add_evidence(get(User, priya.id), get(Action, refs["1.2"]),
                         EvidenceDetails("activity", "Specification", date(2025, 5, 1),
                                         link_url="https://example.org/spec"),
                         store, max_bytes, _version(refs["1.2"]))
        with _at(date(2025, 6, 2)):
            evidence = db.session.query(Evidence).filter_by(action_id=refs["1.2"]).one()
            review_evidence(boss, evidence, True, "", evidence.action.version)
        with _at(date(2025, 7, 1)):
            mark_complete(get(User, priya.id), get(Action, refs["1.2"]), _version(refs["1.2"]))

        # 3.1: green update, impact evidence, complete, signed off.
        with _at(date(2025, 10, 1)):
            post_update(get(User, olu.id), get(Action, refs["3.1"]),
                        UpdateDetails("green", "On track", "=SUM(A1:A2) panel meets weekly", "Keep going"),
                        _version(refs["3.1"]))
            add_evidence(get(User, olu.id), get(Action, refs["3.1"]),
                         EvidenceDetails("impact", "Parent survey", date(2025, 10, 1),
                                         link_url="https://example.org/survey"),
                         store, max_bytes, _version(refs["3.1"]))
        with _at(date(2025, 10, 15)):
            evidence = db.session.query(Evidence).filter_by(action_id=refs["3.1"]).one()
            review_evidence(boss, evidence, True, "", evidence.action.version)
            mark_complete(get(User, olu.id), get(Action, refs["3.1"]), _version(refs["3.1"]))
        with _at(date(2025, 10, 20)):
            sign_off(boss, get(Action, refs["3.1"]), _version(refs["3.1"]))

        # 1.1: amber update just before Christmas; overdue since 1 December.
        with _at(date(2025, 12, 20)):
            post_update(get(User, olu.id), get(Action, refs["1.1"]),
                        UpdateDetails("amber", "Recruitment slow", "Two caseworkers recruited"),
                        _version(refs["1.1"]))

        weaknesses = {number: finding_id for number, finding_id in enumerate(first_three, start=1)}
        return KnownPlan(
            inspection_id=inspection.id,
            area_id=inspection.local_area_id,
            area=area,
            manager=manager,
            olu=olu,
            priya=priya,
            viewer=viewer,
            actions=refs,
            weaknesses=weaknesses,
        )
