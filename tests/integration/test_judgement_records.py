"""A revisit's judgement records are kept as recorded: the database refuses to edit or delete one, as it does an
audit event, so a board report for an earlier meeting always shows a judgement as it stood then."""

from __future__ import annotations

import os
from datetime import date
from typing import NamedTuple

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from tests.cycle_factories import as_service, judge, revisit
from tests.factories import InspectionData, UserData, make_actions, make_inspection, make_user
from wsoa.extensions import db
from wsoa.inspections.cycle import INSUFFICIENT, SUFFICIENT
from wsoa.models import ProgressJudgementRecord

REFUSED = "judgement records are never edited or deleted"


class Judged(NamedTuple):
    inspection: InspectionData
    manager: UserData
    records: list[tuple]  # each record's id, progress and words, as recorded


@pytest.fixture
def judged(app, app_context) -> Judged:
    """The revisit's four judgements, weakness 1's insufficient."""
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    make_actions(app, inspection, manager)
    as_service(app, manager, inspection, revisit(date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 17)))
    as_service(app, manager, inspection, judge(app, inspection, [INSUFFICIENT, SUFFICIENT, SUFFICIENT, SUFFICIENT]))
    return Judged(inspection, manager, _records())


@pytest.fixture
def recorded(judged) -> list[tuple]:
    return judged.records


def _records() -> list[tuple]:
    query = select(ProgressJudgementRecord.id, ProgressJudgementRecord.progress,
                   ProgressJudgementRecord.inspectors_words).order_by(ProgressJudgementRecord.id)
    return [tuple(row) for row in db.session.execute(query)]


def test_the_database_refuses_to_edit_a_judgement_record(recorded):
    with pytest.raises(DatabaseError, match=REFUSED):
        db.session.execute(text("UPDATE progress_judgement_record SET progress = 'sufficient'"))
    db.session.rollback()
    assert _records() == recorded and recorded[0][1] == INSUFFICIENT


def test_the_database_refuses_to_delete_a_judgement_record(recorded):
    with pytest.raises(DatabaseError, match=REFUSED):
        db.session.execute(text("DELETE FROM progress_judgement_record"))
    db.session.rollback()
    assert _records() == recorded and len(recorded) == 4


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="INSERT OR REPLACE is SQLite's")
def test_sqlite_refuses_to_replace_a_judgement_record(recorded):
    first, progress, _ = recorded[0]
    with pytest.raises(DatabaseError, match=REFUSED):
        db.session.execute(text(
            "INSERT OR REPLACE INTO progress_judgement_record (id, judgement_id, progress, inspectors_words, "
            "recorded_at) SELECT id, judgement_id, 'sufficient', 'rewritten', recorded_at "
            "FROM progress_judgement_record WHERE id = :id"), {"id": first})
    db.session.rollback()
    assert _records() == recorded and progress == INSUFFICIENT


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_judgement_records_even_by_cascade(recorded):
    for statement in ("TRUNCATE progress_judgement_record", "TRUNCATE progress_judgement CASCADE"):
        with pytest.raises(DatabaseError, match=REFUSED):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ProgressJudgementRecord)) == 4


def test_a_correction_is_still_appended_as_a_record_of_its_own(app, judged):
    as_service(app, judged.manager, judged.inspection,
               judge(app, judged.inspection, [SUFFICIENT, SUFFICIENT, SUFFICIENT, SUFFICIENT]))
    records = _records()
    assert records[:4] == judged.records
    assert [progress for _, progress, _ in records[4:]] == [SUFFICIENT]
