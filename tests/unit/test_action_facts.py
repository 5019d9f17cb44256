"""action_facts makes the same ActionFacts as its constructor, which the dashboards' loader relies on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wsoa.dashboard.facts import ActionFacts, action_facts, check_action_fields

GIVEN = {
    "id": 7,
    "reference": "2.3",
    "title": "Publish the local offer",
    "status": "in_progress",
    "created_at": datetime(2026, 1, 5, 9),
    "due_date": date(2026, 6, 30),
    "finding_ids": (101, 102),
}


def test_action_facts_equal_the_constructed_ones_defaults_included():
    assert action_facts(GIVEN.items()) == ActionFacts(**GIVEN)


def test_action_facts_stay_frozen():
    facts = action_facts(GIVEN.items())
    with pytest.raises(AttributeError):
        facts.status = "complete"  # type: ignore[misc]


def test_a_name_that_is_not_a_field_is_refused():
    with pytest.raises(ValueError, match="lead_email"):
        check_action_fields([*GIVEN, "lead_email"])
