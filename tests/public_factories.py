"""Helpers for the public progress page's tests: choose, preview and publish through the client as a manager
would, and read what is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import Flask

from tests.dashboard_factories import KnownPlan
from tests.pages import hidden_fields, post_form, redirect_target
from wsoa.actions.evidence import EvidenceDetails, add_evidence, review_evidence
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, LocalArea, PublicPage, User
from wsoa.public.page import Choices
from wsoa.public.services import current_inspection, page_facts, preview, publish, save_choices
from wsoa.storage import LocalStorage


def manage_path(area_id: int) -> str:
    return f"/areas/{area_id}/public-page"


def choose(client, area_id: int, *, findings=(), actions=(), evidence=(), shown=(), summaries=None):
    """Post the choices form as a manager would (ticked boxes and typed summaries only)."""
    data = {
        "findings": [str(ident) for ident in findings],
        "actions": [str(ident) for ident in actions],
        "evidence": [str(ident) for ident in evidence],
        "shown": list(shown),
    }
    data.update({f"summary_{ident}": text for ident, text in (summaries or {}).items()})
    return post_form(client, manage_path(area_id), data)


def publish_previewed(client, area_id: int):
    """Open the preview and press "Publish this page" on it."""
    fields = hidden_fields(client, f"{manage_path(area_id)}/preview")
    return client.post(f"{manage_path(area_id)}/publish", data=fields)


def choose_and_publish(client, area_id: int, **choices) -> None:
    chosen = choose(client, area_id, **choices)
    assert redirect_target(chosen) == f"{manage_path(area_id)}/preview", chosen.get_data(as_text=True)[:2000]
    published = publish_previewed(client, area_id)
    assert redirect_target(published) == manage_path(area_id)


def stored_page(app: Flask, area_id: int) -> PublicPage | None:
    with app.app_context():
        page = db.session.query(PublicPage).filter_by(local_area_id=area_id).one_or_none()
        if page is not None:
            db.session.expunge(page)
        return page


def events(app: Flask, prefix: str = "public_page.") -> list[AuditEvent]:
    with app.app_context():
        found = db.session.query(AuditEvent).filter(AuditEvent.event.like(f"{prefix}%")).order_by(AuditEvent.id).all()
        for event in found:
            db.session.expunge(event)
        return found


def add_accepted_file(app: Flask, known: KnownPlan, reference: str, description: str, filename: str) -> int:
    """A file of evidence on the action, added by its lead and accepted by the manager: its id."""
    with app.app_context():
        action = db.session.get(Action, known.actions[reference])
        lead = db.session.get(User, action.lead_id)
        evidence = add_evidence(
            lead,
            action,
            EvidenceDetails("impact", description, date(2025, 12, 1), filename=filename, data=b"term,count\nA,1\n"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        review_evidence(db.session.get(User, known.manager.id), evidence, True, "", action.version)
        return evidence.id


@dataclass(frozen=True)
class PublishedData:
    slug: str
    evidence_id: int  # an accepted file the page shows, so anyone may download it


def publish_everything(app: Flask, area_id: int, manager_id: int, action_id: int) -> PublishedData:
    """Through the services: accept a file of evidence on the action (added by its lead), choose every finding,
    action and that evidence, and publish the area's page."""
    with app.app_context():
        manager, action = db.session.get(User, manager_id), db.session.get(Action, action_id)
        evidence = add_evidence(
            action.lead,
            action,
            EvidenceDetails("impact", "Public survey", action.created_at.date(), filename="survey.csv", data=b"a\n1\n"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        review_evidence(manager, evidence, True, "", action.version)
        area = db.session.get(LocalArea, area_id)
        facts = page_facts(current_inspection(area))
        everything = Choices(
            finding_ids=frozenset(f.id for f in facts.findings),
            action_ids=frozenset(a.id for a in facts.actions),
            evidence_ids=frozenset({evidence.id}),
        )
        save_choices(manager, area, everything)
        page = publish(manager, area, preview(manager, area, date.today()).fingerprint, date.today())
        return PublishedData(page.slug, evidence.id)


_TAGS = re.compile(r"<[^>]+>")
_CHECKBOX = re.compile(r'<input class="govuk-checkboxes__input"[^>]*>')


def checkboxes(response) -> dict[tuple[str, str], bool]:
    """Each checkbox on the page, (name, value), and whether it is ticked."""
    found = {}
    for tag in _CHECKBOX.findall(response.get_data(as_text=True)):
        name, value = re.search(r'name="([^"]+)"', tag).group(1), re.search(r'value="([^"]*)"', tag).group(1)
        found[(name, value)] = re.search(r"\schecked[\s>]", tag) is not None
    return found


def ticked(response) -> set[tuple[str, str]]:
    return {box for box, checked in checkboxes(response).items() if checked}


def visible_text(response) -> str:
    """The page's words without its markup, whitespace squashed: what a reader sees."""
    return " ".join(_TAGS.sub(" ", response.get_data(as_text=True)).split())
