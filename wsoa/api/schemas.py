"""The API's request and response shapes (marshmallow), from which the OpenAPI document is generated.

Requests are strict: an unknown field, a wrong type or an out-of-range value is refused (422) before anything
is looked at or stored. Responses document what the views return; every field is always present.
"""

from __future__ import annotations

import base64
import binascii

import marshmallow as ma
from marshmallow import fields, validate

from ..actions.measures import LARGEST_VALUE, SOURCE_MAX
from ..forms import BIGGEST_ID
from ..inspections.key_dates import ALL_CODES
from ..models import API_SCOPES, AREA_ROLES, ROLE_ADMIN
from ..vocabulary import (
    ACTION_STATUSES,
    EVIDENCE_KINDS,
    FLAGS,
    MEASURE_DIRECTIONS,
    RAGS,
    REVIEW_ACCEPTED,
    REVIEW_AWAITING,
    REVIEW_RETURNED,
)

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
TEXT_MAX_LENGTH = 10_000
CURSOR_MAX_LENGTH = 100


class StrictInteger(fields.Integer):
    """A JSON number that is a whole number: not a string, not a boolean, not 2.5."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictNumber(fields.Float):
    """A JSON number, whole or not: not a string (even "62.5"), not a boolean, not NaN or infinity."""

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Text(fields.String):
    """Text a person typed: bounded, and without the NUL character no database stores."""

    def __init__(self, *, max_length: int = TEXT_MAX_LENGTH, **kwargs):
        super().__init__(validate=validate.Length(max=max_length), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ma.ValidationError("Text must not contain the NUL character.")
        return text


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


class Cursor(fields.String):
    """An opaque cursor, read back as the id the next slice starts after."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            if len(text) > CURSOR_MAX_LENGTH:
                raise ValueError
            decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
            label, _, number = decoded.partition(":")
            if label != "after" or not number.isdigit() or int(number) > BIGGEST_ID:
                raise ValueError
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ma.ValidationError("Not a cursor this API gave out: use the previous page's next_cursor.") from None
        return int(number)


# -- Requests ----------------------------------------------------------------------------------------


class ListQuery(ma.Schema):
    limit = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(1, MAX_PAGE_SIZE),
        metadata={"description": f"How many items to return, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."},
    )
    cursor = Cursor(
        load_default=None,
        metadata={"description": "Where to carry on from: the `next_cursor` of the previous page."},
    )


class InspectionListQuery(ListQuery):
    area_id = fields.Integer(
        validate=validate.Range(0, BIGGEST_ID), metadata={"description": "Only this area's inspections."}
    )


class VersionedChange(ma.Schema):
    version = StrictInteger(
        validate=validate.Range(1, BIGGEST_ID),
        metadata={
            "description": "The action's version this change was made on (from the action's `version`). "
            "Send this or an `If-Match` header with the action's ETag."
        },
    )


class NewUpdate(VersionedChange):
    rag = fields.String(required=True, validate=validate.OneOf(RAGS))
    rag_reason = Text(required=True, metadata={"description": "Why the action has this RAG rating."})
    done = Text(required=True, metadata={"description": "What has been done."})
    next_steps = Text(load_default="")
    percent_complete = StrictInteger(load_default=None, allow_none=True, validate=validate.Range(0, 100))


class NewMilestone(VersionedChange):
    title = Text(required=True, max_length=300)
    due_date = fields.Date(required=True)


class NewMeasure(VersionedChange):
    measured_on = fields.Date(required=True, metadata={"description": "The date the value is for: today or earlier."})
    value = StrictNumber(
        required=True,
        validate=validate.Range(-LARGEST_VALUE, LARGEST_VALUE, min_inclusive=False, max_inclusive=False),
        metadata={"description": "The value, as a JSON number (62.5, not \"62.5\"), in the measure's unit."},
    )
    source = Text(required=True, max_length=SOURCE_MAX, metadata={"description": "Where the value comes from."})


# -- Responses ---------------------------------------------------------------------------------------


def _required(field: fields.Field) -> fields.Field:
    field.required = True
    return field


class Named(ma.Schema):
    id = _required(fields.Integer())
    name = _required(fields.String())


class Problem(ma.Schema):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    type = _required(fields.String(metadata={"description": "Always `about:blank`: `code` says which problem."}))
    title = _required(fields.String())
    status = _required(fields.Integer())
    detail = _required(fields.String())
    code = _required(fields.String(metadata={"description": "A short, stable name for the problem."}))
    errors = fields.Dict(metadata={"description": "For invalid input: the message for each field."})
    current = fields.Dict(metadata={"description": "For an edit conflict: the action as it is now."})


class Thresholds(ma.Schema):
    stale_after_days = _required(fields.Integer())
    due_soon_days = _required(fields.Integer())


class Area(ma.Schema):
    id = _required(fields.Integer())
    name = _required(fields.String())
    your_role = _required(fields.String(validate=validate.OneOf((*AREA_ROLES, ROLE_ADMIN))))
    thresholds = _required(fields.Nested(Thresholds))


