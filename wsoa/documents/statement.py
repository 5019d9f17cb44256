"""The written statement of action (or priority action plan) as DOCX and PDF, from plain facts.

Per significant weakness (2016) or priority action (2023): the finding quoted, the intended outcome, and each
action with its lead (person, role and organisation), partners, dates, milestones and success measure. Areas for
development or improvement follow in a section of their own and are never counted as weaknesses. Then the
governance section and the signatories.

A follow-on plan's statement (an accelerated progress plan, or the plan after a 2023 monitoring inspection) sets out
the weaknesses the visit before judged insufficient, each with that judgement: the inspectors' words and the date.

The facts round-trip through JSON (`facts_to_json`, `facts_from_json`), which is how each numbered version keeps
them; `statement_changes` compares two versions' facts for the "what changed" page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from ..formatting import long_date, long_date_range
from . import content, pdf, word
from .judgements import VisitJudgement, judgement_from_json
from .signatories import Signatory

# Schema 2 added a follow-on plan's judgements and opening date; schema 1 facts (which have neither) read as before.
FACTS_SCHEMA = 2
READABLE_SCHEMAS = (1, 2)


@dataclass(frozen=True)
class Person:
    name: str
    job_title: str = ""
    organisation: str = ""

    @property
    def described(self) -> str:
        """"Jo Bloggs, Head of SEND, Westmarsh Council": the statement names people by role and body too."""
        return ", ".join(part for part in (self.name, self.job_title, self.organisation) if part)


@dataclass(frozen=True)
class StatementMilestone:
    title: str
    due_date: date
    done_on: date | None = None


@dataclass(frozen=True)
class StatementAction:
    reference: str
    title: str
    description: str = ""
    status: str = "Not started"
    lead: Person | None = None
    partner_people: tuple[Person, ...] = ()
    partner_organisations: tuple[str, ...] = ()
    start_date: date | None = None
    due_date: date | None = None
    milestones: tuple[StatementMilestone, ...] = ()
    success_measure: str = ""
    baseline: str = ""
    target: str = ""
    measured_by: str = ""
    # Other findings this action also answers ("Weakness 3"): it is printed under each of them.
    also_answers: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"Action {self.reference}: {self.title}"

    @property
    def partners(self) -> str:
        return "; ".join([p.described for p in self.partner_people] + list(self.partner_organisations))


@dataclass(frozen=True)
class StatementFinding:
    label: str  # "Weakness 2", "Priority action 1", "Area for development 5"
    text: str
    intended_outcome: str = ""
    section: str | None = None  # "Identifying needs" (2016 letters group findings so)
    actions: tuple[StatementAction, ...] = ()
    # In a follow-on plan's statement: the judgement that brought the weakness into the plan.
    judgement: VisitJudgement | None = None


@dataclass(frozen=True)
class StatementFacts:
    area_name: str
    title: str  # "Written statement of action" or "Priority action plan"
    framework_name: str
    judged_heading: str  # "Areas of significant weakness"
    other_heading: str  # "Areas for development": never counted as weaknesses
    inspection_start: date | None = None
    inspection_end: date | None = None
    letter_date: date | None = None
    submission_due: date | None = None
    judged: tuple[StatementFinding, ...] = ()
    other: tuple[StatementFinding, ...] = ()
    board: str = ""
    governance: str = ""
    coproduction: str = ""
    signatories: tuple[Signatory, ...] = ()
    # A follow-on plan's statement: when the plan opened, and the visit whose judgements it answers ("revisit").
    plan_opened_on: date | None = None
    follows_visit: str = ""

    @property
    def organisation(self) -> str:
        return f"{self.area_name} local area partnership"


@dataclass(frozen=True)
class Edition:
    """Which version of the statement this is: printed on it, but not part of what a comparison compares."""

    number: int
    generated_on: date


# JSON, as each version keeps its facts --------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def facts_to_json(facts: StatementFacts) -> dict:
    return {"schema": FACTS_SCHEMA, **_plain(asdict(facts))}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _person(data: dict | None) -> Person | None:
    return Person(**data) if data else None


def _action(data: dict) -> StatementAction:
    return StatementAction(
        **{
            **data,
            "lead": _person(data["lead"]),
            "partner_people": tuple(Person(**p) for p in data["partner_people"]),
            "partner_organisations": tuple(data["partner_organisations"]),
            "start_date": _date(data["start_date"]),
            "due_date": _date(data["due_date"]),
            "milestones": tuple(
                StatementMilestone(m["title"], date.fromisoformat(m["due_date"]), _date(m["done_on"]))
                for m in data["milestones"]
            ),
            "also_answers": tuple(data["also_answers"]),
        }
    )


def _finding(data: dict) -> StatementFinding:
    judgement = data.get("judgement")
    return StatementFinding(
        **{
            **data,
            "actions": tuple(_action(a) for a in data["actions"]),
            "judgement": judgement_from_json(judgement) if judgement else None,
        }
    )


def facts_from_json(data: dict) -> StatementFacts:
    if data.get("schema") not in READABLE_SCHEMAS:
        readable = " and ".join(map(str, READABLE_SCHEMAS))
        raise ValueError(f"statement facts of schema {data.get('schema')!r}; this version reads schemas {readable}")
    fields = {key: value for key, value in data.items() if key != "schema"}
    return StatementFacts(
        **{
            **fields,
            **{name: _date(fields.get(name)) for name in ("inspection_start", "inspection_end", "letter_date",
                                                          "submission_due", "plan_opened_on")},
            "judged": tuple(_finding(f) for f in fields["judged"]),
            "other": tuple(_finding(f) for f in fields["other"]),
            "signatories": tuple(Signatory(**s) for s in fields["signatories"]),
        }
    )


# The documents --------------------------------------------------------------------------------------------------


# Rendering glue, checked by the tests that render a PDF, which `make mutation` leaves out.
def statement_pdf(facts: StatementFacts, edition: Edition) -> bytes:  # pragma: no mutate block
    return pdf.render_pdf(
        statement_blocks(facts, edition),
        title=f"{facts.title}: {facts.area_name}",
        author=facts.organisation,
        footer=f"{facts.organisation} · {facts.title}: {facts.area_name}",
    )


def statement_blocks(facts: StatementFacts, edition: Edition) -> list[content.Block]:
    """The statement top to bottom, as its PDF and its DOCX set it out."""
    blocks = [
        content.heading(facts.title, 1),
        content.paragraph(facts.organisation, lede=True),
        content.paragraph(f"Version {edition.number}, {long_date(edition.generated_on)}"),
        content.labelled("Inspection", facts.framework_name),
        content.labelled("Inspection dates", long_date_range(facts.inspection_start, facts.inspection_end)),
        content.labelled("Letter published", long_date(facts.letter_date)),
        *(content.labelled(label, text) for label, text in plan_lines(facts)),
    ]
    if facts.follows_visit:
        blocks.append(content.paragraph(follows_note(facts)))
    blocks.append(content.heading(facts.judged_heading, 2))
    if not facts.judged:
        blocks.append(content.paragraph("The inspection found none."))
    for finding in facts.judged:
        blocks += _finding_blocks(finding)
    if facts.other:
        blocks += [content.heading(facts.other_heading, 2, new_page=True), content.paragraph(OTHER_FINDINGS_NOTE)]
        for finding in facts.other:
            blocks += _finding_blocks(finding)
    blocks += [
        content.heading("Governance", 2, new_page=True),
        content.labelled("Board", facts.board or NOT_SET),
        content.paragraph(facts.governance or NOT_SET),
        content.heading("Co-production with the parent carer forum", 3),
        content.paragraph(facts.coproduction or NOT_SET),
        content.heading("Signed", 2),
    ]
    if not facts.signatories:
        blocks.append(content.paragraph(NOT_SET))
    for signatory in facts.signatories:
        blocks += [
            content.heading(signatory.name, 3),
            content.paragraph(f"{signatory.role}, {signatory.organisation}"),
            content.signature_lines(),
        ]
    return blocks


def _finding_blocks(finding: StatementFinding) -> list[content.Block]:
    blocks = [
        content.heading(finding.label + (f" ({finding.section})" if finding.section else ""), 3),
        content.quote(finding.text),
        *(content.labelled(label, text) for label, text in judgement_lines(finding)),
        content.labelled("Intended outcome", finding.intended_outcome or NOT_SET),
    ]
    if not finding.actions:
        blocks.append(content.paragraph("No actions yet."))
    for action in finding.actions:
        blocks.append(content.heading(action.heading, 4))
        blocks += [content.labelled(label, text) for label, text in action_lines(action)]
        if action.milestones:
            blocks.append(content.table(MILESTONE_HEADER, milestone_rows(action), [46.5, 35.5, 18],
                                    caption=f"Milestones for action {action.reference}"))
        blocks += [content.labelled(label, text) for label, text in measure_lines(action)]
    return blocks


def statement_docx(facts: StatementFacts, edition: Edition) -> bytes:
    return word.document_bytes(statement_blocks(facts, edition), title=f"{facts.title}: {facts.area_name}",
                               author=facts.organisation)


NOT_SET = "Not set yet."
OTHER_FINDINGS_NOTE = (
    "The inspection also named these for development. They are not significant weaknesses and are not counted "
    "as such, but the plan answers them too."
)


def plan_lines(facts: StatementFacts) -> list[tuple[str, str]]:
    """The first plan is due by a date; a follow-on plan says when it opened."""
    if facts.plan_opened_on is not None:
        return [("Plan opened", long_date(facts.plan_opened_on))]
    return [("Statement due by", long_date(facts.submission_due))]


def follows_note(facts: StatementFacts) -> str:
    return (
        f"This plan answers the {facts.judged_heading.lower()} on which the {facts.follows_visit} judged progress "
        "insufficient. Each is quoted with that judgement, in the inspectors' words."
    )


def judgement_lines(finding: StatementFinding) -> list[tuple[str, str]]:
    """Why a weakness is in a follow-on plan: the judgement and its date, then the inspectors' words."""
    judgement = finding.judgement
    if judgement is None:
        return []
    lines = [("Why it is in this plan", judgement.line)]
    if judgement.inspectors_words:
        lines.append(("The inspectors' words", judgement.inspectors_words))
    return lines


