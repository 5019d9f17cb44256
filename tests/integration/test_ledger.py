"""The delivery ledger's rules, one at a time: claims, leases, retries with backoff, giving up and skipping.

Times are chosen either side of each limit, so that a rule turned round gives a different answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.factories import make_area, make_user
from wsoa.extensions import db
from wsoa.models import Delivery
from wsoa.reminders import ledger
from wsoa.reminders.ledger import RetryPolicy

NOW = datetime(2026, 12, 1, 7, 0)
POLICY = RetryPolicy(max_attempts=3, base_seconds=60, lease_seconds=600)


@pytest.fixture
def person(app, app_context):
    return make_user(app, role="officer", area=make_area(app))


def claimed(person, period="2026-12-01", when=NOW) -> int:
    return ledger.claim(db.session, person.id, "digest", period, when, subject="Your digest")


def row(delivery_id) -> Delivery:
    db.session.expire_all()
    return db.session.get(Delivery, delivery_id)


def test_the_first_claim_owns_the_send_and_a_second_claim_for_the_same_period_gets_nothing(person):
    first = claimed(person)
    assert first is not None
    assert claimed(person) is None
    assert (row(first).status, row(first).attempts) == ("sending", 1)


def test_a_claim_runs_what_must_be_claimed_with_it_in_the_same_transaction(person):
    seen = []
    delivery_id = ledger.claim(db.session, person.id, "digest", "2026-12-01", NOW, also=seen.append)
    assert seen == [delivery_id]


def test_a_claim_keeps_a_subject_to_300_characters(person):
    delivery_id = ledger.claim(db.session, person.id, "digest", "2026-12-01", NOW, subject="x" * 301)
    assert len(row(delivery_id).subject) == 300


def test_backoff_doubles_from_the_base_with_each_attempt():
    policy = RetryPolicy(max_attempts=5, base_seconds=300)
    assert [policy.next_attempt(n, NOW) - NOW for n in (1, 2, 3, 4)] == [
        timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)
    ]


def test_after_the_last_attempt_there_is_no_next_one():
    assert POLICY.next_attempt(2, NOW) == NOW + timedelta(seconds=120)
    assert POLICY.next_attempt(3, NOW) is None


def test_a_claim_still_within_its_lease_is_not_taken_over(person):
    delivery_id = claimed(person, when=NOW - timedelta(seconds=599))
    assert ledger.due_for_retry(db.session, NOW, POLICY) == []
    assert not ledger.take_over(db.session, delivery_id, NOW, POLICY)


def test_a_claim_past_its_lease_is_taken_to_be_a_crashed_run_and_taken_over_once(person):
    delivery_id = claimed(person, when=NOW - timedelta(seconds=601))
    assert ledger.due_for_retry(db.session, NOW, POLICY) == [delivery_id]
    assert ledger.take_over(db.session, delivery_id, NOW, POLICY)
    assert not ledger.take_over(db.session, delivery_id, NOW, POLICY)
    assert (row(delivery_id).status, row(delivery_id).attempts, row(delivery_id).claimed_at) == ("sending", 2, NOW)


def test_a_failed_send_is_retried_only_once_its_backoff_has_passed(person):
    delivery_id = claimed(person, when=NOW)
    ledger.mark_failed(db.session, delivery_id, "mail server said no", NOW, POLICY)
    assert row(delivery_id).next_attempt_at == NOW + timedelta(seconds=60)
    early = NOW + timedelta(seconds=59)
    assert ledger.due_for_retry(db.session, early, POLICY) == []
    assert not ledger.take_over(db.session, delivery_id, early, POLICY)
    due = NOW + timedelta(seconds=60)
    assert ledger.due_for_retry(db.session, due, POLICY) == [delivery_id]
    assert ledger.take_over(db.session, delivery_id, due, POLICY)
    retried = row(delivery_id)
    assert (retried.status, retried.attempts, retried.next_attempt_at, retried.claimed_at) == ("sending", 2, None, due)


def test_a_failure_keeps_its_reason(person):
    delivery_id = claimed(person)
    ledger.mark_failed(db.session, delivery_id, "mail server said no", NOW, POLICY)
    assert (row(delivery_id).status, row(delivery_id).last_error) == ("failed", "mail server said no")


def test_a_delivery_given_up_is_failed_with_its_reason_and_never_retried(person):
    delivery_id = claimed(person)
    ledger.mark_given_up(db.session, delivery_id, "address refused")
    given_up = row(delivery_id)
    assert (given_up.status, given_up.last_error, given_up.next_attempt_at) == ("failed", "address refused", None)
    assert ledger.due_for_retry(db.session, NOW + timedelta(days=30), POLICY) == []


def test_giving_up_after_a_failure_stops_its_retry(person):
    delivery_id = claimed(person)
    ledger.mark_failed(db.session, delivery_id, "first failure", NOW, POLICY)
    ledger.mark_given_up(db.session, delivery_id, "address refused")
    assert row(delivery_id).next_attempt_at is None
    assert ledger.due_for_retry(db.session, NOW + timedelta(days=30), POLICY) == []


def test_a_delivery_skipped_is_recorded_with_its_reason_and_never_retried(person):
    delivery_id = claimed(person)
    ledger.mark_failed(db.session, delivery_id, "first failure", NOW, POLICY)
    ledger.mark_skipped(db.session, delivery_id, "nothing to say today")
    skipped = row(delivery_id)
    assert (skipped.status, skipped.last_error, skipped.next_attempt_at) == ("skipped", "nothing to say today", None)
    assert ledger.due_for_retry(db.session, NOW + timedelta(days=30), POLICY) == []


def test_a_sent_delivery_records_when_and_the_provider_s_id_and_clears_the_error(person):
    delivery_id = claimed(person)
    ledger.mark_failed(db.session, delivery_id, "first failure", NOW, POLICY)
    ledger.mark_sent(db.session, delivery_id, "msg-1", NOW + timedelta(minutes=2), subject="Your digest, again")
    sent = row(delivery_id)
    assert (sent.status, sent.sent_at, sent.provider_id, sent.last_error, sent.subject) == (
        "sent", NOW + timedelta(minutes=2), "msg-1", "", "Your digest, again"
    )
    assert ledger.due_for_retry(db.session, NOW + timedelta(days=30), POLICY) == []


def test_marking_sent_without_a_subject_keeps_the_claimed_one(person):
    delivery_id = claimed(person)
    ledger.mark_sent(db.session, delivery_id, "msg-1", NOW)
    assert row(delivery_id).subject == "Your digest"


def test_a_queued_resend_goes_at_the_next_run_and_counts_its_attempts_afresh(person):
    delivery_id = claimed(person)
    ledger.mark_sent(db.session, delivery_id, "msg-1", NOW)
    ledger.queue_resend(db.session, row(delivery_id), NOW, "asked again")
    db.session.commit()
    assert ledger.due_for_retry(db.session, NOW - timedelta(seconds=1), POLICY) == []
    assert ledger.due_for_retry(db.session, NOW, POLICY) == [delivery_id]
    assert ledger.take_over(db.session, delivery_id, NOW, POLICY)
    resent = row(delivery_id)
    assert (resent.attempts, resent.resend_count, resent.last_error) == (1, 1, "asked again")


def test_known_keys_are_the_people_kinds_and_periods_already_in_the_ledger_for_those_periods(person):
    claimed(person, period="2026-12-01")
    claimed(person, period="2026-12-02")
    assert ledger.known_keys(db.session, {"2026-12-01", "2026-12-03"}) == {(person.id, "digest", "2026-12-01")}
    assert ledger.known_keys(db.session, set()) == set()


@pytest.mark.parametrize("mark", ["failed", "given_up", "skipped"])
def test_a_reason_is_kept_to_2000_characters(person, mark):
    delivery_id = claimed(person)
    reason = "x" * 2000 + "y"
    if mark == "failed":
        ledger.mark_failed(db.session, delivery_id, reason, NOW, POLICY)
    else:
        getattr(ledger, f"mark_{mark}")(db.session, delivery_id, reason)
    assert row(delivery_id).last_error == "x" * 2000


def test_a_provider_id_and_subject_are_kept_to_their_columns_lengths(person):
    delivery_id = claimed(person)
    ledger.mark_sent(db.session, delivery_id, "p" * 201, NOW, subject="s" * 301)
    assert (row(delivery_id).provider_id, row(delivery_id).subject) == ("p" * 200, "s" * 300)


def test_each_deliberate_resend_is_counted_and_keeps_its_reason_to_2000_characters(person):
    delivery_id = claimed(person)
    for reason in ("asked again", "and again " + "x" * 2000):
        ledger.mark_sent(db.session, delivery_id, "msg", NOW)
        ledger.queue_resend(db.session, row(delivery_id), NOW, reason)
        db.session.commit()
    resent = row(delivery_id)
    assert (resent.resend_count, resent.last_error) == (2, ("and again " + "x" * 2000)[:2000])


def test_taking_over_one_delivery_leaves_the_others_alone(person):
    due_one = claimed(person, period="2026-11-30", when=NOW - timedelta(hours=1))
    fresh_one = claimed(person, period="2026-12-01", when=NOW)
    assert not ledger.take_over(db.session, fresh_one, NOW, POLICY)
    assert (row(due_one).attempts, row(due_one).claimed_at) == (1, NOW - timedelta(hours=1))


def test_a_delivery_sent_after_a_failure_is_never_sent_again(person):
    delivery_id = claimed(person, when=NOW - timedelta(hours=1))
    ledger.mark_failed(db.session, delivery_id, "first failure", NOW - timedelta(hours=1), POLICY)
    ledger.mark_sent(db.session, delivery_id, "msg-1", NOW - timedelta(minutes=50))
    assert ledger.due_for_retry(db.session, NOW, POLICY) == []
    assert not ledger.take_over(db.session, delivery_id, NOW, POLICY)


def test_a_claim_exactly_at_the_end_of_its_lease_is_not_yet_taken_over(person):
    delivery_id = claimed(person, when=NOW - timedelta(seconds=600))
    assert ledger.due_for_retry(db.session, NOW, POLICY) == []
    assert not ledger.take_over(db.session, delivery_id, NOW, POLICY)


def test_the_second_failure_waits_twice_as_long_as_the_first(person):
    claimed(person, period="2026-11-30")  # another delivery, on its first attempt
    delivery_id = claimed(person)
    ledger.mark_failed(db.session, delivery_id, "first failure", NOW, POLICY)
    retry_at = NOW + timedelta(seconds=60)
    assert ledger.take_over(db.session, delivery_id, retry_at, POLICY)
    ledger.mark_failed(db.session, delivery_id, "second failure", retry_at, POLICY)
    assert row(delivery_id).next_attempt_at == retry_at + timedelta(seconds=120)
