import json

from config import DevelopmentConfig
from wsoa.demo import ACCEPTED_ON, DEMO_USERS, SUBMITTED_ON
from wsoa.extensions import db
from wsoa.models import (
    Action,
    AuditEvent,
    BoardMeeting,
    Inspection,
    MeasuredValue,
    StatementSubmission,
    StatementVersion,
    User,
)


def test_load_demo_creates_the_fictional_area_and_its_accounts(app, runner):
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo sign-in (manager): manager@westmarsh.example" in result.output
    with app.app_context():
        assert db.session.query(Inspection).one().local_area.name == "Westmarsh"
        assert db.session.query(User).count() == len(DEMO_USERS)


def test_loading_the_demo_twice_changes_nothing(app, runner):
    runner.invoke(args=["load-demo"])
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0
    assert "already loaded" in result.output
    with app.app_context():
        assert db.session.query(Inspection).count() == 1
        assert db.session.query(User).count() == len(DEMO_USERS)


def test_the_demo_plan_is_under_way_so_every_page_has_something_to_show(app, runner):
    runner.invoke(args=["load-demo"])
    with app.app_context():
        statuses = [action.status for action in db.session.query(Action)]
        assert len(statuses) == 13
        assert statuses.count("signed_off") == 1
        assert all(action.lead_id for action in db.session.query(Action))
        assert db.session.query(AuditEvent).filter_by(event="action.updated").count() == 6


def test_the_demo_statement_was_submitted_and_accepted_so_the_revisit_counts_from_acceptance(
    app, runner, monkeypatch
):
    monkeypatch.setitem(app.config, "STATEMENT_SIGNATORIES", DevelopmentConfig.STATEMENT_SIGNATORIES)
    runner.invoke(args=["load-demo"])
    with app.app_context():
        submission = db.session.query(StatementSubmission).one()
        assert (submission.submitted_on, submission.decision, submission.decided_on) == (
            SUBMITTED_ON, "accepted", ACCEPTED_ON
        )
        version = db.session.query(StatementVersion).one()
        assert version.pdf.startswith(b"%PDF") and version.submitted_on is None
        assert "Sam Okafor" in json.dumps(version.facts)


def test_the_demo_has_a_board_meeting_before_the_progress_and_two_charted_measures(app, runner):
    runner.invoke(args=["load-demo"])
    with app.app_context():
        meeting = db.session.query(BoardMeeting).one()
        assert {snapshot.rag for snapshot in meeting.snapshots} == {None}
        measured = {value.action.reference for value in db.session.query(MeasuredValue)}
        assert measured == {"2.1", "4.1"}
        assert db.session.query(MeasuredValue).count() == 12