class KeyDate(ma.Schema):
    code = _required(
        fields.String(validate=validate.OneOf(ALL_CODES))
    )
    name = _required(fields.String())
    date = _required(fields.Date(allow_none=True))
    set_by_manager = _required(fields.Boolean())
    explanation = _required(fields.String())


class Finding(ma.Schema):
    id = _required(fields.Integer())
    position = _required(fields.Integer(metadata={"description": "Where the finding comes in the letter."}))
    kind = _required(fields.String())
    label = _required(
        fields.String(allow_none=True, metadata={"description": "Its name in the plan, e.g. 'Weakness 2'."})
    )
    plan_number = _required(fields.Integer(allow_none=True))
    judged_at_revisit = _required(fields.Boolean())
    tracked = _required(fields.Boolean())
    section = _required(fields.String(allow_none=True))
    responsible_body = _required(fields.String(allow_none=True))
    text = _required(fields.String())


class InspectionSummary(ma.Schema):
    id = _required(fields.Integer())
    area = _required(fields.Nested(Named))
    framework = _required(fields.String(validate=validate.OneOf(("2016", "2023"))))
    letter_date = _required(fields.Date(allow_none=True))
    inspection_start = _required(fields.Date(allow_none=True))
    inspection_end = _required(fields.Date(allow_none=True))
    wsoa_required = _required(fields.Boolean())
    outcome = _required(fields.Integer(allow_none=True))
    priority_action_plan_required = _required(fields.Boolean())
    local_authority = _required(fields.String(allow_none=True))
    integrated_care_board = _required(fields.String(allow_none=True))
    imported_at = _required(fields.DateTime())
    key_dates = _required(fields.List(fields.Nested(KeyDate)))


class Inspection(InspectionSummary):
    findings = _required(fields.List(fields.Nested(Finding)))


class Flags(ma.Schema):
    overdue = _required(fields.Boolean())
    stale = _required(fields.Boolean())
    due_soon = _required(fields.Boolean())
    days_overdue = _required(fields.Integer())
    days_since_update = _required(fields.Integer(allow_none=True))
    raised = _required(
        fields.List(fields.String(validate=validate.OneOf(FLAGS)), metadata={"description": "The flags raised."})
    )
    words = _required(fields.List(fields.String(), metadata={"description": "What every page says for them."}))


class FindingRef(ma.Schema):
    id = _required(fields.Integer())
    label = _required(fields.String(allow_none=True))


class MeasuredValue(ma.Schema):
    id = _required(fields.Integer())
    action_id = _required(fields.Integer())
    measured_on = _required(fields.Date())
    value = _required(fields.Float())
    source = _required(fields.String())
    recorded_by = _required(fields.Nested(Named))
    recorded_at = _required(fields.DateTime())


class LatestValue(ma.Schema):
    measured_on = _required(fields.Date())
    value = _required(fields.Float())


class Measure(ma.Schema):
    """The success measure as numbers, for charts: where it started, where it should get to, and the latest."""

    unit = _required(fields.String(metadata={"description": "For example %, days or children; may be empty."}))
    baseline_value = _required(fields.Float(allow_none=True))
    target_value = _required(fields.Float(allow_none=True))
    better = _required(fields.String(validate=validate.OneOf(MEASURE_DIRECTIONS)))
    latest = _required(fields.Nested(LatestValue, allow_none=True))
    against_target = _required(
        fields.String(metadata={"description": "Where the latest value stands, as the pages say it."})
    )


class Action(ma.Schema):
    id = _required(fields.Integer())
    reference = _required(fields.String())
    title = _required(fields.String())
    description = _required(fields.String())
    area_id = _required(fields.Integer())
    inspection_id = _required(fields.Integer())
    findings = _required(fields.List(fields.Nested(FindingRef)))
    status = _required(fields.String(validate=validate.OneOf(ACTION_STATUSES)))
    status_name = _required(fields.String())
    rag = _required(fields.String(allow_none=True, validate=validate.OneOf(RAGS)))
    rag_reason = _required(fields.String())
    flags = _required(fields.Nested(Flags))
    lead = _required(fields.Nested(Named, allow_none=True))
    partners = _required(fields.List(fields.Nested(Named)))
    partner_organisations = _required(fields.List(fields.String()))
    start_date = _required(fields.Date(allow_none=True))
    due_date = _required(fields.Date(allow_none=True))
    created_at = _required(fields.DateTime())
    last_update_at = _required(fields.DateTime(allow_none=True))
    signed_off_at = _required(fields.DateTime(allow_none=True))
    success_measure = _required(fields.String())
    baseline = _required(fields.String())
    target = _required(fields.String())
    measure = _required(fields.Nested(Measure))
    returned_reason = _required(fields.String())
    retired_reason = _required(fields.String())
    version = _required(
        fields.Integer(metadata={"description": "Send this back with a change, to say which version it was made on."})
    )


class Update(ma.Schema):
    id = _required(fields.Integer())
    action_id = _required(fields.Integer())
    created_at = _required(fields.DateTime())
    author = _required(fields.Nested(Named))
    rag = _required(fields.String(validate=validate.OneOf(RAGS)))
    rag_reason = _required(fields.String())
    done = _required(fields.String())
    next_steps = _required(fields.String())
    percent_complete = _required(fields.Integer(allow_none=True))


