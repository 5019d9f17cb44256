"""Board meetings through the pages: a manager records one (every action frozen), a date already recorded is
refused with nothing stored, each meeting's report downloads as DOCX and PDF (audited), and a year of monthly
meetings, with updates between them, gives each report the trend and the work done since the one before."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from tests.cycle_factories import as_service, decide, finding_ids, judge, revisit, submit
from tests.factories import make_actions
from tests.pages import assert_page, post_form, redirect_target, sign_in
from tests.pdf_checks import docx_paragraphs, docx_tables, pdf_text
from wsoa.actions.services import UpdateDetails, post_update
from wsoa.board.services import board_report, record_meeting
from wsoa.extensions import db
from wsoa.inspections.cycle import ACCEPTED, INSUFFICIENT, SUFFICIENT
from wsoa.inspections.cycle_services import record_judgements
from wsoa.models import Action, ActionSnapshot, AuditEvent, BoardMeeting, Inspection, User


@pytest.fixture
def plan(app, westmarsh):
    return make_actions(app, westmarsh.inspection, westmarsh.manager, lead=westmarsh.officer)


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return db.session.query(BoardMeeting).count(), db.session.query(ActionSnapshot).count()


def record(client, inspection_id: int, day: date):
    path = f"/inspections/{inspection_id}/board/record"
    return post_form(client, path, {"meeting_date": [str(day.day), str(day.month), str(day.year)]})


def update(app, user_id: int, action_id: int, rag: str, done: str) -> None:
    with app.app_context():
        action = db.session.get(Action, action_id)
        post_update(db.session.get(User, user_id), action, UpdateDetails(rag, f"Rated {rag}", done), action.version)


def test_a_manager_records_a_meeting_and_every_action_is_frozen_as_it_stands(app, client, westmarsh, plan):
    update(app, westmarsh.officer.id, plan[0].id, "amber", "Recruited one caseworker")
    sign_in(client, westmarsh.manager)
    today = date.today()
    response = record(client, westmarsh.inspection.id, today)
    assert redirect_target(response) == f"/inspections/{westmarsh.inspection.id}/board"
    with app.app_context():
        meeting = db.session.query(BoardMeeting).one()
        frozen = {s.action_id: (s.status, s.rag) for s in meeting.snapshots}
        assert frozen[plan[0].id] == ("in_progress", "amber")
        assert frozen[plan[1].id] == ("not_started", None)
        assert set(frozen) == {action.id for action in plan}
        event = db.session.query(AuditEvent).filter_by(event="board.meeting_recorded").one()
        assert event.actor_id == westmarsh.manager.id and event.changes["meeting_date"] == [None, today.isoformat()]
    update(app, westmarsh.officer.id, plan[0].id, "red", "Caseworker left")  # later changes leave it alone
    with app.app_context():
        assert db.session.query(ActionSnapshot).filter_by(action_id=plan[0].id).one().rag == "amber"
    page = client.get(f"/inspections/{westmarsh.inspection.id}/board").get_data(as_text=True)
    assert f"/board-meetings/{meeting.id}/report.docx" in page and f"/board-meetings/{meeting.id}/report.pdf" in page


def test_a_meeting_on_a_date_already_recorded_is_refused_and_nothing_is_stored(app, client, westmarsh, plan):
    sign_in(client, westmarsh.manager)
    day = date.today() - timedelta(days=3)
    record(client, westmarsh.inspection.id, day)
    before = stored(app)
    page = assert_page(record(client, westmarsh.inspection.id, day), "Record a board meeting")
    assert f"A board meeting on {day.day} {day:%B %Y} is already recorded for this plan: nothing was saved" in page
    assert 'class="govuk-error-summary' in page and f'value="{day.day}"' in page
    assert stored(app) == before


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (-10, "Board meetings are recorded in order, and the last one recorded was on"),
        (40, "The board meeting must be no more than 31 days from today"),
    ],
)
def test_a_meeting_before_the_last_or_far_ahead_is_refused(app, client, westmarsh, plan, offset, message):
    sign_in(client, westmarsh.manager)
    record(client, westmarsh.inspection.id, date.today() - timedelta(days=3))
    before = stored(app)
    response = record(client, westmarsh.inspection.id, date.today() + timedelta(days=offset))
    page = assert_page(response, "Record a board meeting")
    assert message in page
    assert stored(app) == before


def test_each_report_downloads_as_docx_and_pdf_and_the_download_is_audited(app, client, westmarsh, plan):
    sign_in(client, westmarsh.manager)
    record(client, westmarsh.inspection.id, date.today() - timedelta(days=1))
    with app.app_context():
        meeting_id = db.session.query(BoardMeeting.id).scalar()
    client = app.test_client()
    sign_in(client, westmarsh.officer)  # any member of the area may read the board's report
    docx = client.get(f"/board-meetings/{meeting_id}/report.docx")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    day = (date.today() - timedelta(days=1)).isoformat()
    assert f'filename="board-report-westmarsh-{day}.docx"' in docx.headers["Content-Disposition"]
    assert docx_tables(docx.data)[0][0][0] == "Significant weaknesses"
    pdf = client.get(f"/board-meetings/{meeting_id}/report.pdf")
    assert pdf.mimetype == "application/pdf" and "Weakness 1" in pdf_text(pdf.data)
    with app.app_context():
        downloads = db.session.query(AuditEvent).filter_by(event="board_report.downloaded").all()
        assert [(event.actor_id, event.summary.rsplit(" ", 1)[-1]) for event in downloads] == [
            (westmarsh.officer.id, "DOCX"), (westmarsh.officer.id, "PDF")
        ]


def test_the_board_update_page_says_when_the_last_meeting_was(app, client, westmarsh, plan):
    with app.app_context():
        inspection = db.session.get(Inspection, westmarsh.inspection.id)
        record_meeting(db.session.get(User, westmarsh.manager.id), inspection, date(2026, 1, 8), date(2026, 1, 8))
    sign_in(client, westmarsh.officer)
    page = client.get("/my-actions/board-update").get_data(as_text=True)
    assert "The last board meeting recorded was 8 January 2026 for Westmarsh." in page


# A year of monthly meetings: the lead rates action 1 (weakness 1) before each; its RAG goes
# red, red, amber, amber, green... and the manager records a meeting on the 10th of each month.
RATINGS = ["red", "red", "amber", "red", "amber", "green", "green", "green", "amber", "green", "green", "green"]
EXPECTED = ["Not compared", "Same", "Improving", "Worse", "Improving", "Improving", "Same", "Same", "Worse",
            "Improving", "Same", "Same"]


def test_a_year_of_monthly_meetings_reports_each_months_trend_and_work_done_since(app, westmarsh, plan):
    lead, manager = westmarsh.officer.id, westmarsh.manager.id
    first = plan[0].id
    trends, done = [], []
    for month, rating in enumerate(RATINGS):
        year, number = divmod(3 + month, 12)
        day = date(2025 + year, number + 1, 10)
        with time_machine.travel(datetime.combine(day - timedelta(days=2), datetime.min.time()), tick=False):
            update(app, lead, first, rating, f"Work in month {month + 1}")
        with time_machine.travel(datetime.combine(day, datetime.min.time()), tick=False), app.app_context():
            user = db.session.get(User, manager)
            meeting = record_meeting(user, db.session.get(Inspection, westmarsh.inspection.id), day)
            report = board_report(user, meeting, "pdf").report
            weakness = report.weaknesses[0]
            trends.append(weakness.trend)
            done.append([row.done for row in weakness.done_since])
    assert trends == EXPECTED
    # Each report lists the work of its own month only: what was done since the meeting before.
    assert done == [[f"Work in month {month + 1}"] for month in range(12)]


def test_each_report_gives_the_judgements_recorded_by_its_meeting_under_each_weakness(app, client, westmarsh, plan):
    """A meeting before the revisit's letter has no judgement; the one after has them, counted in its summary."""
    manager, inspection = westmarsh.manager, westmarsh.inspection
    with time_machine.travel(datetime(2025, 12, 1, 17), tick=False), app.app_context():
        before = record_meeting(db.session.get(User, manager.id), db.session.get(Inspection, inspection.id),
                                date(2025, 12, 1)).id
    with time_machine.travel(datetime(2025, 12, 16, 9), tick=False):
        as_service(app, manager, inspection,
                   revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19), date(2025, 12, 15)))
        as_service(app, manager, inspection, judge(app, inspection, [INSUFFICIENT, SUFFICIENT, INSUFFICIENT,
                                                                     INSUFFICIENT]))
    with time_machine.travel(datetime(2026, 1, 10, 17), tick=False), app.app_context():
        after = record_meeting(db.session.get(User, manager.id), db.session.get(Inspection, inspection.id),
                               date(2026, 1, 10)).id
    weakness_1 = finding_ids(app, inspection, "significant_weakness")[0]
    with app.app_context():
        earlier = board_report(db.session.get(User, manager.id), db.session.get(BoardMeeting, before), "docx").report
    assert [s.judgements for s in earlier.weaknesses] == [()] * 4 and earlier.totals.judgement_counts == []
    sign_in(client, westmarsh.officer)
    paragraphs = docx_paragraphs(client.get(f"/board-meetings/{after}/report.docx").data)
    under_1 = paragraphs[paragraphs.index("Weakness 1") : paragraphs.index("Weakness 2")]
    assert "Insufficient progress at the revisit, letter published 15 December 2025" in under_1
    assert f"Words on {weakness_1}" in under_1
    assert "Judged sufficient: 1" in paragraphs and "Judged insufficient: 3" in paragraphs
    development = paragraphs[paragraphs.index("Areas for development") :]
    assert not any(p.startswith(("Sufficient progress", "Insufficient progress")) for p in development)


