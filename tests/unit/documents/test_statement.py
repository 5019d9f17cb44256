"""The written statement as a reader sees it: every weakness, action, date and measure where it belongs, in the
PDF and the DOCX, laid out cleanly; its facts kept as JSON; and what changed between two versions."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from docx import Document

from tests.pdf_checks import (
    assert_pdf_lays_out_cleanly,
    docx_headings,
    docx_lines,
    docx_paragraphs,
    docx_tables,
    pdf_page_texts,
    pdf_text,
    pdf_title,
)
from wsoa.documents.judgements import VisitJudgement
from wsoa.documents.signatories import Signatory
from wsoa.documents.statement import (
    ADDED,
    CHANGED,
    REMOVED,
    Edition,
    Person,
    StatementAction,
    StatementFacts,
    StatementFinding,
    StatementMilestone,
    facts_from_json,
    facts_to_json,
    statement_blocks,
    statement_changes,
    statement_docx,
    statement_pdf,
)

EDITION = Edition(number=3, generated_on=date(2026, 3, 2))


def _action(reference: str, title: str, **overrides) -> StatementAction:
    return StatementAction(
        **{
            "reference": reference,
            "title": title,
            "description": f"What we will do for {reference}.",
            "status": "In progress",
            "lead": Person("Jo Bloggs", "Head of SEND", "Westmarsh Council"),
            "partner_people": (Person("Sam Lee", "Designated Clinical Officer", "NHS Westmarsh ICB"),),
            "partner_organisations": ("Westmarsh Voices parent carer forum",),
            "start_date": date(2026, 1, 5),
            "due_date": date(2026, 7, 31),
            "milestones": (StatementMilestone(f"Panel agreed for {reference}", date(2026, 2, 27), date(2026, 2, 20)),),
            "success_measure": f"EHC plans issued within 20 weeks ({reference})",
            "baseline": "38% (January 2026)",
            "target": "60% by July 2026",
            "measured_by": "Monthly SEN2 return, reported to the board",
            **overrides,
        }
    )


def statement_facts(**overrides) -> StatementFacts:
    return StatementFacts(
        **{
            "area_name": "Westmarsh",
            "title": "Written statement of action",
            "framework_name": "Joint local area SEND inspection (2016 framework)",
            "judged_heading": "Areas of significant weakness",
            "other_heading": "Areas for development",
            "inspection_start": date(2025, 9, 8),
            "inspection_end": date(2025, 9, 12),
            "letter_date": date(2025, 10, 20),
            "submission_due": date(2026, 2, 2),
            "judged": (
                StatementFinding(
                    "Weakness 1",
                    "The timeliness of EHC plans is poor.",
                    "Families get a plan within 20 weeks.",
                    "Identifying needs",
                    (_action("1.1", "Recruit EHC coordinators"), _action("1.2", "Track every assessment weekly")),
                ),
                StatementFinding(
                    "Weakness 2",
                    "Leaders do not use the parent carer forum's views.",
                    "",
                    None,
                    (_action("2.1", "Co-produce the local offer", lead=None, start_date=None, milestones=()),),
                ),
            ),
            "other": (
                StatementFinding("Area for development 3", "Transitions to adult health services.", "",
                                 "Improving outcomes", (_action("3.1", "Publish a transitions protocol"),)),
            ),
            "board": "Westmarsh SEND Improvement Board",
            "governance": "The board meets monthly.\nIts independent chair reports to the council's cabinet.",
            "coproduction": "Westmarsh Voices helped write every weakness's intended outcome.",
            "signatories": (
                Signatory("Alex Morgan", "Director of Children's Services", "Westmarsh Council"),
                Signatory("Priya Shah", "Accountable Officer", "NHS Westmarsh ICB"),
            ),
            **overrides,
        }
    )


@pytest.fixture(scope="module")
def statement_pdf_bytes() -> bytes:
    return statement_pdf(statement_facts(), EDITION)


@pytest.fixture
def statement_docx_bytes() -> bytes:
    # Built afresh for each test (a tenth of a second), so that `make mutation` sees each test reach the builder.
    return statement_docx(statement_facts(), EDITION)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.pdf
def test_the_pdf_is_titled_and_says_which_version_it_is(statement_pdf_bytes):
    assert pdf_title(statement_pdf_bytes) == "Written statement of action: Westmarsh"
    first_page = _flat(pdf_page_texts(statement_pdf_bytes)[0])
    assert "Version 3, 2 March 2026" in first_page
    assert "Statement due by: 2 February 2026" in first_page


@pytest.mark.pdf
def test_the_pdf_quotes_each_weakness_with_its_intended_outcome_and_actions_in_order(statement_pdf_bytes):
    text = _flat(pdf_text(statement_pdf_bytes))
    order = [
        "Areas of significant weakness",
        "Weakness 1 (Identifying needs)",
        "The timeliness of EHC plans is poor.",
        "Intended outcome: Families get a plan within 20 weeks.",
        "Action 1.1: Recruit EHC coordinators",
        "Action 1.2: Track every assessment weekly",
        "Weakness 2",
        "Intended outcome: Not set yet.",
        "Action 2.1: Co-produce the local offer",
        "Areas for development",
        "Area for development 3 (Improving outcomes)",
        "Action 3.1: Publish a transitions protocol",
        "Governance",
        "Westmarsh SEND Improvement Board",
        "Co-production with the parent carer forum",
        "Signed",
        "Alex Morgan",
        "Priya Shah",
    ]
    positions = [text.find(phrase) for phrase in order]
    assert -1 not in positions, [phrase for phrase, at in zip(order, positions, strict=True) if at == -1]
    assert positions == sorted(positions)


@pytest.mark.pdf
def test_the_pdf_gives_each_action_its_lead_partners_dates_milestones_and_measure(statement_pdf_bytes):
    text = _flat(pdf_text(statement_pdf_bytes))
    action = text[text.find("Action 1.2:") : text.find("Weakness 2")]
    for phrase in (
        "Lead: Jo Bloggs, Head of SEND, Westmarsh Council",
        "Partners: Sam Lee, Designated Clinical Officer, NHS Westmarsh ICB; Westmarsh Voices parent carer forum",
        "Start: 5 January 2026",
        "Due: 31 July 2026",
        "Panel agreed for 1.2 27 February 2026 20 February 2026",
        "Success measure: EHC plans issued within 20 weeks (1.2)",
        "Baseline: 38% (January 2026)",
        "Target: 60% by July 2026",
        "How it is measured: Monthly SEN2 return, reported to the board",
    ):
        assert phrase in action
    second = text[text.find("Action 2.1:") : text.find("Areas for development")]
    assert "Lead: No lead yet" in second and "Start: Not set yet." in second


@pytest.mark.pdf
def test_areas_for_development_never_appear_under_the_weaknesses(statement_pdf_bytes):
    text = _flat(pdf_text(statement_pdf_bytes))
    weaknesses = text[text.find("Areas of significant weakness") : text.find("Areas for development")]
    assert "Transitions to adult health services" not in weaknesses
    assert "are not significant weaknesses" in text


@pytest.mark.pdf
def test_the_pdf_lays_out_cleanly_even_with_long_unbroken_words(tmp_path):
    facts = statement_facts(
        judged=tuple(
            StatementFinding(f"Weakness {n}", "Timeliness " * 60, "Outcome " * 40, None,
                             tuple(_action(f"{n}.{m}", "Supercalifragilistic" * 8) for m in range(1, 5)))
            for n in range(1, 4)
        )
    )
    document = statement_pdf(facts, EDITION)
    pages = assert_pdf_lays_out_cleanly(document, tmp_path)
    assert len(pages) > 3


def test_the_docx_has_a_heading_for_each_section_finding_and_action(statement_docx_bytes):
    headings = docx_headings(statement_docx_bytes)
    assert headings[:5] == [
        ("Title", "Written statement of action"),
        ("Heading 1", "Areas of significant weakness"),
        ("Heading 2", "Weakness 1 (Identifying needs)"),
        ("Heading 3", "Action 1.1: Recruit EHC coordinators"),
        ("Heading 3", "Action 1.2: Track every assessment weekly"),
    ]
    assert ("Heading 1", "Areas for development") in headings
    assert ("Heading 3", "Action 3.1: Publish a transitions protocol") in headings
    assert headings[-2:] == [("Heading 2", "Alex Morgan"), ("Heading 2", "Priya Shah")]


def test_the_docx_gives_each_action_its_lead_dates_and_measure_and_milestones_in_a_table(statement_docx_bytes):
    paragraphs = docx_paragraphs(statement_docx_bytes)
    start = paragraphs.index("Action 1.2: Track every assessment weekly")
    action = paragraphs[start : paragraphs.index("Weakness 2")]
    for line in (
        "Lead: Jo Bloggs, Head of SEND, Westmarsh Council",
        "Start: 5 January 2026",
        "Due: 31 July 2026",
        "Baseline: 38% (January 2026)",
        "Target: 60% by July 2026",
        "How it is measured: Monthly SEN2 return, reported to the board",
    ):
        assert line in action
    assert ["Panel agreed for 1.2", "27 February 2026", "20 February 2026"] in docx_tables(statement_docx_bytes)[1]
    assert "Version 3, 2 March 2026" in paragraphs


def _statement_in_full() -> StatementFacts:
    """Every part of a statement once: an action in full (milestones, also answering other findings), an action
    with nothing set, a finding with no actions, governance and a signatory."""
    return statement_facts(
        judged=(
            StatementFinding(
                "Weakness 1", "The timeliness of EHC plans is poor.", "Families get a plan within 20 weeks.",
                "Identifying needs",
                (_action("1.1", "Recruit EHC coordinators", also_answers=("Weakness 2", "Area for development 3"),
                         milestones=(StatementMilestone("Panel agreed", date(2026, 2, 27), date(2026, 2, 20)),
                                     StatementMilestone("Coordinators in post", date(2026, 5, 29)))),),
            ),
            StatementFinding("Weakness 2", "Leaders do not use the forum's views.", "", None,
                             (StatementAction("2.1", "Co-produce the local offer"),)),
        ),
        other=(StatementFinding("Area for development 3", "Transitions to adult health services.", "", None, ()),),
        signatories=(Signatory("Alex Morgan", "Director of Children's Services", "Westmarsh Council"),),
    )


def test_the_docx_reads_top_to_bottom_with_each_action_in_full_and_what_is_not_set_said_so():
    document = statement_docx(_statement_in_full(), EDITION)
    properties = Document(BytesIO(document)).core_properties
    assert (properties.title, properties.author) == (
        "Written statement of action: Westmarsh", "Westmarsh local area partnership"
    )
    assert docx_lines(document) == [
        "Title: Written statement of action",
        "Westmarsh local area partnership",
        "Version 3, 2 March 2026",
        "Inspection: Joint local area SEND inspection (2016 framework)",
        "Inspection dates: 8 to 12 September 2025",
        "Letter published: 20 October 2025",
        "Statement due by: 2 February 2026",
        "Heading 1: Areas of significant weakness",
        "Heading 2: Weakness 1 (Identifying needs)",
        "Quote: The timeliness of EHC plans is poor.",
        "Intended outcome: Families get a plan within 20 weeks.",
        "Heading 3: Action 1.1: Recruit EHC coordinators",
        "What will be done: What we will do for 1.1.",
        "Lead: Jo Bloggs, Head of SEND, Westmarsh Council",
        "Partners: Sam Lee, Designated Clinical Officer, NHS Westmarsh ICB; Westmarsh Voices parent carer forum",
        "Start: 5 January 2026",
        "Due: 31 July 2026",
        "Status: In progress",
        "Also answers: Weakness 2, Area for development 3",
        "Caption: Milestones for action 1.1",
        "Milestone | Due | Done",
        "Panel agreed | 27 February 2026 | 20 February 2026",
        "Coordinators in post | 29 May 2026 | Not yet",
        "Success measure: EHC plans issued within 20 weeks (1.1)",
        "Baseline: 38% (January 2026)",
        "Target: 60% by July 2026",
        "How it is measured: Monthly SEN2 return, reported to the board",
        "Heading 2: Weakness 2",
        "Quote: Leaders do not use the forum's views.",
        "Intended outcome: Not set yet.",
        "Heading 3: Action 2.1: Co-produce the local offer",
        "What will be done: Not set yet.",
        "Lead: No lead yet",
        "Partners: None named",
        "Start: Not set yet.",
        "Due: Not set yet.",
        "Status: Not started",
        "Success measure: Not set yet.",
        "Baseline: Not set yet.",
        "Target: Not set yet.",
        "How it is measured: Not set yet.",
        "(page break)",
        "Heading 1: Areas for development",
        "The inspection also named these for development. They are not significant weaknesses and are not counted "
        "as such, but the plan answers them too.",
        "Heading 2: Area for development 3",
        "Quote: Transitions to adult health services.",
        "Intended outcome: Not set yet.",
        "No actions yet.",
        "(page break)",
        "Heading 1: Governance",
        "Board: Westmarsh SEND Improvement Board",
        "The board meets monthly.\nIts independent chair reports to the council's cabinet.",
        "Heading 2: Co-production with the parent carer forum",
        "Westmarsh Voices helped write every weakness's intended outcome.",
        "Heading 1: Signed",
        "Heading 2: Alex Morgan",
        "Director of Children's Services, Westmarsh Council",
        "Signature: ______________________________    Date: ______________",
    ]


def test_a_docx_of_a_statement_with_nothing_in_it_yet_says_so_in_each_section():
    empty = statement_facts(judged=(), other=(), signatories=(), board="", governance="", coproduction="",
                            inspection_start=None, inspection_end=None, letter_date=None, submission_due=None)
    assert docx_lines(statement_docx(empty, EDITION))[4:] == [
        "Inspection dates: Not known",
        "Letter published: Not known",
        "Statement due by: Not known",
        "Heading 1: Areas of significant weakness",
        "The inspection found none.",
        "(page break)",
        "Heading 1: Governance",
        "Board: Not set yet.",
        "Not set yet.",
        "Heading 2: Co-production with the parent carer forum",
        "Not set yet.",
        "Heading 1: Signed",
        "Not set yet.",
    ]


def test_facts_survive_the_round_trip_through_json():
    facts = statement_facts()
    assert facts_from_json(facts_to_json(facts)) == facts


def test_facts_of_an_unknown_schema_are_refused_rather_than_misread():
    stored = facts_to_json(statement_facts()) | {"schema": 99}
    with pytest.raises(ValueError) as refused:
        facts_from_json(stored)
    assert str(refused.value) == "statement facts of schema 99; this version reads schemas 1 and 2"


def test_no_change_between_equal_statements():
    assert statement_changes(statement_facts(), statement_facts()) == []


def test_a_changed_due_date_and_outcome_show_old_and_new_values():
    old = statement_facts()
    first = old.judged[0]
    moved = replace(first.actions[1], due_date=date(2026, 9, 30))
    new = replace(old, judged=(replace(first, intended_outcome="Every family within 20 weeks.",
                                       actions=(first.actions[0], moved)), old.judged[1]))
    [section] = statement_changes(old, new)
    assert (section.name, section.kind) == ("Weakness 1", CHANGED)
    assert [(f.label, f.old, f.new) for f in section.fields] == [
        ("Intended outcome", "Families get a plan within 20 weeks.", "Every family within 20 weeks.")
    ]
    [item] = section.items
    assert (item.name, item.kind) == ("Action 1.2: Track every assessment weekly", CHANGED)
    assert [(f.label, f.old, f.new) for f in item.fields] == [("Due", "31 July 2026", "30 September 2026")]


def test_an_added_and_a_removed_action_are_named():
    old = statement_facts()
    first = old.judged[0]
    new = replace(old, judged=(replace(first, actions=(first.actions[0], _action("1.3", "Train panel members"))),
                               old.judged[1]))
    [section] = statement_changes(old, new)
    assert [(item.name, item.kind) for item in section.items] == [
        ("Action 1.2: Track every assessment weekly", REMOVED),
        ("Action 1.3: Train panel members", ADDED),
    ]


def test_a_retitled_action_its_milestones_and_what_else_it_answers_show_old_and_new_values():
    old = statement_facts()
    first, second = old.judged
    retitled = replace(
        first.actions[0],
        title="Recruit and train EHC coordinators",
        also_answers=("Weakness 2",),
        milestones=(*first.actions[0].milestones, StatementMilestone("Coordinators in post", date(2026, 5, 29))),
    )
    launched = replace(second.actions[0], milestones=(StatementMilestone("Launch event", date(2026, 5, 1)),))
    new = replace(old, judged=(replace(first, text="EHC plans are late.", actions=(retitled, first.actions[1])),
                               replace(second, actions=(launched,))))
    weakness_1, weakness_2 = statement_changes(old, new)
    assert [(f.label, f.old, f.new) for f in weakness_1.fields] == [
        ("Finding", "The timeliness of EHC plans is poor.", "EHC plans are late.")
    ]
    [item] = weakness_1.items
    assert [(f.label, f.old, f.new) for f in item.fields] == [
        ("Title", "Recruit EHC coordinators", "Recruit and train EHC coordinators"),
        ("Also answers", "", "Weakness 2"),
        ("Milestones", "Panel agreed for 1.1 by 27 February 2026 (done 20 February 2026)",
         "Panel agreed for 1.1 by 27 February 2026 (done 20 February 2026); Coordinators in post by 29 May 2026"),
    ]
    assert [(f.label, f.old, f.new) for f in weakness_2.items[0].fields] == [
        ("Milestones", "None", "Launch event by 1 May 2026")
    ]


def test_actions_are_compared_in_the_order_of_their_numbers_and_alike_numbers_by_reference():
    old = statement_facts()
    first = old.judged[0]
    renumbered = tuple(_action(reference, "An action") for reference in ("1.10", "1.B", "1.9", "1.A", "1.1"))
    changes = statement_changes(old, replace(old, judged=(replace(first, actions=renumbered), old.judged[1])))
    assert [item.name.split(":")[0] for item in changes[0].items] == [
        "Action 1.A", "Action 1.B", "Action 1.1", "Action 1.2", "Action 1.9", "Action 1.10"
    ]


def test_a_finding_no_longer_tracked_is_removed_with_its_actions_and_a_new_one_added():
    old = statement_facts()
    new = replace(old, other=(), judged=(*old.judged, StatementFinding("Weakness 4", "Waiting times.", "")))
    changes = statement_changes(old, new)
    assert [(c.name, c.kind) for c in changes] == [("Weakness 4", ADDED), ("Area for development 3", REMOVED)]
    assert [(i.name, i.kind) for i in changes[1].items] == [("Action 3.1: Publish a transitions protocol", REMOVED)]


def test_governance_and_signatories_changes_are_their_own_sections():
    old = statement_facts()
    new = replace(old, board="Westmarsh Partnership Board", signatories=old.signatories[:1])
    changes = statement_changes(old, new)
    assert [c.kind for c in changes] == [CHANGED, CHANGED]
    assert [(c.name, [(f.label, f.old, f.new) for f in c.fields]) for c in changes] == [
        ("Governance", [("Board", "Westmarsh SEND Improvement Board", "Westmarsh Partnership Board")]),
        ("Signatories", [(
            "Signatories",
            "Alex Morgan, Director of Children's Services, Westmarsh Council; Priya Shah, Accountable Officer, "
            "NHS Westmarsh ICB",
            "Alex Morgan, Director of Children's Services, Westmarsh Council",
        )]),
    ]


# -- A follow-on plan's statement: each weakness with the judgement that brought it there ---------------------------

BROUGHT = VisitJudgement("revisit", "insufficient", "Too few plans are finished on time.", date(2026, 9, 30),
                         date(2026, 11, 4))


def follow_on_facts(**overrides) -> StatementFacts:
    """The accelerated progress plan: weaknesses 1 and 3, judged insufficient at the revisit (weakness 3's words
    not recorded, nor its letter's date)."""
    first = statement_facts().judged[0]
    return statement_facts(
        **{
            "title": "Accelerated progress plan",
            "judged": (
                replace(first, judgement=BROUGHT),
                StatementFinding("Weakness 3", "Health advice is late.", "Advice within six weeks.", None,
                                 (_action("3.2", "Weekly health advice clinic"),),
                                 VisitJudgement("revisit", "insufficient", "", date(2026, 9, 30))),
            ),
            "other": (),
            "plan_opened_on": date(2026, 11, 16),
            "follows_visit": "revisit",
            **overrides,
        }
    )


def test_each_weakness_in_a_follow_on_plan_s_docx_says_why_it_is_there_under_its_heading():
    paragraphs = docx_paragraphs(statement_docx(follow_on_facts(), EDITION))
    weakness_1 = paragraphs.index("Weakness 1 (Identifying needs)")
    assert paragraphs[weakness_1 + 1 : weakness_1 + 5] == [
        "The timeliness of EHC plans is poor.",
        "Why it is in this plan: Insufficient progress at the revisit, letter published 4 November 2026",
        "The inspectors' words: Too few plans are finished on time.",
        "Intended outcome: Families get a plan within 20 weeks.",
    ]
    weakness_3 = paragraphs.index("Weakness 3")
    assert paragraphs[weakness_3 + 2 : weakness_3 + 4] == [
        "Why it is in this plan: Insufficient progress at the revisit, which ended on 30 September 2026",
        "Intended outcome: Advice within six weeks.",
    ]


def test_a_follow_on_plan_s_docx_says_when_it_opened_and_what_it_answers():
    paragraphs = docx_paragraphs(statement_docx(follow_on_facts(), EDITION))
    assert "Plan opened: 16 November 2026" in paragraphs
    assert not any(p.startswith("Statement due by") for p in paragraphs)
    assert ("This plan answers the areas of significant weakness on which the revisit judged progress insufficient. "
            "Each is quoted with that judgement, in the inspectors' words.") in paragraphs
    assert docx_headings(statement_docx(follow_on_facts(), EDITION))[0] == ("Title", "Accelerated progress plan")


def test_the_first_plan_s_statement_gives_no_judgement(statement_docx_bytes):
    paragraphs = docx_paragraphs(statement_docx_bytes)
    assert not any(p.startswith(("Why it is in this plan", "The inspectors' words", "Plan opened")) for p in paragraphs)
    assert "Statement due by: 2 February 2026" in paragraphs


@pytest.mark.pdf
def test_a_follow_on_plan_s_pdf_gives_each_weakness_its_judgement_between_the_finding_and_the_outcome(tmp_path):
    document = statement_pdf(follow_on_facts(), EDITION)
    text = _flat(pdf_text(document))
    order = [
        "Plan opened: 16 November 2026",
        "Weakness 1 (Identifying needs)",
        "The timeliness of EHC plans is poor.",
        "Why it is in this plan: Insufficient progress at the revisit, letter published 4 November 2026",
        "The inspectors' words: Too few plans are finished on time.",
        "Intended outcome: Families get a plan within 20 weeks.",
        "Weakness 3",
        "Why it is in this plan: Insufficient progress at the revisit, which ended on 30 September 2026",
        "Intended outcome: Advice within six weeks.",
    ]
    positions = [text.find(phrase) for phrase in order]
    assert -1 not in positions, [phrase for phrase, at in zip(order, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert "Statement due by" not in text
    assert_pdf_lays_out_cleanly(document, tmp_path)


def test_the_title_is_followed_by_the_partnership_set_larger_as_a_lede():
    blocks = statement_blocks(statement_facts(), EDITION)
    assert blocks[1] == {"kind": "paragraph", "text": "Westmarsh local area partnership", "lede": True, "strong": False}
    assert [block for block in blocks if block["kind"] == "paragraph" and block["lede"]] == [blocks[1]]


def test_a_follow_on_plan_s_facts_survive_the_round_trip_through_json():
    facts = follow_on_facts()
    assert facts_from_json(facts_to_json(facts)) == facts


def test_facts_kept_before_judgements_were_in_the_statement_still_read():
    stored = facts_to_json(statement_facts())
    for finding in (*stored["judged"], *stored["other"]):
        del finding["judgement"]
    del stored["plan_opened_on"], stored["follows_visit"]
    assert facts_from_json(stored | {"schema": 1}) == statement_facts()


def test_a_corrected_judgement_shows_its_old_and_new_words():
    old = follow_on_facts()
    corrected = replace(BROUGHT, inspectors_words="Too few plans are finished within 20 weeks.")
    new = replace(old, judged=(replace(old.judged[0], judgement=corrected), old.judged[1]))
    [section] = statement_changes(old, new)
    [field] = section.fields
    assert (section.name, field.label) == ("Weakness 1", "Why it is in this plan")
    assert field.old.endswith("Too few plans are finished on time.")
    assert field.new.endswith("Too few plans are finished within 20 weeks.")


def test_a_change_in_the_inspectors_words_shows_the_judgement_and_the_words_together():
    old = follow_on_facts()
    weakness_1 = old.judged[0]
    reworded = replace(weakness_1.judgement, inspectors_words="Plans are late.")
    new = replace(old, judged=(replace(weakness_1, judgement=reworded), old.judged[1]))
    [section] = statement_changes(old, new)
    assert [(f.label, f.old, f.new) for f in section.fields] == [(
        "Why it is in this plan",
        "Insufficient progress at the revisit, letter published 4 November 2026 Too few plans are finished on time.",
        "Insufficient progress at the revisit, letter published 4 November 2026 Plans are late.",
    )]
