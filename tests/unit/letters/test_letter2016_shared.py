"""The 2016 letter reader against the real letters and their hand-checked answers."""

from __future__ import annotations

import json
from functools import cache

import pytest

from tests.shared_material import LETTERS_DIR, letter_2016_names, require_shared
from tests.unit.letters.test_letter2016_genre import strip_bullets
from wsoa.letters import letter_to_dict, read_document
from wsoa.letters.letter2016 import read_letter_2016
from wsoa.letters.model import (
    AREA_FOR_DEVELOPMENT,
    SECTIONS_2016,
    SIGNIFICANT_WEAKNESS,
    Letter,
    normalise_whitespace,
)

pytestmark = [pytest.mark.shared, pytest.mark.parametrize("name", letter_2016_names())]

# Warnings a person should act on, by letter: an excerpt of each, in order.
EXPECTED_WARNINGS = {
    # The meeting-needs areas for development open with an unbulleted paragraph,
    # which the hand-checked answer leaves out.
    "001_71d8aa307a7224df": ["'Although there are examples of co-production"],
}


@cache
def source_of(name: str) -> str:
    return require_shared(LETTERS_DIR / f"{name}.txt").read_text(encoding="utf-8")


@cache
def expected_for(name: str) -> dict:
    return json.loads(require_shared(LETTERS_DIR / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@cache
def letter_for(name: str) -> Letter:
    return read_letter_2016(source_of(name))


def counts_of(letter: Letter) -> dict:
    counts: dict = {
        "main_finding": 0,
        "strength": dict.fromkeys(SECTIONS_2016, 0),
        "area_for_development": dict.fromkeys(SECTIONS_2016, 0),
        "significant_weakness": 0,
    }
    for finding in letter.findings:
        if isinstance(counts[finding.kind], dict):
            counts[finding.kind][finding.section] += 1
        else:
            counts[finding.kind] += 1
    return counts


def test_area_dates_framework_and_written_statement_match_the_hand_checked_answer(name):
    expected = expected_for(name)
    answer = letter_to_dict(letter_for(name))
    for field in (
        "local_area",
        "letter_date",
        "inspection_start",
        "inspection_end",
        "framework",
        "wsoa_required",
    ):
        assert answer[field] == expected[field], field


def test_findings_per_kind_and_section_match_the_hand_checked_counts(name):
    assert counts_of(letter_for(name)) == expected_for(name)["counts"]


def test_areas_for_development_match_word_for_word_with_their_sections_in_order(name):
    found = [(f.section, f.text) for f in letter_for(name).findings_of(AREA_FOR_DEVELOPMENT)]
    expected = [
        (area["section"], normalise_whitespace(area["text"]))
        for area in expected_for(name)["areas_for_development"]
    ]
    assert found == expected


def test_significant_weaknesses_match_word_for_word_in_order_without_a_section(name):
    weaknesses = letter_for(name).findings_of(SIGNIFICANT_WEAKNESS)
    assert [f.text for f in weaknesses] == [
        normalise_whitespace(text) for text in expected_for(name)["significant_weaknesses"]
    ]
    assert all(f.section is None for f in weaknesses)


def test_every_finding_span_maps_back_to_its_text_in_the_source(name):
    source = source_of(name)
    for finding in letter_for(name).findings:
        span = source[finding.start : finding.end]
        assert normalise_whitespace(strip_bullets(span)) == finding.text
        assert span[:1] == finding.text[:1] and span[-1:] == finding.text[-1:]


def test_findings_come_in_the_order_they_are_written(name):
    starts = [f.start for f in letter_for(name).findings]
    assert starts == sorted(starts)


def test_the_source_text_is_kept_unchanged(name):
    assert letter_for(name).source_text == source_of(name)


def test_only_text_a_person_should_check_raises_a_warning(name):
    warnings = letter_for(name).warnings
    excerpts = EXPECTED_WARNINGS.get(name, [])
    assert len(warnings) == len(excerpts), warnings
    for warning, excerpt in zip(warnings, excerpts, strict=True):
        assert excerpt in warning


def test_reading_the_file_bytes_gives_the_same_answer(name):
    from_bytes = read_document(source_of(name).encode("utf-8"))
    assert letter_to_dict(from_bytes) == letter_to_dict(letter_for(name))
