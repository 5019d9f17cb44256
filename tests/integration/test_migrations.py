"""The schema comes from the migrations, and they must agree with the models."""

from datetime import date, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.cycle_factories import as_service, finding_ids, judge_findings, open_plan, revisit
from tests.factories import make_actions, make_inspection, make_user
from wsoa.extensions import db
from wsoa.inspections.cycle import INSUFFICIENT, SUFFICIENT


def test_models_and_migrations_agree(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_empty_and_upgrade_again(app_context):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"local_area", "inspection", "finding", "user", "membership"} <= set(
        inspect(db.engine).get_table_names()
    )


def test_the_digest_runs_already_in_the_audit_trail_are_carried_over(app_context):
    downgrade(revision="0009")
    with db.engine.begin() as connection:
        for summary, event in (
            ("2026-11-23: 4 sent, 1 failed", "digests.run"),
            ("Digests for 2026-11-18 to 2026-11-19 were not sent: no run happened then, and ...", "digests.skipped"),
        ):
            connection.execute(
                text("INSERT INTO audit_event (at, event, summary, changes) VALUES (:at, :event, :summary, '{}')"),
                {"at": datetime(2026, 11, 23, 7), "event": event, "summary": summary},
            )
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT day, outcome, sent, failed FROM digest_run ORDER BY day")).all()
    assert [(str(day), outcome, sent, failed) for day, outcome, sent, failed in rows] == [
        ("2026-11-18", "missed", 0, 0),
        ("2026-11-19", "missed", 0, 0),
        ("2026-11-23", "ran", 4, 1),
    ]


def test_downgrading_past_0018_moves_a_later_plan_s_actions_back_into_the_first_follow_on_plan(app):
    """Before 0018 an inspection had one follow-on plan, one revisit and one judgement per weakness."""
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    actions = make_actions(app, inspection, manager)
    one, two, three, four = finding_ids(app, inspection, "significant_weakness")
    as_service(app, manager, inspection, revisit(date(2025, 6, 2), date(2025, 6, 16), date(2025, 6, 18)))
    as_service(app, manager, inspection, judge_findings({one: INSUFFICIENT, two: INSUFFICIENT, three: SUFFICIENT,
                                                        four: SUFFICIENT}))
    first_follow_on = as_service(app, manager, inspection, open_plan([actions[0].id], date(2025, 7, 1)))
    as_service(app, manager, inspection, revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19)))
    as_service(app, manager, inspection, judge_findings({one: INSUFFICIENT, two: SUFFICIENT}))
    as_service(app, manager, inspection, open_plan([actions[0].id], date(2025, 12, 1)))
    with app.app_context():
        downgrade(revision="0017")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM follow_on_plan")).scalars().all() == [first_follow_on]
            assert connection.execute(
                text("SELECT plan_id FROM action WHERE id = :id"), {"id": actions[0].id}
            ).scalar() == first_follow_on
            assert connection.execute(text("SELECT COUNT(*) FROM revisit")).scalar() == 1
            assert connection.execute(text("SELECT COUNT(*) FROM progress_judgement")).scalar() == 4
        upgrade()


def test_judgement_records_go_on_a_downgrade_past_0020_and_one_per_judgement_comes_back_with_its_words(app):
    """Before 0020 a corrected judgement kept only its latest words; upgrading again records those once."""
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    one, two, _, _ = finding_ids(app, inspection, "significant_weakness")
    as_service(app, manager, inspection, revisit(date(2025, 6, 2), date(2025, 6, 16), date(2025, 6, 18)))
    as_service(app, manager, inspection, judge_findings({one: INSUFFICIENT, two: SUFFICIENT}))
    as_service(app, manager, inspection, judge_findings({one: SUFFICIENT}))
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM progress_judgement_record")).scalar() == 3
        downgrade(revision="0019")
        assert "progress_judgement_record" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            assert dict(connection.execute(text("SELECT finding_id, progress FROM progress_judgement")).all()) == {
                one: SUFFICIENT, two: SUFFICIENT
            }
        upgrade()
        with db.engine.connect() as connection:
            assert sorted(connection.execute(text(
                "SELECT j.finding_id, r.progress FROM progress_judgement_record r"
                " JOIN progress_judgement j ON j.id = r.judgement_id"
            )).all()) == sorted([(one, SUFFICIENT), (two, SUFFICIENT)])