def test_a_corrected_judgement_shows_as_it_was_in_the_older_report_and_corrected_in_the_later_one(
    app, westmarsh, plan
):
    manager, inspection = westmarsh.manager, westmarsh.inspection
    weakness_1 = finding_ids(app, inspection, "significant_weakness")[0]
    with time_machine.travel(datetime(2025, 12, 16, 9), tick=False):
        as_service(app, manager, inspection,
                   revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19), date(2025, 12, 15)))
        as_service(app, manager, inspection, judge(app, inspection, [INSUFFICIENT] * 4))
    meetings = []
    for when, correction in ((datetime(2026, 1, 10, 17), (SUFFICIENT, "Typed wrongly")),
                             (datetime(2026, 2, 10, 17), (INSUFFICIENT, "As the letter says"))):
        with time_machine.travel(when, tick=False), app.app_context():
            meetings.append(record_meeting(db.session.get(User, manager.id),
                                           db.session.get(Inspection, inspection.id), when.date()).id)
        with time_machine.travel(when + timedelta(days=1), tick=False):
            as_service(app, manager, inspection,
                       lambda user, row, words=correction: record_judgements(user, row, {weakness_1: words}))
    with time_machine.travel(datetime(2026, 3, 10, 17), tick=False), app.app_context():
        meetings.append(record_meeting(db.session.get(User, manager.id),
                                       db.session.get(Inspection, inspection.id), date(2026, 3, 10)).id)
    judged = []
    with app.app_context():
        for meeting in meetings:
            report = board_report(db.session.get(User, manager.id), db.session.get(BoardMeeting, meeting),
                                  "docx").report
            judged.append([(j.progress, j.inspectors_words) for j in report.weaknesses[0].judgements])
    assert judged == [
        [(INSUFFICIENT, f"Words on {weakness_1}")],
        [(SUFFICIENT, "Typed wrongly")],
        [(INSUFFICIENT, "As the letter says")],
    ]


def test_the_report_counts_down_to_the_revisit_as_the_cycle_has_recorded_it(app, westmarsh, plan):
    """Once the statement is accepted, the revisit is expected 18 months after acceptance, not after the deadline."""
    manager, inspection = westmarsh.manager, westmarsh.inspection
    as_service(app, manager, inspection, submit(date(2025, 6, 20)))
    as_service(app, manager, inspection, decide(ACCEPTED, date(2025, 9, 1)))
    with time_machine.travel(datetime(2026, 1, 10, 17), tick=False), app.app_context():
        meeting = record_meeting(db.session.get(User, manager.id), db.session.get(Inspection, inspection.id),
                                 date(2026, 1, 10))
        report = board_report(db.session.get(User, manager.id), meeting, "docx").report
    assert report.next_key_date.name == "Revisit expected"
    assert report.next_key_date.when == date(2027, 3, 1)
