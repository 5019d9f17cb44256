"""Storing letters that the reader has read, and finding them again."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..extensions import db
from ..letters import Letter, letter_from_record, letter_to_record, normalise_whitespace
from ..models import ROLE_MANAGER, Finding, Inspection, LocalArea, User
from ..permissions import PermissionDenied, can_manage_area, visible_inspections


@dataclass(frozen=True)
class ImportResult:
    inspection: Inspection
    created: bool


def letter_hash(letter: Letter) -> str:
    """Identify a letter by its words, so re-flowed or re-saved copies are still recognised."""
    return hashlib.sha256(normalise_whitespace(letter.source_text).encode("utf-8")).hexdigest()


def find_imported(letter: Letter) -> Inspection | None:
    return db.session.scalar(select(Inspection).where(Inspection.source_hash == letter_hash(letter)))


def import_letter(
    letter: Letter, source_filename: str | None = None, imported_by: User | None = None
) -> ImportResult:
    """Store the letter's area, inspection and findings in one transaction.

    Importing a letter already stored changes nothing and returns the stored one.
    """
    existing = find_imported(letter)
    if existing is not None:
        return ImportResult(existing, created=False)
    try:
        area = _find_or_add_area(letter.local_area)
        inspection = _inspection_from(letter, area, source_filename, imported_by)
        db.session.add(inspection)
        db.session.flush()
        audit.record(
            "inspection.imported",
            imported_by,
            local_area_id=area.id,
            summary=f"Inspection letter imported ({source_filename or 'no file name'}): "
            f"{len(inspection.findings)} findings",
        )
        db.session.commit()
    except IntegrityError:
        # Someone imported the same letter between our check and our commit.
        db.session.rollback()
        existing = find_imported(letter)
        if existing is None:
            raise
        return ImportResult(existing, created=False)
    except BaseException:
        db.session.rollback()
        raise
    return ImportResult(inspection, created=True)


def _find_or_add_area(name: str) -> LocalArea:
    area = db.session.scalar(select(LocalArea).where(LocalArea.name == name))
    if area is None:
        area = LocalArea(name=name)
        db.session.add(area)
    return area


def _inspection_from(
    letter: Letter, area: LocalArea, source_filename: str | None, imported_by: User | None
) -> Inspection:
    previous = letter.previous_inspection
    return Inspection(
        local_area=area,
        framework=letter.framework,
        letter_date=letter.letter_date,
        inspection_start=letter.inspection_start,
        inspection_end=letter.inspection_end,
        wsoa_required=letter.wsoa_required,
        outcome=letter.outcome,
        priority_action_plan_required=letter.priority_action_plan_required,
        previous_inspection_start=previous.start if previous else None,
        previous_inspection_end=previous.end if previous else None,
        monitoring_inspection_within_months=letter.monitoring_inspection_within_months,
        next_full_inspection_within_months=letter.next_full_inspection_within_months,
        local_authority=letter.local_authority,
        integrated_care_board=letter.integrated_care_board,
        source_text=letter.source_text,
        source_hash=letter_hash(letter),
        source_filename=source_filename,
        imported_by_id=imported_by.id if imported_by else None,
        findings=[
            Finding(
                position=position,
                kind=finding.kind,
                section=finding.section,
                text=finding.text,
                span_start=finding.start,
                span_end=finding.end,
                responsible_body=finding.responsible_body,
            )
            for position, finding in enumerate(letter.findings, start=1)
        ],
    )


def inspections_for(user: User) -> list[Inspection]:
    query = (
        visible_inspections(user)
        .join(Inspection.local_area)
        .options(selectinload(Inspection.local_area))
        .order_by(LocalArea.name, Inspection.inspection_start.desc())
    )
    return list(db.session.scalars(query))


def inspection_for(user: User, inspection_id: int) -> Inspection | None:
    """The inspection if the user may see it; None whether it is missing or forbidden."""
    query = (
        visible_inspections(user)
        .where(Inspection.id == inspection_id)
        .options(joinedload(Inspection.local_area), selectinload(Inspection.findings))
    )
    return db.session.scalar(query)


class ImportRefused(Exception):
    """A plain-English reason this user may not import this letter."""


_PREVIEW_SALT = "wsoa-letter-preview"
PREVIEW_MAX_AGE_SECONDS = 2 * 60 * 60


def may_import_letters(user: User) -> bool:
    return user.is_admin or any(m.role == ROLE_MANAGER for m in user.memberships)


def check_may_import_into(user: User, area_name: str) -> None:
    """Managers import letters for the areas they manage; administrators for any area, new ones included."""
    if user.is_admin:
        return
    managed = {m.local_area.name for m in user.memberships if m.role == ROLE_MANAGER}
    if area_name not in managed:
        areas = ", ".join(sorted(managed)) or "none"
        raise ImportRefused(
            f"You can only import letters for the local areas you manage ({areas}). "
            f"Check the local area, or ask an administrator to import the letter for {area_name}."
        )


def seal_reading(letter: Letter, source_filename: str | None, secret_key: str) -> str:
    """Carry what was read to the confirmation page, signed, so nothing is stored before confirming."""
    serializer = URLSafeTimedSerializer(secret_key, salt=_PREVIEW_SALT)
    return serializer.dumps({"letter": letter_to_record(letter), "filename": source_filename})


def open_reading(token: str, secret_key: str) -> tuple[Letter, str | None]:
    serializer = URLSafeTimedSerializer(secret_key, salt=_PREVIEW_SALT)
    try:
        payload = serializer.loads(token, max_age=PREVIEW_MAX_AGE_SECONDS)
        return letter_from_record(payload["letter"]), payload["filename"]
    except (BadData, KeyError, TypeError, ValueError) as error:
        raise ImportRefused("This preview has expired or was changed. Upload the letter again.") from error


def confirm_import(user: User, letter: Letter, source_filename: str | None, corrections: dict) -> ImportResult:
    """Store the letter with the manager's corrections to its area and dates."""
    corrected = dataclasses.replace(letter, **corrections)
    check_may_import_into(user, corrected.local_area)
    return import_letter(corrected, source_filename=source_filename, imported_by=user)


KEY_DATE_FIELDS = ("wsoa_deadline", "revisit_date", "next_full_inspection_date")


def set_key_dates(user: User, inspection: Inspection, dates: dict[str, date | None]) -> None:
    """Set or clear (None: derive from the letter again) the inspection's key dates."""
    if not can_manage_area(user, inspection.local_area_id):
        raise PermissionDenied("Only a manager of this local area can change its key dates.")
    unknown = set(dates) - set(KEY_DATE_FIELDS)
    if unknown:
        raise ValueError(f"not key dates: {sorted(unknown)}")
    changes = audit.changes_between({name: getattr(inspection, name) for name in dates}, dates)
    for name, value in dates.items():
        setattr(inspection, name, value)
    if changes:
        audit.record(
            "inspection.key_dates_changed",
            user,
            local_area_id=inspection.local_area_id,
            summary="Key dates changed",
            changes=changes,
        )
    db.session.commit()
