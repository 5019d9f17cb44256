"""Evidence on an action: add a file or link, review it, download it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO
from urllib.parse import urlsplit

from .. import audit
from ..extensions import db
from ..models import Action, Evidence, User, utcnow
from ..permissions import can_contribute, can_manage_area, can_view_area, require
from ..reminders.notifications import EVIDENCE_RETURNED, notify
from ..storage import FileTooLarge, Storage
from ..vocabulary import CLOSED_STATUSES, EVIDENCE_KINDS, REVIEW_ACCEPTED, REVIEW_RETURNED, REVIEW_WITHDRAWN
from .evidence_files import FileRefused, check_upload
from .services import WorkflowError, bump_version, check_version, own_work_reason, save_change_to


@dataclass
class EvidenceDetails:
    kind: str
    description: str
    as_at: date | None
    link_url: str = ""
    filename: str = ""
    data: bytes = b""  # a small file already in memory; uploads come as `file`
    file: BinaryIO | None = None  # a seekable stream (the web server spools uploads to disk)


def _check_details(details: EvidenceDetails) -> None:
    if details.kind not in EVIDENCE_KINDS:
        raise WorkflowError("Select whether this is evidence of activity or of impact")
    if not details.description.strip():
        raise WorkflowError("Enter a description of the evidence")
    if details.as_at is None:
        raise WorkflowError("Enter the date the evidence is as at")
    if details.as_at > date.today():
        raise WorkflowError("The date the evidence is as at must be today or in the past")
    has_file = bool(details.data or details.file or details.filename)
    has_link = bool(details.link_url.strip())
    if has_file == has_link:
        raise WorkflowError("Upload a file or give a link, but not both")
    if has_link:
        parts = urlsplit(details.link_url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise WorkflowError("Enter a link starting with https://")


def add_evidence(
    user: User,
    action: Action,
    details: EvidenceDetails,
    store: Storage,
    max_bytes: int,
    expected_version: int | None,
    *,
    commit: bool = True,
) -> Evidence:
    """Store the file (if any) under an opaque key, then record it. A failure leaves neither behind.

    The file is streamed: checked from its head (or a zip's directory), then copied to the store in chunks
    while its size and sha256 are counted, so memory does not grow with the file. With commit=False the
    caller commits, with more changes in the same transaction (a replacement)."""
    require(can_contribute(user, action), "Only the lead, a partner or a manager can add evidence.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A signed-off or retired action takes no more evidence")
    _check_details(details)
    evidence = Evidence(
        action=action,
        added_by=user,
        kind=details.kind,
        description=details.description.strip(),
        as_at=details.as_at,
    )
    key = None
    if details.link_url.strip():
        evidence.link_url = details.link_url.strip()
    else:
        source = details.file if details.file is not None else io.BytesIO(details.data)
        try:
            name, file_type = check_upload(details.filename, source, max_bytes)
            stored = store.save(source, max_bytes)
        except FileRefused as refusal:
            raise WorkflowError(str(refusal)) from refusal
        except FileTooLarge as refusal:  # the file grew between the check and the copy
            raise WorkflowError(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB") from refusal
        key = stored.key
        evidence.storage_key = key
        evidence.original_filename = name
        evidence.content_type = file_type.content_type
        evidence.size_bytes = stored.size
        evidence.sha256 = stored.sha256
    try:
        db.session.add(evidence)
        db.session.flush()
        audit.record_for_action(
            "evidence.added",
            user,
            action,
            f"{details.kind.capitalize()} evidence added to {action.reference}: {evidence.description}",
            changes={"evidence": [None, evidence.original_filename or evidence.link_url]},
        )
        if commit:
            save_change_to(action)
        else:
            bump_version(action)
    except BaseException:
        db.session.rollback()
        if key:
            store.discard(key)
        raise
    return evidence


def review_evidence(user: User, evidence: Evidence, accept: bool, comment: str, expected_version: int | None) -> None:
    action = evidence.action
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can review evidence.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("The evidence of a signed-off or retired action can no longer be reviewed")
    if not accept and not comment.strip():
        raise WorkflowError("Enter what needs to change before the evidence can be accepted")
    own = own_work_reason(action.local_area, added=evidence.added_by_id == user.id) if accept else None
    old = evidence.review_status
    evidence.review_status = REVIEW_ACCEPTED if accept else REVIEW_RETURNED
    evidence.review_comment = comment.strip()
    evidence.reviewed_by = user
    evidence.reviewed_at = utcnow()
    audit.record_for_action(
        "evidence.reviewed",
        user,
        action,
        f"Evidence on {action.reference} {'accepted' if accept else 'returned'}"
        + (f" ({own})" if own else "")
        + f": {evidence.description}",
        changes={"review_status": [old, evidence.review_status], "comment": ["", evidence.review_comment]}
        | ({"own_work": [None, own]} if own else {}),
    )
    if not accept:
        notify(
            [evidence.added_by_id],
            EVIDENCE_RETURNED,
            action,
            f"{user.name} returned your evidence on {action.reference}: {evidence.description}. "
            "You can replace it or withdraw it.",
            user,
            detail=evidence.review_comment,
        )
    save_change_to(action)


def withdraw_evidence(user: User, evidence: Evidence, expected_version: int | None) -> None:
    """Whoever added evidence that was returned may withdraw it; it stays in the history, marked withdrawn."""
    action = evidence.action
    require(evidence.added_by_id == user.id, "Only the person who added this evidence can withdraw it.")
    check_version(action, expected_version)
    if evidence.review_status != REVIEW_RETURNED:
        raise WorkflowError("Only evidence a manager returned can be withdrawn")
    evidence.review_status = REVIEW_WITHDRAWN
    audit.record_for_action(
        "evidence.withdrawn",
        user,
        action,
        f"Returned evidence on {action.reference} withdrawn: {evidence.description}",
        changes={"review_status": [REVIEW_RETURNED, REVIEW_WITHDRAWN]},
    )
    save_change_to(action)


def replace_evidence(
    user: User,
    returned: Evidence,
    details: EvidenceDetails,
    store: Storage,
    max_bytes: int,
    expected_version: int | None,
) -> Evidence:
    """New evidence in place of returned evidence: the new item awaits review, the old one is withdrawn."""
    require(returned.added_by_id == user.id, "Only the person who added this evidence can replace it.")
    if returned.review_status != REVIEW_RETURNED:
        raise WorkflowError("Only evidence a manager returned can be replaced")
    returned.review_status = REVIEW_WITHDRAWN
    replacement = add_evidence(user, returned.action, details, store, max_bytes, expected_version, commit=False)
    returned.replaced_by_id = replacement.id
    audit.record_for_action(
        "evidence.replaced",
        user,
        returned.action,
        f"Returned evidence on {returned.action.reference} replaced: {returned.description}",
        changes={"review_status": [REVIEW_RETURNED, REVIEW_WITHDRAWN], "replaced_by": [None, replacement.id]},
    )
    db.session.commit()
    return replacement


def evidence_for_download(user: User, evidence_id: int) -> Evidence | None:
    """The evidence file if the user may see its area (None otherwise); the download is audited."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.storage_key is None or not can_view_area(user, evidence.action.local_area_id):
        return None
    audit.record_now(
        "evidence.downloaded",
        user,
        local_area_id=evidence.action.local_area_id,
        action_id=evidence.action_id,
        summary=f"Downloaded {evidence.original_filename}",
    )
    return evidence
