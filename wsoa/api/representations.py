"""What the API says about each thing: plain dictionaries in the shapes `schemas.py` documents.

Flags come from the vocabulary's one rule with the area's own thresholds, so the API says what every page,
digest and export says. Times are UTC and say so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import url_for

from ..actions.services import finding_numbers
from ..board.trends import against_target
from ..inspections.cycle import NO_CYCLE, CycleFacts
from ..inspections.cycle_services import JudgementLine
from ..inspections.grouping import finding_label, judged_at_revisit
from ..inspections.key_dates import key_dates
from ..models import (
    ROLE_ADMIN,
    Action,
    ApiToken,
    Evidence,
    Inspection,
    LocalArea,
    MeasuredValue,
    Milestone,
    ProgressUpdate,
    User,
)
from ..permissions import role_in_area
from ..vocabulary import STATUS_NAMES, Thresholds, flags_of
from .services import ActionLinks, PlanRead, links_of


def _utc(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _named(thing) -> dict | None:
    return {"id": thing.id, "name": thing.name} if thing is not None else None


def area(local_area: LocalArea, user: User) -> dict:
    return {
        "id": local_area.id,
        "name": local_area.name,
        "your_role": role_in_area(user, local_area.id) or ROLE_ADMIN,
        "thresholds": {
            "stale_after_days": local_area.stale_after_days,
            "due_soon_days": local_area.due_soon_days,
        },
    }


def inspection_summary(inspection: Inspection, cycle: CycleFacts = NO_CYCLE) -> dict:
    """With its key dates as the pages show them: estimates follow what the cycle has recorded."""
    return {
        "id": inspection.id,
        "area": _named(inspection.local_area),
        "framework": inspection.framework,
        "letter_date": inspection.letter_date,
        "inspection_start": inspection.inspection_start,
        "inspection_end": inspection.inspection_end,
        "wsoa_required": inspection.wsoa_required,
        "outcome": inspection.outcome,
        "priority_action_plan_required": inspection.priority_action_plan_required,
        "local_authority": inspection.local_authority,
        "integrated_care_board": inspection.integrated_care_board,
        "imported_at": _utc(inspection.imported_at),
        "key_dates": [
            {
                "code": key_date.code,
                "name": key_date.name,
                "date": key_date.when,
                "set_by_manager": key_date.set_by_manager,
                "explanation": key_date.explanation,
            }
            for key_date in key_dates(inspection, cycle)
        ],
    }


def _label(kind: str, numbers: dict[int, int], finding_id: int) -> str | None:
    number = numbers.get(finding_id)
    return finding_label(kind, number) if number is not None else None


def inspection_in_full(inspection: Inspection, cycle: CycleFacts = NO_CYCLE) -> dict:
    numbers = finding_numbers(inspection)
    return inspection_summary(inspection, cycle) | {
        "findings": [
            {
                "id": finding.id,
                "position": finding.position,
                "kind": finding.kind,
                "label": _label(finding.kind, numbers, finding.id),
                "plan_number": numbers.get(finding.id),
                "judged_at_revisit": judged_at_revisit(finding.kind),
                "tracked": finding.tracked,
                "section": finding.section,
                "responsible_body": finding.responsible_body,
                "text": finding.text,
            }
            for finding in inspection.findings
        ]
    }


def action(item: Action, numbers: dict[int, int], today: date, links: ActionLinks, thresholds: Thresholds) -> dict:
    """`numbers`: the plan numbers of the inspection's findings (`finding_numbers`), worked out once per list;
    `links`: what it links to (`links_of` or, for a list, `links_for`); `thresholds`: its area's."""
    flags = flags_of(item, thresholds, today)
    labels = flags.labels()
    return {
        "id": item.id,
        "reference": item.reference,
        "title": item.title,
        "description": item.description,
        "area_id": item.local_area_id,
        "inspection_id": item.inspection_id,
        "findings": [
            {"id": finding_id, "label": _label(kind, numbers, finding_id)} for finding_id, kind in links.findings
        ],
        "status": item.status,
        "status_name": STATUS_NAMES[item.status],
        "rag": item.rag,
        "rag_reason": item.rag_reason,
        "flags": {
            "overdue": flags.overdue,
            "stale": flags.stale,
            "due_soon": flags.due_soon,
            "days_overdue": flags.days_overdue,
            "days_since_update": flags.days_since_update,
            "raised": [flag for flag, _ in labels],
            "words": [words for _, words in labels],
        },
        "lead": _named(item.lead),
        "partners": [{"id": person_id, "name": name} for person_id, name in links.partners],
        "partner_organisations": list(links.organisations),
        "start_date": item.start_date,
        "due_date": item.due_date,
        "created_at": _utc(item.created_at),
        "last_update_at": _utc(item.last_update_at),
        "signed_off_at": _utc(item.signed_off_at),
        "success_measure": item.success_measure,
        "baseline": item.baseline,
        "target": item.target,
        "measure": _measure(item, links.latest_measure),
        "returned_reason": item.returned_reason,
        "retired_reason": item.retired_reason,
        "version": item.version,
    }


