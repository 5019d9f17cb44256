"""How a view gets what its URL names, and checks the rule for what it is about to do with it.

One way for every view: 404 when the thing does not exist or belongs to an area the person cannot
see (an id in another area reveals nothing), 403 when they may see it but not do this (the error
handler audits the refusal). The finders live in the services and take the acting user; this module
turns their None into a 404 and applies a `permissions.Rule`. Services check the same rules again,
so a caller that is not a view gets them too.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from .actions.measures import measured_value_for
from .actions.services import ACTION_PAGE, action_for, evidence_item_for, milestone_for
from .api.tokens import own_token
from .board.services import meeting_for
from .calendars.services import own_feed
from .dashboard.facts import InspectionSummary
from .dashboard.services import visible_inspection
from .inspections.services import inspection_for
from .members.services import membership_in, visible_area
from .models import (
    Action,
    ApiToken,
    BoardMeeting,
    CalendarFeed,
    Evidence,
    Inspection,
    LocalArea,
    MeasuredValue,
    Membership,
    Milestone,
    StatementVersion,
)
from .permissions import Rule, require
from .statements.services import statement_version_for

T = TypeVar("T")


def _found(thing: T | None) -> T:
    if thing is None:
        abort(404)
    return thing


def _check(rule: Rule | None, area_id: int, action: Action | None = None, thing: object = None) -> None:
    if rule is not None:
        require(rule.allows(current_user, area_id, action, thing), rule.refusal)


def load_area(area_id: int, rule: Rule | None = None) -> LocalArea:
    area = _found(visible_area(current_user, area_id))
    _check(rule, area.id, thing=area)
    return area


def load_membership(area: LocalArea, user_id: int) -> Membership:
    """A member of an area already loaded (and its rule checked) for this view."""
    return _found(membership_in(area, user_id))


def load_inspection(inspection_id: int, rule: Rule | None = None) -> Inspection:
    inspection = _found(inspection_for(current_user, inspection_id))
    _check(rule, inspection.local_area_id, thing=inspection)
    return inspection


def load_inspection_summary(inspection_id: int, rule: Rule | None = None) -> InspectionSummary:
    """The inspection as the plain facts the dashboards and exports work on."""
    summary = _found(visible_inspection(current_user, inspection_id))
    _check(rule, summary.local_area_id, thing=summary)
    return summary


def load_action(action_id: int, rule: Rule | None = None, loading: Select = ACTION_PAGE) -> Action:
    """loading: how much to load with it (actions/services.py): by default, what the action page shows."""
    action = _found(action_for(current_user, action_id, loading))
    _check(rule, action.local_area_id, action, action)
    return action


def load_evidence(evidence_id: int, rule: Rule | None = None) -> Evidence:
    evidence = _found(evidence_item_for(current_user, evidence_id))
    _check(rule, evidence.action.local_area_id, evidence.action, evidence)
    return evidence


def load_milestone(milestone_id: int, rule: Rule | None = None) -> Milestone:
    milestone = _found(milestone_for(current_user, milestone_id))
    _check(rule, milestone.action.local_area_id, milestone.action, milestone)
    return milestone


def load_measured_value(measured_id: int, rule: Rule | None = None) -> MeasuredValue:
    measured = _found(measured_value_for(current_user, measured_id))
    _check(rule, measured.action.local_area_id, measured.action, measured)
    return measured


def load_board_meeting(meeting_id: int, rule: Rule | None = None) -> BoardMeeting:
    meeting = _found(meeting_for(current_user, meeting_id))
    _check(rule, meeting.local_area_id, thing=meeting)
    return meeting
def load_statement_version(inspection_id: int, number: int, rule: Rule | None = None) -> StatementVersion:
    version = _found(statement_version_for(current_user, inspection_id, number))
    _check(rule, version.local_area_id, thing=version)
    return version


def load_api_token(token_id: int) -> ApiToken:
    """One of the person's own API tokens: anyone else's is not found."""
    return _found(own_token(current_user, token_id))


def load_calendar_feed(feed_id: int) -> CalendarFeed:
    """One of the person's own live calendar addresses: anyone else's, or a stopped one, is not found."""
    return _found(own_feed(current_user, feed_id))
