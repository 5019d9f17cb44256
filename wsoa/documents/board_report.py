"""The board report: a one-page summary, then each significant weakness (or priority action) and, apart, each
area for development (or improvement), as they stood at a board meeting against the meeting before. Each
significant weakness carries the revisit's judgement on it (and a later visit's) once one was recorded; areas for
development are never judged.

Plain dataclasses in (wsoa/board/report.py composes them from the snapshots), DOCX or PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..formatting import long_date
from . import content, pdf, word
from .judgements import VisitJudgement


@dataclass(frozen=True)
class ActionRow:
    reference: str
    title: str
    lead: str
    status: str
    rag_before: str
    rag_now: str
    trend: str


@dataclass(frozen=True)
class UpdateRow:
    reference: str
    on: date
    author: str
    rag: str
    done: str


@dataclass(frozen=True)
class FlaggedRow:
    reference: str
    title: str
    lead: str
    reasons: str


@dataclass(frozen=True)
class EvidenceRow:
    reference: str
    description: str
    as_at: date
    new: bool  # accepted since the previous meeting


@dataclass(frozen=True)
class MeasureRow:
    reference: str
    measure: str
    baseline: str
    target: str
    before: str
    latest: str
    latest_on: date | None
    against_target: str
    trend: str


SUMMARY_LINE = 50


@dataclass(frozen=True)
class FindingSection:
    label: str  # "Weakness 2", "Area for development 5"
    text: str
    rag_before: str
    rag_now: str
    trend: str
    actions: tuple[ActionRow, ...]
    done_since: tuple[UpdateRow, ...]
    overdue: tuple[FlaggedRow, ...]
    at_risk: tuple[FlaggedRow, ...]
    impact_evidence: tuple[EvidenceRow, ...]
    measures: tuple[MeasureRow, ...]
    judgements: tuple[VisitJudgement, ...] = ()  # oldest first: the revisit's, then a later visit's

    @property
    def summary_line(self) -> str:
        """Its label and the start of the finding, cut to one line of the summary table (the whole finding is in
        its own section), so the summary stays on one page for a plan of 25 findings."""
        line = f"{self.label}: {self.text}"
        return line if len(line) <= SUMMARY_LINE else line[: SUMMARY_LINE - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class KeyDateRow:
    name: str
    when: date | None
    words: str  # "138 days after this meeting"


@dataclass(frozen=True)
class Totals:
    actions: int
    signed_off: int
    overdue: int
    at_risk: int
    updates_since: int
    new_impact_evidence: int
    # Significant weaknesses (or priority actions) whose latest judgement is sufficient or insufficient progress.
    judged_sufficient: int = 0
    judged_insufficient: int = 0

    @property
    def judgement_counts(self) -> list[tuple[str, int]]:
        """The summary's judgement lines, once any judgement is in the report."""
        if not self.judged_sufficient + self.judged_insufficient:
            return []
        return [("Judged sufficient", self.judged_sufficient),
                ("Judged insufficient", self.judged_insufficient)]


@dataclass(frozen=True)
class BoardReport:
    area: str
    inspection: str
    meeting_date: date
    previous_meeting_date: date | None
    judged_heading: str  # "Significant weaknesses" or "Priority actions"
    development_heading: str  # "Areas for development" or "Areas for improvement"
    revisit_name: str  # "revisit" or "monitoring inspection"
    weaknesses: tuple[FindingSection, ...]
    development: tuple[FindingSection, ...]
    totals: Totals
    next_key_date: KeyDateRow | None
    key_dates: tuple[KeyDateRow, ...]

    @property
    def title(self) -> str:
        return f"Board report: {self.area}, {long_date(self.meeting_date)}"

    @property
    def compared_with(self) -> str:
        if self.previous_meeting_date is None:
            return "This is the first board meeting recorded, so there is nothing earlier to compare with."
        return f"Compared with the board meeting on {long_date(self.previous_meeting_date)}."


# Rendering glue, checked by the tests that render a PDF, which `make mutation` leaves out.
def board_report_pdf(report: BoardReport) -> bytes:  # pragma: no mutate block
    return pdf.render_pdf(board_report_blocks(report), title=report.title, author=report.area,
                          footer=f"{report.area} · {report.title}")


def board_report_blocks(report: BoardReport) -> list[content.Block]:
    """The board report as the PDF sets it out: the summary on its first page, then each part on pages of its own."""
    blocks = [
        content.heading(report.title, 1),
        content.paragraph(f"{report.inspection}. {report.compared_with}"),
        content.heading("Summary", 2),
        *(content.labelled(label, value) for label, value in summary_lines(report)),
        content.table([report.judged_heading, *SUMMARY_HEADER[1:]], _summary_rows(report.weaknesses), SUMMARY_WIDTHS,
                  small=True),
    ]
    if report.development:
        blocks += [
            content.paragraph(_development_note(report)),
            content.table([report.development_heading, *SUMMARY_HEADER[1:]], _summary_rows(report.development),
                      SUMMARY_WIDTHS, small=True),
        ]
    for heading, sections in _parts(report):
        blocks.append(content.heading(heading, 2, new_page=True))
        for section in sections:
            blocks += _section_blocks(section)
    if report.key_dates:
        blocks += [content.heading("Key dates", 2),
                   content.table(KEY_DATE_HEADER, _key_date_rows(report), [40, 25, 35])]
    return blocks