MILESTONE_HEADER = ["Milestone", "Due", "Done"]


def milestone_rows(action: StatementAction) -> list[list[str]]:
    return [[m.title, long_date(m.due_date), long_date(m.done_on) if m.done_on else "Not yet"]
            for m in action.milestones]


def action_lines(action: StatementAction) -> list[tuple[str, str]]:
    """What will be done, by whom and by when: the same lines in the DOCX, the PDF and the comparison."""
    lines = [
        ("What will be done", action.description or NOT_SET),
        ("Lead", action.lead.described if action.lead else "No lead yet"),
        ("Partners", action.partners or "None named"),
        ("Start", long_date(action.start_date) if action.start_date else NOT_SET),
        ("Due", long_date(action.due_date) if action.due_date else NOT_SET),
        ("Status", action.status),
    ]
    if action.also_answers:
        lines.append(("Also answers", ", ".join(action.also_answers)))
    return lines


def measure_lines(action: StatementAction) -> list[tuple[str, str]]:
    return [
        ("Success measure", action.success_measure or NOT_SET),
        ("Baseline", action.baseline or NOT_SET),
        ("Target", action.target or NOT_SET),
        ("How it is measured", action.measured_by or NOT_SET),
    ]


# What changed between two versions ------------------------------------------------------------------------------

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    """An action added, removed or changed (with its fields' old and new values)."""

    name: str
    kind: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class SectionChange:
    """A finding (or the governance section, or the signatories) and what changed in it and its actions."""

    name: str
    kind: str
    fields: tuple[FieldChange, ...] = ()
    items: tuple[ItemChange, ...] = field(default_factory=tuple)


