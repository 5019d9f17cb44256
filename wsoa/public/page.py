"""A local area's public progress page for families: from plain facts and a manager's choices to the snapshot
that is published, and the readable differences between two snapshots.

The public page is rendered from the snapshot alone (JSON, stored at "publish"), never from live data, so it
shows exactly what was published. What may leak is decided here, once: a finding or action appears only when
chosen, a retired action never, evidence only when chosen and accepted, and people's names, progress notes and
comments only when the manager chose to show that kind of thing. Pure: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ..formatting import long_date
from ..inspections.grouping import KIND_ORDER, KIND_TITLES, finding_label, judged_at_revisit
from ..inspections.key_dates import KeyDate
from ..letters import AREA_FOR_DEVELOPMENT, AREA_FOR_IMPROVEMENT, PRIORITY_ACTION, SIGNIFICANT_WEAKNESS
from ..vocabulary import (
    ACTION_RETIRED,
    NOT_RATED,
    RAG_AMBER,
    RAG_GREEN,
    RAG_RED,
    REVIEW_ACCEPTED,
    STATUS_NAMES,
)

SNAPSHOT_FORMAT = 1

FINDING_WORDS = {
    SIGNIFICANT_WEAKNESS: ("significant weakness", "significant weaknesses"),
    PRIORITY_ACTION: ("area for priority action", "areas for priority action"),
    AREA_FOR_IMPROVEMENT: ("area for improvement", "areas for improvement"),
    AREA_FOR_DEVELOPMENT: ("area for development", "areas for development"),
}
SUMMARY_MAX = 2000

# The RAG rating in words, so that it never rests on colour alone (WCAG 1.4.1).
RAG_WORDS = {
    RAG_GREEN: "Green: on track",
    RAG_AMBER: "Amber: at risk",
    RAG_RED: "Red: off track",
    NOT_RATED: "Not rated yet",
}

# The kinds of detail a manager may choose to show; each is hidden unless chosen.
SHOW_NAMES = "names"
SHOW_PROGRESS_NOTES = "progress_notes"
SHOW_COMMENTS = "comments"
SHOWABLE = {
    SHOW_NAMES: "the names of the people who lead and partner on each action",
    SHOW_PROGRESS_NOTES: "each action's latest progress note and the reason for its rating",
    SHOW_COMMENTS: "the discussion on each action",
}


# -- The facts a snapshot is built from ---------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFacts:
    id: int
    kind: str
    number: int  # its number in the plan: "Weakness 2", "Area for development 5"
    text: str

    @property
    def label(self) -> str:
        return finding_label(self.kind, self.number)


@dataclass(frozen=True)
class LatestUpdate:
    on: date
    done: str
    next_steps: str = ""
    percent_complete: int | None = None


@dataclass(frozen=True)
class CommentFacts:
    on: date
    author: str
    body: str


@dataclass(frozen=True)
class EvidenceFacts:
    id: int
    kind: str  # activity | impact
    description: str
    as_at: date
    review_status: str
    file_name: str | None = None
    link_url: str | None = None


@dataclass(frozen=True)
class ActionFacts:
    id: int
    reference: str
    title: str
    status: str
    finding_ids: tuple[int, ...]
    rag: str | None = None
    rag_reason: str = ""
    start_date: date | None = None
    due_date: date | None = None
    lead: str | None = None
    partners: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    milestones_done: int = 0
    milestones_total: int = 0
    latest_update: LatestUpdate | None = None
    comments: tuple[CommentFacts, ...] = ()
    evidence: tuple[EvidenceFacts, ...] = ()

    @property
    def publishable(self) -> bool:
        return self.status != ACTION_RETIRED


@dataclass(frozen=True)
class PageFacts:
    area: str
    framework: str
    inspected_from: date | None
    inspected_to: date | None
    key_dates: tuple[KeyDate, ...]
    findings: tuple[FindingFacts, ...]  # the trackable findings, in plan order
    actions: tuple[ActionFacts, ...]

    def actions_for(self, finding_id: int) -> list[ActionFacts]:
        return [action for action in self.actions if finding_id in action.finding_ids]


# -- The manager's choices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """What a manager chose to publish. Anything not named here stays off the page."""

    finding_ids: frozenset[int] = frozenset()
    summaries: Mapping[int, str] = field(default_factory=dict)  # finding id -> plain-English summary
    action_ids: frozenset[int] = frozenset()
    evidence_ids: frozenset[int] = frozenset()
    shown: frozenset[str] = frozenset()  # of SHOWABLE

    @property
    def is_empty(self) -> bool:
        return not self.finding_ids

    def summary_of(self, finding: FindingFacts) -> str:
        """The manager's words, or else the finding's own (capitalised: letters list weaknesses as fragments)."""
        text = (self.summaries.get(finding.id) or "").strip() or finding.text.strip()
        return text[:1].upper() + text[1:]

    def to_record(self) -> dict:
        """JSON for the database."""
        return {
            "findings": sorted(self.finding_ids),
            "summaries": {str(ident): text for ident, text in sorted(self.summaries.items())},
            "actions": sorted(self.action_ids),
            "evidence": sorted(self.evidence_ids),
            "shown": sorted(self.shown),
        }

    @classmethod
    def from_record(cls, record: Mapping) -> Choices:
        return cls(
            finding_ids=frozenset(record.get("findings", ())),
            summaries={int(ident): text for ident, text in record.get("summaries", {}).items()},
            action_ids=frozenset(record.get("actions", ())),
            evidence_ids=frozenset(record.get("evidence", ())),
            shown=frozenset(kind for kind in record.get("shown", ()) if kind in SHOWABLE),
        )


def default_choices(facts: PageFacts) -> Choices:
    """What the form offers before anything was chosen: the findings the revisit judges, and their actions.
    Names, notes, comments and evidence are never chosen for the manager."""
    judged = frozenset(f.id for f in facts.findings if judged_at_revisit(f.kind))
    return Choices(
        finding_ids=judged,
        action_ids=frozenset(
            action.id for action in facts.actions if action.publishable and judged.intersection(action.finding_ids)
        ),
    )


@dataclass(frozen=True)
class ChoiceEntry:
    finding: FindingFacts
    actions: list[tuple[ActionFacts, str]]  # each action offered under this finding, with words about it


@dataclass(frozen=True)
class ChoiceGroup:
    kind: str
    title: str
    judged: bool
    entries: list[ChoiceEntry]


def choice_groups(facts: PageFacts, published: dict | None) -> list[ChoiceGroup]:
    """The choices form's layout: findings by kind, each with the actions to offer under it. An action answering
    several findings is offered once, under the first; retired actions are not offered at all."""
    labels = {finding.id: finding.label for finding in facts.findings}
    on_page = set(_actions_by_reference(published))
    offered: set[int] = set()
    groups: dict[str, ChoiceGroup] = {}
    for finding in facts.findings:
        actions = []
        for action in facts.actions_for(finding.id):
            if not action.publishable or action.id in offered:
                continue
            offered.add(action.id)
            words = [STATUS_NAMES.get(action.status, action.status)]
            others = [labels[ident] for ident in action.finding_ids if ident != finding.id and ident in labels]
            if others:
                words.append("also answers " + ", ".join(others))
            if published and action.reference not in on_page:
                words.append("not on the published page")
            actions.append((action, "; ".join(words)))
        group = groups.setdefault(
            finding.kind, ChoiceGroup(finding.kind, KIND_TITLES[finding.kind], judged_at_revisit(finding.kind), [])
        )
        group.entries.append(ChoiceEntry(finding, actions))
    return sorted(groups.values(), key=lambda group: KIND_ORDER.index(group.kind))


def slug_for(name: str) -> str:
    """A readable, stable address part for an area: "Bath and North East Somerset" -> "bath-and-north-east-somerset"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("&", " and ")).strip("-")
    return slug[:100].rstrip("-") or "area"


