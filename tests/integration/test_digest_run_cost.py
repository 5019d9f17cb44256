"""What a digest run reads: a second run the same day has nothing to send and reads no area's facts, and a
run with a few people still due loads only theirs."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.integration.test_reminder_delivery import MONDAY, leads, ledger, run  # noqa: F401 - leads is a fixture
from tests.reminder_factories import RecordingBackend, SimulatedCrash
from wsoa.extensions import db
from wsoa.reminders import runs


class Statements:
    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.seen: list[str] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, connection, cursor, statement, *args):
        self.seen.append(" ".join(statement.split()).lower())

    def reading(self, table: str) -> list[str]:
        return [s for s in self.seen if s.startswith("select") and f"from {table} " in s + " "]


def test_a_second_run_the_same_day_reads_no_ones_facts(app, leads):  # noqa: F811 - the fixture
    assert len(run(app, MONDAY, RecordingBackend()).sent) == 5
    with Statements(app) as again:
        report = run(app, MONDAY, RecordingBackend())
    assert report.sent == [] and report.days == []
    assert again.reading("action") == [] and again.reading("user") == [] and again.reading("membership") == []
    assert len(again.seen) <= 5


def test_a_run_loads_the_facts_of_the_people_still_due_and_no_one_else(app, leads, monkeypatch):  # noqa: F811
    with pytest.raises(SimulatedCrash):
        run(app, MONDAY, RecordingBackend(crash_after=3))
    in_ledger = {user_id for user_id, *_ in ledger(app)}  # three sent, one claimed by the crashed run
    assert len(in_ledger) == 4
    loaded = []
    real = runs.load_snapshot

    def recording(user_ids=None):
        loaded.append(user_ids)
        return real(user_ids)

    monkeypatch.setattr(runs, "load_snapshot", recording)
    assert len(run(app, MONDAY, RecordingBackend()).sent) == 1
    # Loaded: the fifth lead, and the manager (who had nothing to say, so is not in the ledger).
    (user_ids,) = loaded
    assert len(user_ids) == 2 and user_ids.isdisjoint(in_ledger)
