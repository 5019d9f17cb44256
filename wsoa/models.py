"""Database models (SQLAlchemy 2 typed mappings).

Every change here needs a reviewed Alembic migration in migrations/versions;
tests/integration/test_migrations.py fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

ROLE_VIEWER = "viewer"
ROLE_OFFICER = "officer"
ROLE_MANAGER = "manager"
AREA_ROLES = (ROLE_VIEWER, ROLE_OFFICER, ROLE_MANAGER)
ROLE_ADMIN = "admin"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class LocalArea(db.Model):
    __tablename__ = "local_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inspections: Mapped[list[Inspection]] = relationship(
        back_populates="local_area", order_by="Inspection.inspection_start.desc()"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="local_area")


class Inspection(db.Model):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    framework: Mapped[str] = mapped_column(String(4))
    letter_date: Mapped[date | None]
    inspection_start: Mapped[date | None]
    inspection_end: Mapped[date | None]
    wsoa_required: Mapped[bool] = mapped_column(default=False)
    # 2023-framework reports.
    outcome: Mapped[int | None]
    priority_action_plan_required: Mapped[bool] = mapped_column(default=False)
    previous_inspection_start: Mapped[date | None]
    previous_inspection_end: Mapped[date | None]
    monitoring_inspection_within_months: Mapped[int | None]
    next_full_inspection_within_months: Mapped[int | None]
    local_authority: Mapped[str | None] = mapped_column(String(200))
    integrated_care_board: Mapped[str | None] = mapped_column(String(200))
    # Key dates a manager sets; when empty, wsoa/inspections/key_dates.py derives them from the letter.
    wsoa_deadline: Mapped[date | None]
    revisit_date: Mapped[date | None]  # the revisit (2016) or monitoring inspection (2023)
    next_full_inspection_date: Mapped[date | None]

    source_text: Mapped[str] = mapped_column(Text)
    # sha256 of the whitespace-normalised text: the same letter imported twice is recognised.
    source_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_filename: Mapped[str | None] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    local_area: Mapped[LocalArea] = relationship(back_populates="inspections")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="inspection", order_by="Finding.position", cascade="all, delete-orphan"
    )


class Finding(db.Model):
    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("inspection_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    section: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    responsible_body: Mapped[str | None] = mapped_column(String(300))

    inspection: Mapped[Inspection] = relationship(back_populates="findings")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive users
        return self.active


class Membership(db.Model):
    """A user's role in one local area."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "local_area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    local_area: Mapped[LocalArea] = relationship(back_populates="memberships")
