"""Two years of one area's cycle with the clock frozen each day, through a real SMTP server.

The demo letter (14 March 2025) is imported and seeded; the statement is submitted, asked for again, resubmitted
and accepted; notice of the revisit comes, the revisit letter's judgements are recorded and an accelerated
progress plan opens with an action carried over. Each morning the digests run (twice: a second run sends
nothing); each day something is recorded, the notice sender runs. The managers get a reminder on each right
day for the date that is then ahead, none for a deadline already met, the notice at once, and nothing twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from tests.cycle_factories import day, finding_ids
from tests.factories import make_actions, make_inspection, make_user
from tests.pages import post_form, sign_in
from tests.reminder_factories import SmtpSink, london_morning, rename
from wsoa.actions.services import UpdateDetails, add_milestone, post_update
from wsoa.extensions import db
from wsoa.models import Action, Delivery, FollowOnPlan, Milestone, ProgressUpdate, User
from wsoa.reminders.mail import SmtpBackend
from wsoa.reminders.notifications import send_notifications
from wsoa.reminders.runs import send_digests

START, END = date(2025, 3, 20), date(2027, 3, 19)


def at(when: date, hour: int, minute: int = 0) -> datetime:
    return london_morning(when).replace(hour=hour, minute=minute)


class Story:
    def __init__(self, app):
        self.app = app
        with time_machine.travel(london_morning(START), tick=False):
            self.inspection = make_inspection(app, "Westmarsh")
            self.recorder = make_user(app, "manager", "Westmarsh", "recorder@westmarsh.example")
            self.colleague = make_user(app, "manager", "Westmarsh", "colleague@westmarsh.example")
            rename(app, self.colleague, "Cole Colleague")
            # Drafts with no lead or due date: the managers' emails are the cycle's reminders alone.
            self.actions = make_actions(app, self.inspection, self.recorder)

    def page(self, path: str, data: dict):
        client = self.app.test_client()
        sign_in(client, self.recorder)
        response = post_form(client, path, data)
        assert response.status_code == 302, response.get_data(as_text=True)

    def weaknesses(self) -> list[int]:
        return finding_ids(self.app, self.inspection, "significant_weakness")

    def history_on_the_first_action(self):
        with self.app.app_context():
            user, action = db.session.get(User, self.recorder.id), db.session.get(Action, self.actions[0].id)
            post_update(user, action, UpdateDetails("amber", "Panel forming", "Terms agreed"), action.version)
            add_milestone(user, action, "Panel in place", date(2025, 9, 30), action.version)


def events(story: Story) -> dict[date, callable]:
    i = f"/inspections/{story.inspection.id}"
    first, second, third, fourth = story.weaknesses()
    return {
        date(2025, 7, 1): story.history_on_the_first_action,
        date(2025, 6, 20): lambda: story.page(f"{i}/submission", {"submitted_on": day(date(2025, 6, 20))}),
        date(2025, 9, 1): lambda: story.page(
            f"{i}/decision",
            {"decision": "resubmit", "decided_on": day(date(2025, 9, 1)), "resubmit_by": day(date(2025, 10, 31))},
        ),
        date(2025, 10, 20): lambda: story.page(f"{i}/submission", {"submitted_on": day(date(2025, 10, 20))}),
        date(2026, 1, 12): lambda: story.page(
            f"{i}/decision", {"decision": "accepted", "decided_on": day(date(2026, 1, 12))}
        ),
        date(2026, 9, 14): lambda: story.page(
            f"{i}/revisit",
            {
                "notice_on": day(date(2026, 9, 14)),
                "starts_on": day(date(2026, 9, 28)),
                "ends_on": day(date(2026, 9, 30)),
            },
        ),
        date(2026, 11, 5): lambda: story.page(
            f"{i}/revisit",
            {
                "notice_on": day(date(2026, 9, 14)),
                "starts_on": day(date(2026, 9, 28)),
                "ends_on": day(date(2026, 9, 30)),
                "letter_published_on": day(date(2026, 11, 4)),
            },
        ),
        date(2026, 11, 6): lambda: story.page(
            f"{i}/judgements",
            {
                f"progress_{first}": "insufficient",
                f"words_{first}": "Too few plans are finished on time.",
                f"progress_{second}": "sufficient",
                f"progress_{third}": "insufficient",
                f"progress_{fourth}": "sufficient",
            },
        ),
        date(2026, 11, 16): lambda: story.page(
            f"{i}/follow-on-plan/open", {"carry_over": [str(story.actions[0].id)]}
        ),
        date(2027, 1, 20): lambda: story.page(
            f"{i}/meetings/new", {"kind": "monitoring", "held_on": day(date(2027, 1, 20))}
        ),
    }


def live_two_years(app, story: Story, backend, sink) -> list:
    happenings = events(story)
    received = []
    today = START
    while today <= END:
        before = len(sink.messages)
        with time_machine.travel(london_morning(today), tick=False), app.app_context():
            send_digests(today, backend=backend)
            send_digests(today, backend=backend)  # a second run the same morning sends nothing
        if today in happenings:
            with time_machine.travel(at(today, 10), tick=False):
                happenings[today]()
            with time_machine.travel(at(today, 10, 10), tick=False), app.app_context():
                send_notifications(backend=backend)
                send_notifications(backend=backend)
        received += [(today, m.to.split("@")[0], m.subject, m.message) for m in sink.messages[before:]]
        today += timedelta(days=1)
    return received


# (day, who, subject before its date)
EXPECTED = sorted(
    [
        # The statement's deadline, 26 June 2025 (70 working days after the letter): 90, 60 (a Sunday: with
        # Monday's email, 59 days before), 30, 14 and 7 days before. The submission on 20 June meets it.
        *[
            (when, who, f"Your SEND actions: written statement of action due in {left} days")
            for when, left in (
                (date(2025, 3, 28), 90),
                (date(2025, 4, 28), 59),
                (date(2025, 5, 27), 30),
                (date(2025, 6, 12), 14),
                (date(2025, 6, 19), 7),
            )
            for who in ("recorder", "colleague")
        ],
        # Asked for again on 1 September (after that morning's run) by 31 October: its own reminders, 30 and
        # 14 days before; the resubmission on 20 October meets it, so the 7-day one (24 October) never goes.
        *[
            (when, who, f"Your SEND actions: written statement of action to be resubmitted in {left} days")
            for when, left in ((date(2025, 10, 1), 30), (date(2025, 10, 17), 14))
            for who in ("recorder", "colleague")
        ],
        # The notice on 14 September 2026: the other manager hears at once; the revisit (28 September) is
        # then reminded 7 days before. The estimates it replaced (26 December 2026 counted from the deadline,
        # then 12 July 2027 from acceptance) are never reminded.
        (
            date(2026, 9, 14),
            "colleague",
            "Westmarsh: Ofsted and the CQC gave notice on 14 September 2026 of the revisit",
        ),
        *[
            (date(2026, 9, 21), who, "Your SEND actions: revisit in 7 days")
            for who in ("recorder", "colleague")
        ],
    ]
)


def test_two_years_of_the_cycle(app):
    story = Story(app)
    with SmtpSink() as sink:
        backend = SmtpBackend("127.0.0.1", sink.port, "reminders@wsoa.test", tls="none")
        received = live_two_years(app, story, backend, sink)

    got = sorted((when, who, subject.split(" – ")[0].split(", from ")[0]) for when, who, subject, _ in received)
    assert got == EXPECTED

    # Nothing twice: one email per person per day, and the ledger agrees with the mail server.
    assert max(Counter((when, who) for when, who, _, _ in received).values()) == 1
    with app.app_context():
        assert Counter(status for (status,) in db.session.query(Delivery.status)) == {"sent": len(EXPECTED)}

    notice = next(m for when, _, _, m in received if when == date(2026, 9, 14))
    text = notice.get_body(("plain",)).get_content()
    assert "14 days (10 working days) from the notice" in text
    assert f"https://wsoa.test/inspections/{story.inspection.id}" in text
    reminder = next(m for when, who, _, m in received if when == date(2026, 9, 21) and who == "recorder")
    assert "Revisit: 7 days to go, on 28 September 2026." in reminder.get_body(("plain",)).get_content()

    # The follow-on plan answers weaknesses 1 and 3 and carried the first action over with its history.
    with app.app_context():
        plan = db.session.scalar(select(FollowOnPlan))
        assert [f.id for f in plan.findings] == [story.weaknesses()[0], story.weaknesses()[2]]
        carried = db.session.get(Action, story.actions[0].id)
        assert carried.plan_id == plan.id
        assert db.session.scalars(select(ProgressUpdate.done).where(ProgressUpdate.action_id == carried.id)).all() == [
            "Terms agreed"
        ]
        assert db.session.scalars(select(Milestone.title).where(Milestone.action_id == carried.id)).all() == [
            "Panel in place"
        ]
        in_plan = sorted(db.session.scalars(select(Action.reference).where(Action.plan_id == plan.id)))
        assert in_plan == ["1.1", "3.2"]
