"""`wsoa scheduler` runs the same digest code on a Europe/London cron, one run at a time."""

from datetime import datetime

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler

from tests.factories import make_actions, make_inspection, make_user
from tests.reminder_factories import set_action
from wsoa.reminders.scheduler import LONDON, build_scheduler


def test_digests_are_scheduled_daily_at_the_send_time_in_london_one_run_at_a_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_SEND_TIME", "06:45")
    with time_machine.travel(datetime(2026, 3, 2, 5, 0, tzinfo=LONDON), tick=False):
        scheduler = build_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)  # jobs take their defaults when the scheduler starts
    try:
        digests = scheduler.get_job("digests")
        assert str(digests.trigger) == "cron[hour='6', minute='45']"
        assert digests.trigger.timezone == LONDON
        assert (digests.coalesce, digests.max_instances) == (True, 1)
        assert scheduler.get_job("catch-up") is None  # before the send time: today's run is still to come
    finally:
        scheduler.shutdown(wait=False)


def test_a_scheduler_started_after_the_send_time_catches_up_at_once(app):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=LONDON), tick=False):
        scheduler = build_scheduler(app, BackgroundScheduler)
    assert scheduler.get_job("catch-up") is not None


def test_the_scheduled_job_sends_the_days_digests(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path))
    inspection = make_inspection(app, "Westmarsh")
    lead = make_user(app, role="officer", area="Westmarsh", email="lead@westmarsh.example")
    action = make_actions(app, inspection, make_user(app, role="manager", area="Westmarsh"), lead=lead)[0]
    set_action(app, action.id, due_date=datetime(2026, 2, 20).date())
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=LONDON), tick=False):
        build_scheduler(app, BackgroundScheduler).get_job("digests").func()
    sent_to = {path.read_text().split("To: ", 1)[1].split("\n", 1)[0].strip() for path in tmp_path.glob("*.eml")}
    assert "lead@westmarsh.example" in sent_to


def test_the_scheduler_refuses_to_start_without_email_settings(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "")
    result = runner.invoke(args=["scheduler"])
    assert result.exit_code == 1
    assert "MAIL_BACKEND" in result.output
