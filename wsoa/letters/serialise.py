"""The reader's answer as plain JSON-ready data (what `wsoa parse-letter --json` prints)."""

from __future__ import annotations

from datetime import date

from .model import FRAMEWORK_2023, Letter


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def letter_to_dict(letter: Letter) -> dict:
    findings = []
    for finding in letter.findings:
        item = {"kind": finding.kind, "section": finding.section, "text": finding.text}
        if finding.responsible_body is not None:
            item["responsible_body"] = finding.responsible_body
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