def _section_blocks(section: FindingSection) -> list[content.Block]:
    blocks = [content.heading(section.label, 3), content.quote(section.text),
              content.labelled("RAG now", _rag_now(section))]
    if section.judgements:
        blocks.append(content.heading("Judgements", 4))
        for judgement in section.judgements:
            blocks.append(content.paragraph(judgement.line, strong=True))
            if judgement.inspectors_words:
                blocks.append(content.quote(judgement.inspectors_words))
    blocks += [content.heading("Actions", 4), content.table(ACTION_HEADER, _action_rows(section), ACTION_WIDTHS)]
    for heading, lines, nothing in _listed(section):
        blocks += [content.heading(heading, 4), content.items(lines) if lines else content.paragraph(nothing)]
    blocks.append(content.heading("Measures against target", 4))
    if section.measures:
        blocks.append(content.table(MEASURE_HEADER, _measure_rows(section), MEASURE_WIDTHS))
    else:
        blocks.append(content.paragraph(NO_MEASURES))
    return blocks


def _summary_rows(sections: tuple[FindingSection, ...]) -> list[list[str]]:
    return [
        [
            section.summary_line,
            section.rag_before,
            section.rag_now,
            section.trend,
            str(len(section.overdue)),
            str(len(section.at_risk)),
        ]
        for section in sections
    ]


SUMMARY_HEADER = ["Finding", "Last meeting", "Now", "Trend", "Overdue", "At risk"]
SUMMARY_WIDTHS = [44, 17, 8, 13, 10, 8]
ACTION_HEADER = ["Ref", "Action", "Lead", "Status", "RAG last meeting", "RAG now", "Trend"]
ACTION_WIDTHS = [7, 33, 15, 11, 11, 10, 13]
MEASURE_HEADER = ["Ref", "Measure", "Baseline", "Target", "Last meeting", "Latest", "Against target"]
MEASURE_WIDTHS = [7, 27, 10, 10, 11, 20, 15]
KEY_DATE_HEADER = ["Key date", "Date", "From this meeting"]
NO_MEASURES = "No action here has a success measure yet."


def summary_lines(report: BoardReport) -> list[tuple[str, str]]:
    """The summary's "Label: value" lines: the next key date, then the counts."""
    totals = report.totals
    lines = []
    if report.next_key_date:
        key = report.next_key_date
        lines.append(("Next key date", f"{key.name}, {long_date(key.when)}: {key.words}"))
    counts = (
        ("Actions", totals.actions),
        ("Signed off", totals.signed_off),
        ("Overdue", totals.overdue),
        ("At risk", totals.at_risk),
        ("Progress updates since the last meeting", totals.updates_since),
        ("Evidence of impact accepted since the last meeting", totals.new_impact_evidence),
        *totals.judgement_counts,
    )
    return lines + [(label, str(value)) for label, value in counts]


def _development_note(report: BoardReport) -> str:
    return f"{report.development_heading}: tracked by the board, not judged at the {report.revisit_name}."


def _parts(report: BoardReport) -> list[tuple[str, tuple[FindingSection, ...]]]:
    parts = ((report.judged_heading, report.weaknesses), (report.development_heading, report.development))
    return [(heading, sections) for heading, sections in parts if sections]


def _key_date_rows(report: BoardReport) -> list[list[str]]:
    return [[row.name, long_date(row.when), row.words] for row in report.key_dates]


def _rag_now(section: FindingSection) -> str:
    return f"{section.rag_now} (last meeting: {section.rag_before}). Trend: {section.trend}."


def _action_rows(section: FindingSection) -> list[list[str]]:
    return [[a.reference, a.title, a.lead, a.status, a.rag_before, a.rag_now, a.trend] for a in section.actions]


def _measure_rows(section: FindingSection) -> list[list[str]]:
    return [[m.reference, m.measure, m.baseline, m.target, m.before, _latest(m), m.against_target]
            for m in section.measures]


def _listed(section: FindingSection) -> list[tuple[str, list[str], str]]:
    """The section's lists, each with its heading and what it says when there is nothing to list."""
    return [
        ("Done since the last meeting",
         [f"{u.reference}, {long_date(u.on)}, {u.author} ({u.rag}): {u.done}" for u in section.done_since],
         "No progress updates since the last meeting."),
        ("Overdue", [f"{r.reference} {r.title} ({r.lead}): {r.reasons}" for r in section.overdue],
         "No action is overdue."),
        ("At risk", [f"{r.reference} {r.title} ({r.lead}): {r.reasons}" for r in section.at_risk],
         "No action is at risk."),
        ("Accepted evidence of impact",
         [f"{i.reference}: {i.description}, as at {long_date(i.as_at)}"
          + (" (new since the last meeting)" if i.new else "") for i in section.impact_evidence],
         "No accepted evidence of impact yet."),
    ]


def _latest(row: MeasureRow) -> str:
    when = f" ({long_date(row.latest_on)})" if row.latest_on else ""
    return f"{row.latest}{when}, {row.trend.lower()}"


def board_report_docx(report: BoardReport) -> bytes:
    return word.document_bytes(board_report_blocks(report), title=report.title, author=report.area)