def _measure(item: Action, latest: tuple[date, float] | None) -> dict:
    value = latest[1] if latest else None
    return {
        "unit": item.measure_unit,
        "baseline_value": item.baseline_value,
        "target_value": item.target_value,
        "better": item.measure_better,
        "latest": {"measured_on": latest[0], "value": value} if latest else None,
        "against_target": against_target(value, item.target_value, item.measure_better, item.measure_unit)
        if item.success_measure
        else "",
    }


def single_action(item: Action, today: date) -> dict:
    return action(item, finding_numbers(item.inspection), today, links_of(item), item.local_area.thresholds)


def update(item: ProgressUpdate) -> dict:
    return {
        "id": item.id,
        "action_id": item.action_id,
        "created_at": _utc(item.created_at),
        "author": _named(item.author),
        "rag": item.rag,
        "rag_reason": item.rag_reason,
        "done": item.done,
        "next_steps": item.next_steps,
        "percent_complete": item.percent_complete,
    }


def measured_value(item: MeasuredValue) -> dict:
    return {
        "id": item.id,
        "action_id": item.action_id,
        "measured_on": item.measured_on,
        "value": item.value,
        "source": item.source,
        "recorded_by": _named(item.recorded_by),
        "recorded_at": _utc(item.recorded_at),
    }


def milestone(item: Milestone) -> dict:
    return {
        "id": item.id,
        "action_id": item.action_id,
        "title": item.title,
        "due_date": item.due_date,
        "done_on": item.done_on,
    }


def evidence(item: Evidence) -> dict:
    stored = item.storage_key is not None
    return {
        "id": item.id,
        "action_id": item.action_id,
        "kind": item.kind,
        "description": item.description,
        "as_at": item.as_at,
        "added_at": _utc(item.added_at),
        "added_by": _named(item.added_by),
        "review_status": item.review_status,
        "reviewed_at": _utc(item.reviewed_at),
        "reviewed_by": _named(item.reviewed_by),
        "review_comment": item.review_comment,
        "link_url": item.link_url,
        "file": {
            "filename": item.original_filename,
            "content_type": item.content_type,
            "size_bytes": item.size_bytes,
            "sha256": item.sha256,
            "download_url": url_for("api.evidence_file", evidence_id=item.id, _external=False),
        }
        if stored
        else None,
    }


def me(user: User, token: ApiToken) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "is_admin": user.is_admin,
        "memberships": [
            {"area": _named(membership.local_area), "role": membership.role}
            for membership in sorted(user.memberships, key=lambda m: m.local_area.name.lower())
        ],
        "token": {"name": token.name, "scope": token.scope, "expires_on": token.expires_on},
    }


def plan(item: PlanRead) -> dict:
    visit = item.visit
    return {
        "number": item.number,
        "name": item.name,
        "opened_on": item.opened_on,
        "closed_on": item.closed_on,
        "status": item.status,
        "visit": {
            "notice_on": visit.notice_on,
            "starts_on": visit.starts_on,
            "ends_on": visit.ends_on,
            "letter_published_on": visit.letter_published_on,
        }
        if visit is not None
        else None,
    }


def judgement(line: JudgementLine) -> dict:
    return {
        "finding": {"id": line.finding_id, "label": line.label},
        "plan_number": line.plan_number,
        "progress": line.progress,
        "inspectors_words": line.inspectors_words,
        "recorded_at": _utc(line.recorded_at),
        "corrected_at": _utc(line.corrected_at),
    }