def _milestones(action: StatementAction) -> str:
    return "; ".join(
        f"{m.title} by {long_date(m.due_date)}" + (f" (done {long_date(m.done_on)})" if m.done_on else "")
        for m in action.milestones
    ) or "None"


def _action_values(action: StatementAction) -> dict[str, str]:
    return {"Title": action.title, **dict(action_lines(action)), "Milestones": _milestones(action),
            **dict(measure_lines(action))}


def _finding_values(finding: StatementFinding) -> dict[str, str]:
    return {
        "Finding": finding.text,
        "Intended outcome": finding.intended_outcome or NOT_SET,
        "Why it is in this plan": " ".join(text for _, text in judgement_lines(finding)),
    }


def _field_changes(old: dict[str, str], new: dict[str, str]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(label, old.get(label, ""), value) for label, value in new.items()
                 if old.get(label) != value)


def _finding_change(old: StatementFinding | None, new: StatementFinding | None) -> SectionChange | None:
    if old is None or new is None:
        present = new or old
        kind = ADDED if old is None else REMOVED
        return SectionChange(present.label, kind, items=tuple(ItemChange(a.heading, kind) for a in present.actions))
    old_actions = {a.reference: a for a in old.actions}
    new_actions = {a.reference: a for a in new.actions}
    items = []
    for reference in sorted(old_actions.keys() | new_actions.keys(), key=_reference_key):
        before, after = old_actions.get(reference), new_actions.get(reference)
        if before is None:
            items.append(ItemChange(after.heading, ADDED))
        elif after is None:
            items.append(ItemChange(before.heading, REMOVED))
        elif changed := _field_changes(_action_values(before), _action_values(after)):
            items.append(ItemChange(after.heading, CHANGED, changed))
    fields = _field_changes(_finding_values(old), _finding_values(new))
    if not fields and not items:
        return None
    return SectionChange(new.label, CHANGED, fields, tuple(items))


