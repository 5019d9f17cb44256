"""Evidence packs: per weakness or for the whole plan, the accepted evidence (or, when a manager asks, everything
not withdrawn) gathered into the facts of an index and the list of files to stream.

Everything is read from the database before the first byte is sent, in a fixed number of statements; the
stream itself needs only the store, so a long download holds no database connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from .. import audit
from ..dashboard.data import inspection_summary, load_plan
from ..documents.evidence_pack import PackAction, PackEvidence, PackFacts, PackFile, PackFinding, pack_file_name
from ..extensions import db
from ..models import Evidence, Inspection, User, utcnow
from ..permissions import can_manage_area, require
from ..storage import Storage, StoredFileMissing
from ..vocabulary import ACTION_RETIRED, REVIEW_ACCEPTED, REVIEW_AWAITING, REVIEW_RETURNED

STATUS_LABELS = {REVIEW_ACCEPTED: "Accepted", REVIEW_AWAITING: "Awaiting review", REVIEW_RETURNED: "Returned"}


@dataclass(frozen=True)
class EvidencePack:
    facts: PackFacts
    files: list[PackFile]
    made_at: datetime

    @property
    def file_name(self) -> str:
        scope = self.facts.scope.lower().replace(" ", "-")
        return f"evidence-pack-{self.facts.area_name.lower().replace(' ', '-')}-{scope}-{self.made_at:%Y-%m-%d}.zip"


class NoSuchFinding(LookupError):
    """The finding asked for is not one the plan tracks."""


def _opener(store: Storage, key: str):
    def open_stored():
        try:
            return store.open(key)
        except StoredFileMissing:
            return None

    return open_stored


def evidence_pack(
    user: User, inspection: Inspection, store: Storage, finding_id: int | None = None, include_unaccepted: bool = False
) -> EvidencePack:
    """The pack's index facts and files, and an audit event for the download, committed before streaming."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can download evidence packs.")
    plan = load_plan(inspection_summary(inspection.id))
    weaknesses = [w for w in plan.weaknesses if finding_id is None or w.id == finding_id]
    if finding_id is not None and not weaknesses:
        raise NoSuchFinding(finding_id)
    wanted_actions = {
        action.id: action
        for action in plan.actions
        if action.status != ACTION_RETIRED and any(w.id in action.finding_ids for w in weaknesses)
    }
    statuses = (REVIEW_ACCEPTED, REVIEW_AWAITING, REVIEW_RETURNED) if include_unaccepted else (REVIEW_ACCEPTED,)
    reviewer = aliased(User)
    rows = db.session.execute(
        select(
            Evidence.id, Evidence.action_id, Evidence.kind, Evidence.description, Evidence.as_at, Evidence.link_url,
            Evidence.storage_key, Evidence.original_filename, Evidence.size_bytes, Evidence.added_at,
            Evidence.review_status, Evidence.reviewed_at, reviewer.name.label("reviewer"),
        )
        .outerjoin(reviewer, reviewer.id == Evidence.reviewed_by_id)
        # The actions come from this inspection's plan: evidence from another area can never be reached.
        .where(Evidence.action_id.in_(list(wanted_actions)), Evidence.review_status.in_(statuses))
        .order_by(Evidence.as_at, Evidence.id)
    ).all()

    items: dict[int, list[PackEvidence]] = {action_id: [] for action_id in wanted_actions}
    files: list[PackFile] = []
    for row in rows:
        reference = wanted_actions[row.action_id].reference
        file_name = None
        if row.storage_key:
            file_name = pack_file_name(reference, row.id, row.original_filename or "file")
            files.append(PackFile(file_name, row.size_bytes or 0, row.added_at, _opener(store, row.storage_key)))
        items[row.action_id].append(
            PackEvidence(
                description=row.description,
                kind=row.kind.capitalize(),
                as_at=row.as_at,
                status=STATUS_LABELS[row.review_status],
                reviewer=row.reviewer,
                reviewed_on=row.reviewed_at.date() if row.reviewed_at else None,
                file_name=file_name,
                link_url=row.link_url,
            )
        )
    made_at = utcnow()
    facts = PackFacts(
        area_name=plan.inspection.area_name,
        scope=weaknesses[0].label if finding_id is not None else "the whole plan",
        generated_on=made_at.date(),
        accepted_only=not include_unaccepted,
        findings=tuple(
            PackFinding(
                w.label,
                w.text,
                tuple(
                    PackAction(a.reference, a.title, tuple(items[a.id]))
                    for a in wanted_actions.values()
                    if w.id in a.finding_ids
                ),
            )
            for w in weaknesses
        ),
    )
    audit.record_now(
        "evidence_pack.downloaded",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"Evidence pack for {facts.scope} downloaded: {facts.evidence_count} items, {len(files)} files, "
        + ("accepted evidence only" if facts.accepted_only else "including evidence not yet accepted"),
    )
    return EvidencePack(facts, files, made_at)


def pack_choices(inspection: Inspection) -> list[tuple[int, str]]:
    """(finding id, label) for each finding the plan tracks, in plan order."""
    return [(w.id, w.label) for w in load_plan(inspection_summary(inspection.id)).weaknesses]
