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
from . import pdf, word
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


def board_report_pdf(report: BoardReport) -> bytes:
    return pdf.render_pdf(
        "board_report.html", report=report, document_title=report.title, organisation=report.area
    )


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


BULLET = "ListBullet"  # the style id of Word's built-in "List Bullet"
SUMMARY_HEADER = ["Finding", "Last meeting", "Now", "Trend", "Overdue", "At risk"]
ACTION_HEADER = ["Ref", "Action", "Lead", "Status", "RAG last meeting", "RAG now", "Trend"]
MEASURE_HEADER = ["Ref", "Measure", "Baseline", "Target", "Last meeting", "Latest", "Against target"]


def _latest(row: MeasureRow) -> str:
    when = f" ({long_date(row.latest_on)})" if row.latest_on else ""
    return f"{row.latest}{when}, {row.trend.lower()}"


def _docx_judgements(document, judgements: tuple[VisitJudgement, ...]) -> None:
    if not judgements:
        return
    document.add_heading("Judgements", level=3)
    for judgement in judgements:
        paragraph = document.add_paragraph()
        paragraph.add_run(judgement.line).bold = True
        if judgement.inspectors_words:
            word.add_styled_paragraph(document, f"“{judgement.inspectors_words}”", "Quote")


def _docx_section(document, section: FindingSection) -> None:
    document.add_heading(section.label, level=2)
    word.add_styled_paragraph(document, f"“{section.text}”", "Quote")
    word.add_labelled_paragraph(
        document, "RAG now", f"{section.rag_now} (last meeting: {section.rag_before}). Trend: {section.trend}."
    )
    _docx_judgements(document, section.judgements)
    document.add_heading("Actions", level=3)
    word.add_table(
        document,
        ACTION_HEADER,
        [[a.reference, a.title, a.lead, a.status, a.rag_before, a.rag_now, a.trend] for a in section.actions],
    )
    document.add_heading("Done since the last meeting", level=3)
    for update in section.done_since:
        line = f"{update.reference}, {long_date(update.on)}, {update.author} ({update.rag}): {update.done}"
        word.add_styled_paragraph(document, line, BULLET)
    if not section.done_since:
        document.add_paragraph("No progress updates since the last meeting.")
    for heading, rows, nothing in (
        ("Overdue", section.overdue, "No action is overdue."),
        ("At risk", section.at_risk, "No action is at risk."),
    ):
        document.add_heading(heading, level=3)
        for row in rows:
            word.add_styled_paragraph(document, f"{row.reference} {row.title} ({row.lead}): {row.reasons}", BULLET)
        if not rows:
            document.add_paragraph(nothing)
    document.add_heading("Accepted evidence of impact", level=3)
    for item in section.impact_evidence:
        new = " (new since the last meeting)" if item.new else ""
        word.add_styled_paragraph(
            document, f"{item.reference}: {item.description}, as at {long_date(item.as_at)}{new}", BULLET
        )
    if not section.impact_evidence:
        document.add_paragraph("No accepted evidence of impact yet.")
    document.add_heading("Measures against target", level=3)
    if section.measures:
        word.add_table(
            document,
            MEASURE_HEADER,
            [
                [m.reference, m.measure, m.baseline, m.target, m.before, _latest(m), m.against_target]
                for m in section.measures
            ],
        )
    else:
        document.add_paragraph("No action here has a success measure yet.")


def board_report_docx(report: BoardReport) -> bytes:
    document = word.new_document(report.title, author=report.area)
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.inspection}. {report.compared_with}")
    document.add_heading("Summary", level=1)
    totals = report.totals
    if report.next_key_date:
        key = report.next_key_date
        word.add_labelled_paragraph(document, "Next key date", f"{key.name}, {long_date(key.when)}: {key.words}")
    for label, value in (
        ("Actions", totals.actions),
        ("Signed off", totals.signed_off),
        ("Overdue", totals.overdue),
        ("At risk", totals.at_risk),
        ("Progress updates since the last meeting", totals.updates_since),
        ("Evidence of impact accepted since the last meeting", totals.new_impact_evidence),
        *totals.judgement_counts,
    ):
        word.add_labelled_paragraph(document, label, str(value))
    word.add_table(document, [report.judged_heading, *SUMMARY_HEADER[1:]], _summary_rows(report.weaknesses))
    if report.development:
        document.add_paragraph(f"{report.development_heading}: tracked by the board, not judged at the "
                               f"{report.revisit_name}.")
        word.add_table(document, [report.development_heading, *SUMMARY_HEADER[1:]], _summary_rows(report.development))
    parts = ((report.judged_heading, report.weaknesses), (report.development_heading, report.development))
    for heading, sections in parts:
        if not sections:
            continue
        document.add_page_break()
        document.add_heading(heading, level=1)
        for section in sections:
            _docx_section(document, section)
    if report.key_dates:
        document.add_heading("Key dates", level=1)
        word.add_table(
            document,
            ["Key date", "Date", "From this meeting"],
            [[row.name, long_date(row.when), row.words] for row in report.key_dates],
        )
    return word.docx_bytes(document)
