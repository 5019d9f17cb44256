"""Forty-one published reports with no hand-checked answers: each must read cleanly by rule.

Every priority action and area for improvement is whole (it starts a sentence and ends with a
full stop, never cut at a colon or a page break, never starting mid-list), nothing that looks like
contact details is read as one, and the reading carries no warning but the few that real,
correctly read reports may carry.
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.shared_material import REPORTS_2023_DIR, require_shared
from wsoa.letters import AREA_FOR_IMPROVEMENT, FRAMEWORK_2023, PRIORITY_ACTION, Letter, read_document
from wsoa.letters.pdf import BULLET_GLYPHS, ROW_JOINED

UNLABELLED_DIR = REPORTS_2023_DIR / "unlabelled"
NAMES = sorted(p.stem for p in UNLABELLED_DIR.glob("*.pdf")) or ["<no unlabelled reports>"]
# A row joined across a page on weaker evidence is flagged for a person, though read right.
ALLOWED_WARNINGS = {ROW_JOINED}

pytestmark = [pytest.mark.shared, pytest.mark.parametrize("name", NAMES)]


@cache
def report(name: str) -> Letter:
    return read_document(require_shared(UNLABELLED_DIR / f"{name}.pdf").read_bytes())


def actions_and_improvements(letter: Letter):
    return letter.findings_of(PRIORITY_ACTION) + letter.findings_of(AREA_FOR_IMPROVEMENT)


def test_the_report_reads_as_the_2023_framework_with_an_outcome_and_dates(name):
    letter = report(name)
    assert letter.framework == FRAMEWORK_2023
    assert letter.outcome in (1, 2, 3)
    assert letter.inspection_start and letter.inspection_end


def test_the_report_has_areas_for_improvement_and_priority_actions_when_its_outcome_needs_them(name):
    letter = report(name)
    assert 1 <= len(letter.findings_of(AREA_FOR_IMPROVEMENT)) <= 10
    assert bool(letter.findings_of(PRIORITY_ACTION)) == (letter.outcome == 3)


def test_each_action_and_improvement_starts_a_sentence_and_ends_with_a_full_stop(name):
    for finding in actions_and_improvements(report(name)):
        assert finding.text[:1].isupper() and finding.text[:1] not in BULLET_GLYPHS, finding.text[:60]
        assert finding.text.rstrip("\u2019\u201d'\")").endswith("."), finding.text[-60:]


def test_no_action_or_improvement_holds_contact_details(name):
    for finding in actions_and_improvements(report(name)):
        assert "www." not in finding.text and "@" not in finding.text
        assert finding.text not in ("Integrated care board", "Local authority")


def test_each_priority_action_names_the_body_responsible(name):
    assert all(f.responsible_body for f in report(name).findings_of(PRIORITY_ACTION))


def test_the_report_finds_its_partnership(name):
    letter = report(name)
    assert letter.local_authority and letter.integrated_care_board


def test_the_only_warnings_are_those_a_correct_reading_may_carry(name):
    assert set(report(name).warnings) <= ALLOWED_WARNINGS
