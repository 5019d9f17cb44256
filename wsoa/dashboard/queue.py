"""A manager's work queue for one plan: what waits for them, and what needs chasing. Pure: plain facts in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..vocabulary import ACTION_COMPLETE, OPEN_STATUSES, REVIEW_AWAITING, Thresholds, flags_of
from .facts import ActionFacts, EvidenceFacts

TO_REVIEW = "to_review"
TO_SIGN_OFF = "to_sign_off"
NOT_SET_UP = "not_set_up"
OVERDUE = "overdue"
STALE = "stale"
QUEUE_TITLES = {
    TO_REVIEW: "Evidence to review",
    TO_SIGN_OFF: "Actions to sign off or return",
    NOT_SET_UP: "Actions with no lead, due date or success measure",
    OVERDUE: "Overdue actions",
    STALE: "Actions with no recent update",
}


@dataclass(frozen=True)
class QueueItem:
    action: ActionFacts
    detail: str
    evidence: EvidenceFacts | None = None


@dataclass(frozen=True)
class WorkQueue:
    items: dict[str, list[QueueItem]] = field(default_factory=lambda: {kind: [] for kind in QUEUE_TITLES})

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in self.items.items()}

    @property
    def empty(self) -> bool:
        return not any(self.items.values())


def _missing(action: ActionFacts) -> list[str]:
    return [
        what
        for what, present in (
            ("lead", action.lead_id),
            ("due date", action.due_date),
            ("success measure", action.success_measure.strip()),
        )
        if not present
    ]


def work_queue(actions: Sequence[ActionFacts], thresholds: Thresholds, today: date) -> WorkQueue:
    queue = WorkQueue()
    for action in actions:
        for evidence in action.evidence:
            if evidence.review_status == REVIEW_AWAITING and action.status in (*OPEN_STATUSES, ACTION_COMPLETE):
                queue.items[TO_REVIEW].append(QueueItem(action, evidence.description, evidence))
        if action.status == ACTION_COMPLETE:
            queue.items[TO_SIGN_OFF].append(QueueItem(action, "Marked complete by its lead"))
        if action.status not in OPEN_STATUSES:
            continue
        if missing := _missing(action):
            queue.items[NOT_SET_UP].append(QueueItem(action, "No " + ", no ".join(missing)))
        flags = flags_of(action, thresholds, today)
        for kind, raised in ((OVERDUE, flags.overdue), (STALE, flags.stale)):
            if raised:
                words = dict(flags.labels())[kind]
                queue.items[kind].append(QueueItem(action, words))
    return queue
