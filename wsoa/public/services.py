"""The public progress page's database work: gathering the facts, saving a manager's choices, publishing the
snapshot, taking it down, and finding what the public may read.

What reaches the page is decided by wsoa/public/page.py from the facts gathered here; the public routes read
only the stored snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..actions.services import finding_numbers, in_plan_order
from ..extensions import db
from ..inspections.key_dates import key_dates
from ..models import Action, ActionComment, Evidence, Inspection, LocalArea, PublicPage, User, utcnow
from ..permissions import can_manage_area, require
from ..refusal import Refusal
from .page import (
    ActionFacts,
    Choices,
    CommentFacts,
    EvidenceFacts,
    FindingFacts,
    LatestUpdate,
    PageFacts,
    build_snapshot,
    default_choices,
    differences,
    fingerprint,
    is_empty,
    slug_for,
)

NOTHING_CHOSEN = "Choose at least one weakness or area for development to publish"


class PublishingError(Refusal):
    """A plain-English reason nothing was saved or published."""


class PreviewOutOfDate(PublishingError):
    """The plan or the choices changed after the preview the manager published from."""


def _manager_only(user: User, area: LocalArea) -> None:
    require(can_manage_area(user, area.id), "Only a manager of this area can publish its progress page.")


def current_inspection(area: LocalArea) -> Inspection | None:
    """The inspection the area's page is about: its latest."""
    return area.inspections[0] if area.inspections else None


def page_of(area: LocalArea) -> PublicPage | None:
    return db.session.scalar(select(PublicPage).where(PublicPage.local_area_id == area.id))


def page_facts(inspection: Inspection) -> PageFacts:
    """Everything the page could show for the inspection, as plain facts (a fixed number of queries)."""
    numbers = finding_numbers(inspection)
    actions = db.session.scalars(
        select(Action)
        .where(Action.inspection_id == inspection.id)
        .options(
            selectinload(Action.findings),
            selectinload(Action.lead),
            selectinload(Action.partner_users),
            selectinload(Action.partner_organisations),
            selectinload(Action.milestones),
            selectinload(Action.updates),
            selectinload(Action.comments).selectinload(ActionComment.author),
            selectinload(Action.evidence),
        )
    )
    return PageFacts(
        area=inspection.local_area.name,
        framework=inspection.framework,
        inspected_from=inspection.inspection_start,
        inspected_to=inspection.inspection_end,
        key_dates=tuple(key_dates(inspection)),
        findings=tuple(
            FindingFacts(f.id, f.kind, numbers[f.id], f.text) for f in in_plan_order(inspection.findings)
        ),
        actions=tuple(sorted((_action_facts(action) for action in actions), key=_reference_order)),
    )


def _reference_order(action: ActionFacts) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in action.reference.split("."))


def _action_facts(action: Action) -> ActionFacts:
    latest = action.updates[0] if action.updates else None  # newest first
    return ActionFacts(
        id=action.id,
        reference=action.reference,
        title=action.title,
        status=action.status,
        finding_ids=tuple(f.id for f in action.findings),
        rag=action.rag,
        rag_reason=action.rag_reason,
        start_date=action.start_date,
        due_date=action.due_date,
        lead=action.lead.name if action.lead else None,
        partners=tuple(user.name for user in action.partner_users),
        organisations=tuple(o.name for o in action.partner_organisations),
        milestones_done=sum(1 for m in action.milestones if m.done_on),
        milestones_total=len(action.milestones),
        latest_update=LatestUpdate(latest.created_at.date(), latest.done, latest.next_steps, latest.percent_complete)
        if latest
        else None,
        comments=tuple(CommentFacts(c.created_at.date(), c.author.name, c.body) for c in action.comments),
        evidence=tuple(
            EvidenceFacts(e.id, e.kind, e.description, e.as_at, e.review_status, e.original_filename, e.link_url)
            for e in action.evidence
        ),
    )


def choices_for(area: LocalArea, facts: PageFacts) -> Choices:
    """What the manager last saved for this inspection, or the defaults."""
    page = page_of(area)
    if page is None or page.inspection_id != current_inspection(area).id:
        return default_choices(facts)
    return Choices.from_record(page.choices)


