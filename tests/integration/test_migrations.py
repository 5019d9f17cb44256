"""The schema comes from the migrations, and they must agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from wsoa.extensions import db


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
