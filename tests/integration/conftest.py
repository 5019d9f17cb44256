"""Fixtures shared by the integration tests."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import pytest
import time_machine

from tests.dashboard_factories import build_known_plan
from tests.factories import InspectionData, UserData, make_area, make_inspection, make_user
from tests.pages import sign_in


class Westmarsh(NamedTuple):
    inspection: InspectionData
    manager: UserData
    officer: UserData


@pytest.fixture
def westmarsh(app) -> Westmarsh:
    """An area with its letter imported, a manager and an officer (nobody signed in)."""
    return Westmarsh(
        make_inspection(app, "Westmarsh"),
        make_user(app, role="manager", area="Westmarsh"),
        make_user(app, role="officer", area="Westmarsh"),
    )


@pytest.fixture
def area(app) -> str:
    """An area with no inspection yet: its name."""
    return make_area(app, "Westmarsh")


@pytest.fixture
def manager(app, client, area) -> UserData:
    """The area's manager, signed in on `client`."""
    user = make_user(app, role="manager", area=area, email="manager@example.gov.uk")
    sign_in(client, user)
    return user


@pytest.fixture
def known(app):
    """An area whose plan is under way, with every number the dashboards show known in advance."""
    return build_known_plan(app)


@pytest.fixture
def frozen():
    """15 January 2026, the day the known plan's numbers are worked out for."""
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=False):
        yield
