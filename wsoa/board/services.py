"""Board meetings: record one (freezing every action of the plan as it stands), list them, and gather what the
board report says about one. Services: take the acting user, check the rules, audit in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..actions.services import WorkflowError
from ..dashboard import data
from ..dashboard.facts import UpdateFacts
from ..documents.board_report import BoardReport
from ..extensions import db
from ..formatting import long_date
from ..inspections.cycle_services import cycle_of, recorded_judgements
from ..inspections.key_dates import key_dates
from ..models import Action, ActionSnapshot, BoardMeeting, Inspection, ProgressUpdate, User
from ..permissions import can_manage_area, can_view_area, require
from .report import MeetingFacts, compose_board_report
from .trends import MeasurePoint, SnapshotLine, freeze

# A meeting may be recorded ahead of the day, to freeze the plan for the papers; a date further ahead is a slip.
DAYS_AHEAD = 31


def meetings_of(inspection: Inspection) -> list[BoardMeeting]:
    """The plan's board meetings, latest first."""
    return list(
        db.session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.inspection_id == inspection.id)
            .order_by(BoardMeeting.meeting_date.desc())
        )
    )


def last_meeting_dates(inspection_ids: set[int]) -> dict[int, date]:
    """{inspection id: the date of its latest board meeting}, for the inspections that have one."""
    if not inspection_ids:
        return {}
    rows = db.session.execute(
        select(BoardMeeting.inspection_id, func.max(BoardMeeting.meeting_date))
        .where(BoardMeeting.inspection_id.in_(inspection_ids))
        .group_by(BoardMeeting.inspection_id)
    )
    return dict(rows.all())


def meeting_for(user: User, meeting_id: int) -> BoardMeeting | None:
    """The meeting if the user may see its area; None whether it is missing or in another area."""
    meeting = db.session.get(BoardMeeting, meeting_id)
    if meeting is None or not can_view_area(user, meeting.local_area_id):
        return None
    return meeting


def _already_recorded(meeting_date: date) -> WorkflowError:
    return WorkflowError(
        f"A board meeting on {long_date(meeting_date)} is already recorded for this plan: nothing was saved"
    )


def record_meeting(
    user: User, inspection: Inspection, meeting_date: date | None, today: date | None = None
) -> BoardMeeting:
    """Record a board meeting and freeze every action of the plan (its status, RAG, due date, last update and
    latest measured value) into its snapshot. Meetings go in date order, one a date."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can record board meetings.")
    today = today or date.today()
    if meeting_date is None:
        raise WorkflowError("Enter the date of the board meeting")
    if meeting_date > today + timedelta(days=DAYS_AHEAD):
        raise WorkflowError(f"The board meeting must be no more than {DAYS_AHEAD} days from today")
    recorded = [meeting.meeting_date for meeting in meetings_of(inspection)]
    if meeting_date in recorded:
        raise _already_recorded(meeting_date)
    if recorded and meeting_date < recorded[0]:
        raise WorkflowError(
            f"Board meetings are recorded in order, and the last one recorded was on {long_date(recorded[0])}: "
            "record a later meeting"
        )
    actions = list(db.session.scalars(select(Action).where(Action.inspection_id == inspection.id)))
    measured = data.latest_measures([action.id for action in actions])
    meeting = BoardMeeting(
        local_area_id=inspection.local_area_id,
        inspection_id=inspection.id,
        meeting_date=meeting_date,
        recorded_by=user,
    )
    for action in actions:
        latest = measured.get(action.id)
        line = freeze(action, MeasurePoint(latest.measured_on, latest.value) if latest else None)
        meeting.snapshots.append(ActionSnapshot(**line.__dict__))
    db.session.add(meeting)
    audit.record(
        "board.meeting_recorded",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"Board meeting on {long_date(meeting_date)} recorded: {len(actions)} actions frozen",
        changes={"meeting_date": [None, meeting_date.isoformat()], "actions": [None, len(actions)]},
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same date recorded by another manager a moment ago
        db.session.rollback()
        raise _already_recorded(meeting_date) from None
    return meeting


def _facts(meeting: BoardMeeting) -> MeetingFacts:
    rows = db.session.scalars(select(ActionSnapshot).where(ActionSnapshot.board_meeting_id == meeting.id))
    lines = {
        row.action_id: SnapshotLine(
            row.action_id, row.status, row.rag, row.due_date, row.last_update_at, row.measured_value, row.measured_on
        )
        for row in rows
    }
    return MeetingFacts(meeting.meeting_date, meeting.recorded_at, lines)


def previous_meeting(meeting: BoardMeeting) -> BoardMeeting | None:
    return db.session.scalar(
        select(BoardMeeting)
        .where(BoardMeeting.inspection_id == meeting.inspection_id, BoardMeeting.meeting_date < meeting.meeting_date)
        .order_by(BoardMeeting.meeting_date.desc())
        .limit(1)
    )


def _updates_between(inspection_id: int, meeting: BoardMeeting, previous: BoardMeeting | None):
    query = (
        select(ProgressUpdate.action_id, ProgressUpdate.created_at, User.name, ProgressUpdate.rag,
               ProgressUpdate.done, ProgressUpdate.next_steps)
        .join(User, User.id == ProgressUpdate.author_id)
        .join(Action, Action.id == ProgressUpdate.action_id)
        .where(Action.inspection_id == inspection_id, ProgressUpdate.created_at <= meeting.recorded_at)
        .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
    )
    if previous is not None:
        query = query.where(ProgressUpdate.created_at > previous.recorded_at)
    updates: dict[int, list[UpdateFacts]] = defaultdict(list)
    for row in db.session.execute(query):
        updates[row.action_id].append(UpdateFacts(row.created_at, row.name, row.rag, row.done, row.next_steps))
    return updates


@dataclass(frozen=True)
class ReportFile:
    report: BoardReport
    filename: str


def board_report(user: User, meeting: BoardMeeting, file_type: str) -> ReportFile:
    """The report for a meeting (against the one before it). Every download is written to the audit trail."""
    require(can_view_area(user, meeting.local_area_id), "You cannot see this area.")
    summary = data.inspection_summary(meeting.inspection_id)
    plan = data.load_plan(summary)
    previous = previous_meeting(meeting)
    report = compose_board_report(
        plan,
        _facts(meeting),
        _facts(previous) if previous else None,
        _updates_between(meeting.inspection_id, meeting, previous),
        # The cycle as recorded now: an estimate counted from acceptance, or a notice, replaces the first guess.
        key_dates(summary, cycle_of(summary.id)),
        recorded_judgements(summary.id, summary.framework),
    )
    audit.record_now(
        "board_report.downloaded",
        user,
        local_area_id=meeting.local_area_id,
        summary=f"Board report for the meeting on {long_date(meeting.meeting_date)} downloaded as {file_type.upper()}",
    )
    slug = "-".join("".join(c if c.isalnum() else " " for c in summary.area_name.lower()).split())
    return ReportFile(report, f"board-report-{slug}-{meeting.meeting_date.isoformat()}.{file_type}")
