"""The 2023 report reader against the four published reports and their hand-checked answers.

Each report is read from its PDF bytes through the public entry point and
compared through `letter_to_dict`, so the JSON shape is checked as well.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from tests.shared_material import REPORTS_2023_DIR, report_2023_names, require_shared
from wsoa.letters import (
    AREA_FOR_IMPROVEMENT,
    FRAMEWORK_2023,
    NARRATIVE,
    PRIORITY_ACTION,
    Letter,
    letter_to_dict,
    normalise_whitespace,
    read_document,
    read_letter,
)
from wsoa.letters.pdf import BULLET_GLYPHS

pytestmark = [pytest.mark.shared, pytest.mark.parametrize("name", report_2023_names())]

# Every field of the expected answers that `letter_to_dict` gives directly.
TOP_LEVEL_FIELDS = (
    "framework",
    "wsoa_required",
    "letter_date",
    "local_area",
    "inspection_start",
    "inspection_end",
    "previous_inspection",
    "outcome",
    "priority_action_plan_required",
    "local_authority",
    "integrated_care_board",
    "monitoring_inspection_within_months",
    "next_full_inspection_within_months",
)
NARRATIVE_SECTIONS = {
    "Information about the local area partnership",
    "What is it like to be a child or young person with SEND in this area?",
    "What is the area partnership doing that is effective?",
    "What does the area partnership need to do better?",
}


@cache
def letter_for(name: str) -> Letter:
    return read_document(require_shared(REPORTS_2023_DIR / f"{name}.pdf").read_bytes())


@cache
def answer_for(name: str) -> dict:
    return letter_to_dict(letter_for(name))


@cache
def expected_for(name: str) -> dict:
    path = require_shared(REPORTS_2023_DIR / "expected" / f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def findings_of_kind(answer: dict, kind: str) -> list[dict]:
    return [finding for finding in answer["findings"] if finding["kind"] == kind]


@pytest.mark.parametrize("field", TOP_LEVEL_FIELDS)
def test_each_top_level_field_matches_the_hand_checked_answer(name, field):
    assert answer_for(name)[field] == expected_for(name)[field]


def test_the_expected_answers_leave_no_top_level_field_unchecked(name):
    checked = set(TOP_LEVEL_FIELDS) | {"priority_actions", "areas_for_improvement"}
    assert set(expected_for(name)) <= checked


def test_every_priority_action_is_read_with_its_responsible_body(name):
    actions = [
        {"responsible_body": f["responsible_body"], "text": normalise_whitespace(f["text"])}
        for f in findings_of_kind(answer_for(name), PRIORITY_ACTION)
    ]
    expected = [
        {"responsible_body": a["responsible_body"], "text": normalise_whitespace(a["text"])}
        for a in expected_for(name)["priority_actions"]
    ]
    assert actions == expected


def test_every_area_for_improvement_is_read_whole_one_per_table_row(name):
    improvements = [
        normalise_whitespace(f["text"]) for f in findings_of_kind(answer_for(name), AREA_FOR_IMPROVEMENT)
    ]
    assert improvements == [normalise_whitespace(t) for t in expected_for(name)["areas_for_improvement"]]


def test_areas_for_improvement_carry_no_section_or_responsible_body(name):
    for finding in findings_of_kind(answer_for(name), AREA_FOR_IMPROVEMENT):
        assert finding["section"] is None
        assert "responsible_body" not in finding


def test_the_report_is_read_without_warnings(name):
    assert answer_for(name)["warnings"] == []


def test_every_narrative_section_of_the_template_gives_findings(name):
    sections = {f["section"] for f in findings_of_kind(answer_for(name), NARRATIVE)}
    assert sections == NARRATIVE_SECTIONS


def test_no_narrative_finding_carries_a_bullet_glyph_or_a_running_footer(name):
    for finding in findings_of_kind(answer_for(name), NARRATIVE):
        assert finding["text"][0] not in BULLET_GLYPHS
        assert "Area SEND inspection report:" not in finding["text"]


def test_the_source_text_has_no_running_footer(name):
    assert "Area SEND inspection report:" not in letter_for(name).source_text


def test_every_span_holds_its_finding_text(name):
    letter = letter_for(name)
    for finding in letter.findings:
        assert normalise_whitespace(letter.source_text[finding.start : finding.end]) == finding.text


def test_findings_are_in_reading_order(name):
    starts = [finding.start for finding in letter_for(name).findings]
    assert starts == sorted(starts)


def test_the_report_is_detected_as_the_2023_framework(name):
    assert letter_for(name).framework == FRAMEWORK_2023


def test_reading_the_extracted_text_gives_the_same_answer_as_the_pdf(name):
    assert letter_to_dict(read_letter(letter_for(name).source_text)) == answer_for(name)
