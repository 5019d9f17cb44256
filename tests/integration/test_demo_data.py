from wsoa.demo import DEMO_USERS
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, Inspection, User


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
