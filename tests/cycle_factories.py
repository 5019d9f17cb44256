"""Test data for the inspection cycle after the plan (issue 12), built on tests/factories.py. Plain values out."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from tests.factories import InspectionData
from wsoa.extensions import db
from wsoa.models import Finding, ProgressJudgement


def day(when: date) -> list[str]:
    """A date as the three parts the Design System's date input posts."""
    return [str(when.day), str(when.month), str(when.year)]


def finding_ids(app: Flask, inspection: InspectionData, kind: str) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Finding.id)
                .where(Finding.inspection_id == inspection.id, Finding.kind == kind)
                .order_by(Finding.position)
            )
        )


def judgements_stored(app: Flask, inspection: InspectionData) -> dict[int, str]:
    with app.app_context():
        return dict(
            db.session.execute(
                select(ProgressJudgement.finding_id, ProgressJudgement.progress).where(
                    ProgressJudgement.inspection_id == inspection.id
                )
            ).all()
        )
