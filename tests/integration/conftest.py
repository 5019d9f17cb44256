"""Fixtures shared by the integration tests."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from tests.dashboard_factories import build_known_plan


@pytest.fixture
def known(app):
    """An area whose plan is under way, with every number the dashboards show known in advance."""
    return build_known_plan(app)


@pytest.fixture
def frozen():
    """15 January 2026, the day the known plan's numbers are worked out for."""
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=False):
        yield
