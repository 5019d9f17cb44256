"""A revisit's (or monitoring inspection's) judgement on one significant weakness or priority action, as the
documents print it: the board report under each weakness, and a follow-on plan's statement under each weakness the
judgement brought into it. Areas for development or improvement are never judged, so never carry one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ..formatting import long_date
from ..inspections.cycle import INSUFFICIENT, PROGRESS_NAMES, SUFFICIENT


@dataclass(frozen=True)
class VisitJudgement:
    visit: str  # "revisit", "second monitoring inspection"
    progress: str  # sufficient | insufficient
    inspectors_words: str
    visit_ended_on: date
    letter_published_on: date | None = None

    @property
    def sufficient(self) -> bool:
        return self.progress == SUFFICIENT

    @property
    def insufficient(self) -> bool:
        return self.progress == INSUFFICIENT

    @property
    def line(self) -> str:
        """"Insufficient progress at the revisit, letter published 4 November 2026": the letter dates a judgement;
        until its date is recorded, the visit's last day does."""
        progress = PROGRESS_NAMES[self.progress]
        if self.letter_published_on is not None:
            return f"{progress} at the {self.visit}, letter published {long_date(self.letter_published_on)}"
        return f"{progress} at the {self.visit}, which ended on {long_date(self.visit_ended_on)}"


@dataclass(frozen=True)
class RecordedJudgement:
    """A judgement as recorded: on which finding, by which plan's visit (1: the revisit) and when it was recorded
    (a board report prints only what was recorded by its meeting)."""

    finding_id: int
    plan_number: int
    recorded_at: datetime
    judgement: VisitJudgement


def as_recorded_by(records: Iterable[RecordedJudgement], when: datetime | None = None) -> list[RecordedJudgement]:
    """Each judgement (one a finding and plan) as it stood at `when` (None: as it stands now): of its records made by
    then, the latest, since a correction replaces what it corrects. `records` come oldest first, as
    recorded_judgements gives them; each judgement keeps the place of its first record."""
    latest: dict[tuple[int, int], RecordedJudgement] = {}
    for record in records:
        if when is None or record.recorded_at <= when:
            latest[record.finding_id, record.plan_number] = record
    return list(latest.values())


def judgement_from_json(data: dict) -> VisitJudgement:
    return VisitJudgement(
        data["visit"],
        data["progress"],
        data["inspectors_words"],
        date.fromisoformat(data["visit_ended_on"]),
        date.fromisoformat(data["letter_published_on"]) if data["letter_published_on"] else None,
    )