# -- Building the snapshot ----------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _action_record(action: ActionFacts, choices: Choices) -> dict:
    rag = action.rag or NOT_RATED
    record = {
        "reference": action.reference,
        "title": action.title,
        "status": action.status,
        "status_words": STATUS_NAMES.get(action.status, action.status),
        "rag": rag,
        "rag_words": RAG_WORDS.get(rag, rag),
        "start": _iso(action.start_date),
        "due": _iso(action.due_date),
        "percent_complete": action.latest_update.percent_complete if action.latest_update else None,
        "milestones_done": action.milestones_done,
        "milestones_total": action.milestones_total,
        "organisations": list(action.organisations),
        "evidence": [
            {
                "id": item.id,
                "kind": item.kind,
                "description": item.description,
                "as_at": _iso(item.as_at),
                "file_name": item.file_name,
                "link": item.link_url,
            }
            for item in action.evidence
            if item.id in choices.evidence_ids and item.review_status == REVIEW_ACCEPTED
        ],
    }
    if SHOW_NAMES in choices.shown:
        record["lead"] = action.lead
        record["partners"] = list(action.partners)
    if SHOW_PROGRESS_NOTES in choices.shown:
        record["rag_reason"] = action.rag_reason
        update = action.latest_update
        record["latest_update"] = (
            {"on": _iso(update.on), "done": update.done, "next_steps": update.next_steps} if update else None
        )
    if SHOW_COMMENTS in choices.shown:
        record["comments"] = [
            {"on": _iso(comment.on), "body": comment.body}
            | ({"author": comment.author} if SHOW_NAMES in choices.shown else {})
            for comment in action.comments
        ]
    return record


