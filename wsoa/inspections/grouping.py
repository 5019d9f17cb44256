"""Arrange an inspection's findings for reading: what the area must act on first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..letters import (
    AREA_FOR_DEVELOPMENT,
    AREA_FOR_IMPROVEMENT,
    MAIN_FINDING,
    NARRATIVE,
    PRIORITY_ACTION,
    SECTIONS_2016,
    SIGNIFICANT_WEAKNESS,
    STRENGTH,
)

KIND_TITLES = {
    SIGNIFICANT_WEAKNESS: "Areas of significant weakness",
    PRIORITY_ACTION: "Areas for priority action",
    AREA_FOR_IMPROVEMENT: "Areas for improvement",
    AREA_FOR_DEVELOPMENT: "Areas for development",
    MAIN_FINDING: "Main findings",
    STRENGTH: "Strengths",
    NARRATIVE: "Report",
}

SECTION_TITLES = {
    "identifying": "Identifying needs",
    "meeting": "Meeting needs",
    "improving": "Improving outcomes",
}

# Weaknesses and actions come before praise: they are what the area must answer.
KIND_ORDER = (
    SIGNIFICANT_WEAKNESS,
    PRIORITY_ACTION,
    AREA_FOR_IMPROVEMENT,
    AREA_FOR_DEVELOPMENT,
    MAIN_FINDING,
    STRENGTH,
    NARRATIVE,
)


# What the revisit (2016) or monitoring inspection (2023) judges progress on. Areas for development and for
# improvement matter, but they are never counted as weaknesses.
JUDGED_AT_REVISIT = (SIGNIFICANT_WEAKNESS, PRIORITY_ACTION)
# How one finding of each kind is named, with its number in the plan: "Weakness 2", "Area for development 5".
FINDING_NAMES = {
    SIGNIFICANT_WEAKNESS: "Weakness",
    PRIORITY_ACTION: "Priority action",
    AREA_FOR_IMPROVEMENT: "Area for improvement",
    AREA_FOR_DEVELOPMENT: "Area for development",
}


def finding_label(kind: str, number: int) -> str:
    return f"{FINDING_NAMES.get(kind, 'Finding')} {number}"


def judged_at_revisit(kind: str) -> bool:
    return kind in JUDGED_AT_REVISIT


class FindingLike(Protocol):
    kind: str
    section: str | None


@dataclass
class FindingGroup:
    kind: str
    kind_title: str
    section: str | None
    section_title: str | None
    findings: list


def _section_sort_key(section: str | None, first_seen: dict[str | None, int]) -> tuple[int, int]:
    if section in SECTIONS_2016:
        return (0, SECTIONS_2016.index(section))
    return (1, first_seen[section])


def group_findings(findings: list[FindingLike]) -> list[FindingGroup]:
    """Findings grouped by kind (in KIND_ORDER) and then by section, keeping the letter's order within each."""
    by_key: dict[tuple[str, str | None], list] = {}
    first_seen: dict[str | None, int] = {}
    for finding in findings:
        by_key.setdefault((finding.kind, finding.section), []).append(finding)
        first_seen.setdefault(finding.section, len(first_seen))

    def sort_key(key: tuple[str, str | None]):
        kind, section = key
        kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
        return (kind_rank, kind, *_section_sort_key(section, first_seen))

    return [
        FindingGroup(
            kind=kind,
            kind_title=KIND_TITLES.get(kind, kind.replace("_", " ").capitalize()),
            section=section,
            section_title=SECTION_TITLES.get(section, section) if section else None,
            findings=by_key[(kind, section)],
        )
        for kind, section in sorted(by_key, key=sort_key)
    ]


def group_by_kind(findings: list[FindingLike]) -> list[FindingGroup]:
    """Findings grouped by kind only (in KIND_ORDER), keeping their order within each kind."""
    kinds = sorted({f.kind for f in findings}, key=lambda kind: KIND_ORDER.index(kind) if kind in KIND_ORDER else 99)
    return [
        FindingGroup(kind, KIND_TITLES.get(kind, kind), None, None, [f for f in findings if f.kind == kind])
        for kind in kinds
    ]