def _unique_slug(area: LocalArea) -> str:
    base = slug_for(area.name)
    taken = set(db.session.scalars(select(PublicPage.slug).where(PublicPage.slug.like(f"{base}%"))))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def save_choices(user: User, area: LocalArea, choices: Choices) -> PublicPage:
    """Keep what the manager chose, for the preview and the publish that follows. Nothing chosen: nothing saved."""
    _manager_only(user, area)
    inspection = current_inspection(area)
    if inspection is None:
        raise PublishingError("There is no inspection to publish progress on yet")
    if choices.is_empty:
        raise PublishingError(NOTHING_CHOSEN)
    page = page_of(area)
    if page is None:
        page = PublicPage(local_area_id=area.id, slug=_unique_slug(area), inspection_id=inspection.id)
        db.session.add(page)
    before = dict(page.choices or {})
    page.inspection_id = inspection.id
    page.choices = choices.to_record()
    page.choices_saved_at = utcnow()
    page.choices_saved_by_id = user.id
    audit.record(
        "public_page.choices_saved",
        user,
        local_area_id=area.id,
        summary="Choices for the public progress page saved",
        changes=audit.changes_between(before, page.choices),
    )
    db.session.commit()
    return page


@dataclass(frozen=True)
class Preview:
    page: PublicPage
    snapshot: dict
    differences: list[str]
    fingerprint: str


def preview(user: User, area: LocalArea, today: date) -> Preview | None:
    """The page as it would be published today from the saved choices, and what would change; None when nothing
    has been chosen yet."""
    _manager_only(user, area)
    page = page_of(area)
    inspection = current_inspection(area)
    if page is None or inspection is None or page.inspection_id != inspection.id:
        return None
    snapshot = build_snapshot(page_facts(inspection), Choices.from_record(page.choices), today)
    return Preview(page, snapshot, differences(page.snapshot, snapshot), fingerprint(snapshot))


def publish(user: User, area: LocalArea, previewed: str, today: date) -> PublicPage:
    """Publish the page the manager previewed. If anything changed since (`previewed` is the preview's
    fingerprint), nothing is published: they must look again."""
    proposed = preview(user, area, today)
    if proposed is None:
        raise PublishingError(NOTHING_CHOSEN)
    if is_empty(proposed.snapshot):
        raise PublishingError(NOTHING_CHOSEN)
    if previewed != proposed.fingerprint:
        raise PreviewOutOfDate(
            "The plan or the choices changed after you opened this preview. Check what would change again, "
            "then publish."
        )
    page = proposed.page
    was_published = page.snapshot is not None
    page.snapshot = proposed.snapshot
    page.published_at = utcnow()
    page.published_by_id = user.id
    audit.record(
        "public_page.published",
        user,
        local_area_id=area.id,
        summary=f"Public progress page {'republished' if was_published else 'published'} at /public/{page.slug}",
        changes={"differences": proposed.differences},
    )
    db.session.commit()
    return page


def unpublish(user: User, area: LocalArea) -> None:
    """Take the page down: its address answers "page not found" until it is published again."""
    _manager_only(user, area)
    page = page_of(area)
    if page is None or page.snapshot is None:
        raise PublishingError("The progress page is not published")
    page.snapshot = None
    page.published_at = None
    page.published_by_id = None
    audit.record(
        "public_page.unpublished",
        user,
        local_area_id=area.id,
        summary=f"Public progress page at /public/{page.slug} taken down",
    )
    db.session.commit()


@dataclass(frozen=True)
class PublishedPage:
    slug: str
    local_area_id: int
    snapshot: dict
    published_at: datetime


def published_page(slug: str) -> PublishedPage | None:
    """What the public may read at /public/<slug>; None when there is no such page or it is not published."""
    page = db.session.scalar(select(PublicPage).where(PublicPage.slug == slug, PublicPage.published_at.is_not(None)))
    if page is None or page.snapshot is None:
        return None
    return PublishedPage(page.slug, page.local_area_id, page.snapshot, page.published_at)


def published_evidence_file(slug: str, evidence_id: int) -> Evidence | None:
    """An evidence file the area's published page shows, for anyone to download; None for anything else."""
    page = published_page(slug)
    if page is None:
        return None
    shown = {
        item["id"]
        for group in page.snapshot["groups"]
        for finding in group["findings"]
        for action in finding["actions"]
        for item in action["evidence"]
        if item["file_name"]
    }
    if evidence_id not in shown:
        return None
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.storage_key is None or evidence.action.local_area_id != page.local_area_id:
        return None
    audit.record_now(
        "public_page.evidence_downloaded",
        None,
        local_area_id=evidence.action.local_area_id,
        action_id=evidence.action_id,
        summary=f"Downloaded {evidence.original_filename} from the public progress page",
    )
    return evidence
