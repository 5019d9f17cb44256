"""The reader's answer as plain JSON-ready data.

`letter_to_dict` is what `wsoa parse-letter --json` prints; `letter_to_record` and
`letter_from_record` carry a whole Letter between the import preview and its confirmation.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from .model import FRAMEWORK_2023, DateRange, Finding, Letter, PassageWarning


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def letter_to_dict(letter: Letter) -> dict:
    findings = []
    for finding in letter.findings:
        item = {"kind": finding.kind, "section": finding.section, "text": finding.text}
        if finding.responsible_body is not None:
            item["responsible_body"] = finding.responsible_body
        concerns = letter.warnings_about(finding)
        if concerns:
            item["warnings"] = concerns
        findings.append(item)
    answer = {
        "local_area": letter.local_area,
        "letter_date": _iso(letter.letter_date),
        "inspection_start": _iso(letter.inspection_start),
        "inspection_end": _iso(letter.inspection_end),
        "framework": letter.framework,
        "wsoa_required": letter.wsoa_required,
        "findings": findings,
        "warnings": list(letter.warnings),
    }
    if letter.framework == FRAMEWORK_2023:
        previous = letter.previous_inspection
        answer.update(
            {
                "outcome": letter.outcome,
                "priority_action_plan_required": letter.priority_action_plan_required,
                "previous_inspection": (
                    {"start": _iso(previous.start), "end": _iso(previous.end)} if previous else None
                ),
                "monitoring_inspection_within_months": letter.monitoring_inspection_within_months,
                "next_full_inspection_within_months": letter.next_full_inspection_within_months,
                "local_authority": letter.local_authority,
                "integrated_care_board": letter.integrated_care_board,
            }
        )
    return answer


def letter_to_record(letter: Letter) -> dict:
    """Everything in the Letter, spans and source text included, as JSON-ready data."""
    record = dataclasses.asdict(letter)
    for key in ("letter_date", "inspection_start", "inspection_end"):
        record[key] = _iso(record[key])
    if letter.previous_inspection:
        record["previous_inspection"] = {
            "start": _iso(letter.previous_inspection.start),
            "end": _iso(letter.previous_inspection.end),
        }
    return record


def letter_from_record(record: dict) -> Letter:
    """The inverse of letter_to_record."""

    def parse_date(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    previous = record.get("previous_inspection")
    return Letter(
        **{
            **record,
            "letter_date": parse_date(record["letter_date"]),
            "inspection_start": parse_date(record["inspection_start"]),
            "inspection_end": parse_date(record["inspection_end"]),
            "findings": tuple(Finding(**finding) for finding in record["findings"]),
            "warnings": tuple(record["warnings"]),
            # Readings sealed before passage warnings existed have none.
            "passage_warnings": tuple(PassageWarning(**w) for w in record.get("passage_warnings", ())),
            "previous_inspection": (
                DateRange(date.fromisoformat(previous["start"]), date.fromisoformat(previous["end"]))
                if previous
                else None
            ),
        }
    )