def build_snapshot(facts: PageFacts, choices: Choices, published_on: date) -> dict:
    """The page as published: plain JSON, holding nothing the choices did not let through."""
    chosen_findings = [f for f in facts.findings if f.id in choices.finding_ids]
    kinds = sorted({f.kind for f in chosen_findings}, key=lambda kind: KIND_ORDER.index(kind))
    groups = []
    for kind in kinds:
        findings = []
        for finding in (f for f in chosen_findings if f.kind == kind):
            actions = [
                _action_record(action, choices)
                for action in facts.actions_for(finding.id)
                if action.publishable and action.id in choices.action_ids
            ]
            findings.append({"label": finding.label, "summary": choices.summary_of(finding), "actions": actions})
        groups.append(
            {"kind": kind, "title": KIND_TITLES[kind], "judged": judged_at_revisit(kind), "findings": findings}
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "area": facts.area,
        "framework": facts.framework,
        "inspected": {"from": _iso(facts.inspected_from), "to": _iso(facts.inspected_to)},
        "updated_on": published_on.isoformat(),
        "key_dates": [
            {"name": key.name, "when": _iso(key.when), "explanation": key.explanation} for key in facts.key_dates
        ],
        "groups": groups,
        "shown": sorted(choices.shown),
    }


def fingerprint(snapshot: dict) -> str:
    """Identifies what a snapshot shows, whatever the day it was built on: a preview and the publish that follows
    it agree only when nothing changed in between."""
    content = {key: value for key, value in snapshot.items() if key != "updated_on"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def is_empty(snapshot: dict) -> bool:
    return not any(group["findings"] for group in snapshot["groups"])


# -- Reading a snapshot -------------------------------------------------------------------------------------


def _count_phrase(counts: dict[str, int], words: Mapping[str, str]) -> str:
    parts = [f"{counts[key]} {words[key].lower()}" for key in words if counts.get(key)]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def unique_actions(findings: Iterable[dict]) -> list[dict]:
    """Each action once (one action may answer several findings), in the order first seen."""
    seen: dict[str, dict] = {}
    for finding in findings:
        for action in finding["actions"]:
            seen.setdefault(action["reference"], action)
    return list(seen.values())


def group_summary(group: dict) -> str:
    """One sentence a family can read: how many findings are shown, how many actions, and where those stand."""
    count = len(group["findings"])
    singular, plural = FINDING_WORDS.get(group["kind"], ("finding", "findings"))
    shown = f"{count} {singular if count == 1 else plural} {'is' if count == 1 else 'are'} shown here"
    actions = unique_actions(group["findings"])
    if not actions:
        return f"{shown}, with no actions yet."
    statuses: dict[str, int] = {}
    for action in actions:
        statuses[action["status"]] = statuses.get(action["status"], 0) + 1
    return (
        f"{shown}, with {len(actions)} action{'s' if len(actions) != 1 else ''}: "
        f"{_count_phrase(statuses, STATUS_NAMES)}."
    )


# -- Differences between two snapshots ----------------------------------------------------------------------


def iso_long_date(text: str | None) -> str:
    """A snapshot's ISO date as the pages write dates: 4 November 2019."""
    return long_date(date.fromisoformat(text)) if text else "Not known"


def _day(text: str | None) -> str:
    return iso_long_date(text) if text else "no date"


def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"‘{text if len(text) <= limit else text[: limit - 1] + '…'}’"


_ACTION_FIELDS = (
    ("title", "title", _quoted),
    ("status_words", "progress", str),
    ("rag_words", "rating", str),
    ("due", "due date", _day),
    ("start", "start date", _day),
    ("percent_complete", "per cent complete", lambda value: "not given" if value is None else f"{value}%"),
    ("milestones_done", "milestones done", str),
    ("milestones_total", "milestones", str),
    ("organisations", "partner organisations", lambda names: ", ".join(names) or "none"),
    ("lead", "lead", lambda name: name or "none"),
    ("partners", "partners", lambda names: ", ".join(names or ()) or "none"),
    ("rag_reason", "reason for the rating", lambda text: _quoted(text) if text else "none"),
)


def _findings_by_label(snapshot: dict | None) -> dict[str, dict]:
    if not snapshot:
        return {}
    return {finding["label"]: finding for group in snapshot["groups"] for finding in group["findings"]}


def _actions_by_reference(snapshot: dict | None) -> dict[str, dict]:
    if not snapshot:
        return {}
    return {action["reference"]: action for group in snapshot["groups"] for action in unique_actions(group["findings"])}


def _action_name(action: dict) -> str:
    return f"Action {action['reference']} {_quoted(action['title'], 60)}"


def _action_changes(old: dict, new: dict) -> list[str]:
    name = _action_name(new)
    changes = []
    for key, words, shown in _ACTION_FIELDS:
        if key in old and key in new and old[key] != new[key]:
            changes.append(f"{name}: {words} changed from {shown(old[key])} to {shown(new[key])}")
    if old.get("latest_update") != new.get("latest_update") and "latest_update" in old and "latest_update" in new:
        changes.append(f"{name}: a newer progress note")
    if "comments" in old and "comments" in new and len(new["comments"]) != len(old["comments"]):
        changes.append(f"{name}: {len(new['comments'])} comments instead of {len(old['comments'])}")
    old_evidence = {item["id"]: item for item in old["evidence"]}
    new_evidence = {item["id"]: item for item in new["evidence"]}
    for ident in new_evidence.keys() - old_evidence.keys():
        changes.append(f"{name}: evidence added, {_quoted(new_evidence[ident]['description'], 60)}")
    for ident in old_evidence.keys() - new_evidence.keys():
        changes.append(f"{name}: evidence removed, {_quoted(old_evidence[ident]['description'], 60)}")
    return changes


def differences(published: dict | None, proposed: dict) -> list[str]:
    """What publishing `proposed` would change for a reader of `published` (None: nothing is published), in
    plain English, in page order. The date of the last update is not a difference."""
    changes = []
    if (published or {}).get("area") not in (None, proposed["area"]):
        changes.append(f"The area's name changed from {published['area']} to {proposed['area']}")

    old_shown, new_shown = set((published or {}).get("shown", ())), set(proposed["shown"])
    for kind in sorted(new_shown - old_shown):
        changes.append(f"Now shown: {SHOWABLE[kind]}")
    for kind in sorted(old_shown - new_shown):
        changes.append(f"No longer shown: {SHOWABLE[kind]}")

    old_dates = {key["name"]: key for key in (published or {}).get("key_dates", ())}
    for key in proposed["key_dates"]:
        before = old_dates.pop(key["name"], None)
        if before is None:
            changes.append(f"Key date added: {key['name']}, {_day(key['when'])}")
        elif before["when"] != key["when"]:
            changes.append(f"Key date changed: {key['name']}, from {_day(before['when'])} to {_day(key['when'])}")
        elif before["explanation"] != key["explanation"]:
            changes.append(f"Key date explained differently: {key['name']}")
    changes.extend(f"Key date removed: {name}" for name in old_dates)

    old_findings, new_findings = _findings_by_label(published), _findings_by_label(proposed)
    for label, finding in new_findings.items():
        if label not in old_findings:
            changes.append(f"{label} added: {_quoted(finding['summary'])}")
        elif old_findings[label]["summary"] != finding["summary"]:
            changes.append(f"{label}: summary changed to {_quoted(finding['summary'])}")
    changes.extend(f"{label} removed" for label in old_findings if label not in new_findings)

    old_actions, new_actions = _actions_by_reference(published), _actions_by_reference(proposed)
    for reference, action in new_actions.items():
        if reference not in old_actions:
            changes.append(f"{_action_name(action)} added ({action['status_words'].lower()}, {action['rag_words']})")
        else:
            changes.extend(_action_changes(old_actions[reference], action))
    changes.extend(f"{_action_name(action)} removed" for ref, action in old_actions.items() if ref not in new_actions)
    return changes