class Milestone(ma.Schema):
    id = _required(fields.Integer())
    action_id = _required(fields.Integer())
    title = _required(fields.String())
    due_date = _required(fields.Date())
    done_on = _required(fields.Date(allow_none=True))


class EvidenceFile(ma.Schema):
    filename = _required(fields.String())
    content_type = _required(fields.String())
    size_bytes = _required(fields.Integer())
    sha256 = _required(fields.String())
    download_url = _required(
        fields.String(metadata={"description": "Download with the same token; the download is audited."})
    )


class Evidence(ma.Schema):
    id = _required(fields.Integer())
    action_id = _required(fields.Integer())
    kind = _required(fields.String(validate=validate.OneOf(EVIDENCE_KINDS)))
    description = _required(fields.String())
    as_at = _required(fields.Date())
    added_at = _required(fields.DateTime())
    added_by = _required(fields.Nested(Named))
    review_status = _required(
        fields.String(validate=validate.OneOf((REVIEW_AWAITING, REVIEW_ACCEPTED, REVIEW_RETURNED)))
    )
    reviewed_at = _required(fields.DateTime(allow_none=True))
    reviewed_by = _required(fields.Nested(Named, allow_none=True))
    review_comment = _required(fields.String())
    link_url = _required(fields.String(allow_none=True))
    file = _required(fields.Nested(EvidenceFile, allow_none=True))


class Visit(ma.Schema):
    notice_on = _required(fields.Date())
    starts_on = _required(fields.Date())
    ends_on = _required(fields.Date())
    letter_published_on = _required(fields.Date(allow_none=True))


class Plan(ma.Schema):
    number = _required(
        fields.Integer(metadata={"description": "1: the first plan (the statement's); 2 on: each follow-on plan."})
    )
    name = _required(fields.String(metadata={"description": "e.g. 'Written statement of action', "
                                                            "'Accelerated progress plan'."}))
    opened_on = _required(
        fields.Date(allow_none=True, metadata={"description": "Null for the first plan, which opens with the "
                                                              "inspection."})
    )
    closed_on = _required(fields.Date(allow_none=True))
    status = _required(
        fields.String(
            validate=validate.OneOf(("open", "closed", "complete")),
            metadata={"description": "`closed` when the next plan opened; `complete` when a manager closed it as "
                                     "complete."},
        )
    )
    visit = _required(
        fields.Nested(Visit, allow_none=True, metadata={"description": "The revisit or monitoring inspection that "
                                                                       "judges it, once recorded."})
    )


class Judgement(ma.Schema):
    finding = _required(fields.Nested(FindingRef))
    plan_number = _required(fields.Integer(metadata={"description": "The plan whose visit judges it."}))
    progress = _required(
        fields.String(
            allow_none=True,
            validate=validate.OneOf(("sufficient", "insufficient")),
            metadata={"description": "Null until the judgement is recorded."},
        )
    )
    inspectors_words = _required(fields.String())
    recorded_at = _required(fields.DateTime(allow_none=True, metadata={"description": "When first recorded."}))
    corrected_at = _required(fields.DateTime(allow_none=True, metadata={"description": "When last corrected."}))


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A page of items, with the cursor for the next page (null on the last)."""
    return ma.Schema.from_dict(
        {
            "items": _required(fields.List(fields.Nested(item_schema))),
            "next_cursor": _required(
                fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page."})
            ),
        },
        name=name,
    )


AreaPage = page_of(Area, "AreaPage")
InspectionPage = page_of(InspectionSummary, "InspectionPage")
ActionPage = page_of(Action, "ActionPage")
UpdatePage = page_of(Update, "UpdatePage")
MilestonePage = page_of(Milestone, "MilestonePage")
EvidencePage = page_of(Evidence, "EvidencePage")
MeasuredValuePage = page_of(MeasuredValue, "MeasuredValuePage")
PlanPage = page_of(Plan, "PlanPage")
JudgementPage = page_of(Judgement, "JudgementPage")


class UpdatePosted(ma.Schema):
    update = _required(fields.Nested(Update))
    action = _required(fields.Nested(Action))


class MilestoneAdded(ma.Schema):
    milestone = _required(fields.Nested(Milestone))
    action = _required(fields.Nested(Action))


class MeasureRecorded(ma.Schema):
    measured_value = _required(fields.Nested(MeasuredValue))
    action = _required(fields.Nested(Action))


class Membership(ma.Schema):
    area = _required(fields.Nested(Named))
    role = _required(fields.String(validate=validate.OneOf(AREA_ROLES)))


class TokenInfo(ma.Schema):
    name = _required(fields.String())
    scope = _required(fields.String(validate=validate.OneOf(API_SCOPES)))
    expires_on = _required(fields.Date())


class Me(ma.Schema):
    id = _required(fields.Integer())
    name = _required(fields.String())
    email = _required(fields.String())
    is_admin = _required(fields.Boolean())
    memberships = _required(fields.List(fields.Nested(Membership)))
    token = _required(fields.Nested(TokenInfo))