def _reference_key(reference: str) -> tuple:
    """1.9 before 1.10; references numbered alike ("2.A", "2.B") by the reference itself, so the order never
    depends on the order of a set."""
    return tuple(int(part) if part.isdigit() else 0 for part in reference.split(".")), reference


def _signatories(facts: StatementFacts) -> str:
    return "; ".join(f"{s.name}, {s.role}, {s.organisation}" for s in facts.signatories) or NOT_SET


def statement_changes(old: StatementFacts, new: StatementFacts) -> list[SectionChange]:
    """Per finding (in the new statement's order, removed ones last), then governance and signatories: what was
    added, removed, or changed, with each changed field's old and new values. Empty when nothing changed."""
    old_findings = {f.label: f for f in (*old.judged, *old.other)}
    new_findings = {f.label: f for f in (*new.judged, *new.other)}
    order = list(new_findings) + [label for label in old_findings if label not in new_findings]
    changes = [
        change
        for label in order
        if (change := _finding_change(old_findings.get(label), new_findings.get(label))) is not None
    ]
    governance = _field_changes(
        {"Board": old.board, "Governance": old.governance, "Co-production": old.coproduction},
        {"Board": new.board, "Governance": new.governance, "Co-production": new.coproduction},
    )
    if governance:
        changes.append(SectionChange("Governance", CHANGED, governance))
    signed = _field_changes({"Signatories": _signatories(old)}, {"Signatories": _signatories(new)})
    if signed:
        changes.append(SectionChange("Signatories", CHANGED, signed))
    return changes
