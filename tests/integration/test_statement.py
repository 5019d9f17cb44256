"""The written statement through the app: generated from the plan, kept as numbered versions that download as
they were, recorded as submitted, and compared with the last submitted version."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest

from tests.cycle_factories import as_service, finding_ids, judge, open_plan, revisit
from tests.factories import make_user
from tests.integration.test_actions import edit_form
from tests.pages import assert_page, hidden_fields, hidden_fields_in, post_form, redirect_target, sign_in
from tests.pdf_checks import docx_headings, docx_paragraphs, pdf_text
from tests.statement_factories import build_statement_plan
from wsoa.extensions import db
from wsoa.inspections.cycle import ACCEPTED, INSUFFICIENT, SUFFICIENT
from wsoa.inspections.cycle_services import cycle_of, record_decision
from wsoa.models import Action, AuditEvent, Finding, Inspection, StatementSubmission, StatementVersion
from wsoa.statements.services import statement_facts


@pytest.fixture
def plan(app):
    return build_statement_plan(app)


@pytest.fixture
def manager_client(app, client, plan):
    sign_in(client, plan.manager)
    return client


def _statement(plan) -> str:
    return f"/inspections/{plan.inspection.id}/statement"


def generate(client, plan):
    return post_form(client, f"{_statement(plan)}/versions", {}, page=_statement(plan))


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _events(app, event: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).filter_by(event=event).order_by(AuditEvent.id)))


def _change_action(app, action_id: int, **values) -> None:
    with app.app_context():
        action = db.session.get(Action, action_id)
        for name, value in values.items():
            setattr(action, name, value)
        db.session.commit()


def test_each_generation_is_kept_as_the_next_numbered_version_and_listed_newest_first(app, manager_client, plan):
    assert redirect_target(generate(manager_client, plan)) == _statement(plan)
    generate(manager_client, plan)
    page = assert_page(manager_client.get(_statement(plan)), "Written statement of action")
    assert page.index('id="version-2"') < page.index('id="version-1"')
    assert [e.summary for e in _events(app, "statement.generated")] == [
        "Written statement of action version 1 generated",
        "Written statement of action version 2 generated",
    ]


def test_a_version_downloads_exactly_as_it_was_generated_after_the_plan_changes(app, manager_client, plan):
    first = plan.action("1.1")
    _change_action(app, first.id, title="Recruit two EHC coordinators")
    generate(manager_client, plan)
    original = manager_client.get(f"{_statement(plan)}/versions/1.pdf")
    assert original.mimetype == "application/pdf"
    _change_action(app, first.id, title="Recruit three EHC coordinators")
    generate(manager_client, plan)

    again = manager_client.get(f"{_statement(plan)}/versions/1.pdf").data
    assert again == original.data
    assert "Recruit two EHC coordinators" in pdf_text(again)
    assert "Recruit three EHC coordinators" in pdf_text(manager_client.get(f"{_statement(plan)}/versions/2.pdf").data)
    generated = _events(app, "statement.generated")[0]
    assert generated.changes["pdf_sha256"] == [None, hashlib.sha256(again).hexdigest()]
    assert _events(app, "statement.downloaded")[0].summary == "Statement version 1 downloaded as PDF"


def test_the_statement_names_the_lead_by_role_and_organisation_and_quotes_the_intended_outcome(
    app, manager_client, plan
):
    post_form(manager_client, f"/areas/1/members/{plan.lead.id}/details",
              {"job_title": "Head of SEND", "organisation": "Westmarsh Council"})
    outcomes_page = f"{_statement(plan)}/outcomes"
    post_form(manager_client, outcomes_page, {"findings-0-outcome": "Families get a plan within 20 weeks."})
    _change_action(app, plan.action("1.1").id, start_date=date(2026, 1, 5), due_date=date(2026, 7, 31),
                   success_measure="EHC plans issued within 20 weeks", baseline="38%", target="60%",
                   measured_by="Monthly SEN2 return")
    generate(manager_client, plan)

    paragraphs = docx_paragraphs(manager_client.get(f"{_statement(plan)}/versions/1.docx").data)
    weakness = paragraphs[paragraphs.index("Weakness 1") : paragraphs.index("Weakness 2")]
    assert "Intended outcome: Families get a plan within 20 weeks." in weakness
    for line in ("Lead: Test Person, Head of SEND, Westmarsh Council", "Start: 5 January 2026",
                 "Due: 31 July 2026", "Baseline: 38%", "Target: 60%", "How it is measured: Monthly SEN2 return"):
        assert line in weakness


def test_areas_for_development_follow_in_their_own_section_never_among_the_weaknesses(app, manager_client, plan):
    generate(manager_client, plan)
    paragraphs = docx_paragraphs(manager_client.get(f"{_statement(plan)}/versions/1.docx").data)
    start, end = paragraphs.index("Areas of significant weakness"), paragraphs.index("Areas for development")
    weaknesses = paragraphs[start:end]
    assert [p for p in weaknesses if p.startswith("Weakness ")] == [f"Weakness {n}" for n in range(1, 5)]
    assert not [p for p in weaknesses if p.startswith("Area for development")]
    assert "Area for development 5 (Identifying needs)" in paragraphs


def test_a_retired_action_leaves_the_statement(app, manager_client, plan):
    _change_action(app, plan.action("2.1").id, status="retired")
    generate(manager_client, plan)
    text = pdf_text(manager_client.get(f"{_statement(plan)}/versions/1.pdf").data)
    assert "Action 1.1:" in text and "Action 2.1:" not in text


def test_recording_a_submission_shows_what_changed_in_the_next_version(app, manager_client, plan):
    generate(manager_client, plan)
    today = date.today()
    submitted = post_form(manager_client, f"{_statement(plan)}/versions/1/submitted",
                          {"submitted_on": [str(today.day), str(today.month), str(today.year)]})
    assert redirect_target(submitted) == _statement(plan)
    _change_action(app, plan.action("1.1").id, due_date=date(2026, 9, 30))
    generate(manager_client, plan)

    page = _text(manager_client.get(_statement(plan)))
    assert "What changed in version 2 since version 1 was submitted" in page
    changes = page[page.index("What changed in version 2") : page.index("Changes in the plan since")]
    assert "Weakness 1 Changed" in changes
    assert "Action 1.1:" in changes
    assert "Due Not set yet. 30 September 2026" in changes
    assert "Weakness 2" not in changes
    with app.app_context():
        version = db.session.scalar(db.select(StatementVersion).filter_by(number=1))
        assert (version.submitted_on, version.submitted_by_id) == (today, plan.manager.id)
    [event] = _events(app, "statement.submitted")
    assert event.changes["submitted_on"] == [None, today.isoformat()]


def test_changes_to_the_plan_not_yet_in_any_version_are_shown(app, manager_client, plan):
    generate(manager_client, plan)
    assert "None: version 1 is the plan as it is now." in _text(manager_client.get(_statement(plan)))
    _change_action(app, plan.action("3.1").id, title="Agree a co-produced SEND strategy")
    page = _text(manager_client.get(_statement(plan)))
    assert "Changes in the plan since version 1 was generated" in page
    assert "Title" in page and "Agree a co-produced SEND strategy" in page


def test_a_submission_date_in_the_future_is_refused_and_nothing_is_recorded(app, manager_client, plan):
    generate(manager_client, plan)
    tomorrow = date.today() + timedelta(days=1)
    response = post_form(manager_client, f"{_statement(plan)}/versions/1/submitted",
                         {"submitted_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]})
    page = assert_page(response, "Record version 1 as submitted")
    assert "The date it was submitted must be today or in the past" in page
    assert f'value="{tomorrow.day}"' in page
    assert _events(app, "statement.submitted") == []


def test_a_version_is_recorded_as_submitted_only_once(app, manager_client, plan):
    generate(manager_client, plan)
    today = date.today()
    day = {"submitted_on": [str(today.day), str(today.month), str(today.year)]}
    post_form(manager_client, f"{_statement(plan)}/versions/1/submitted", day)
    again = post_form(manager_client, f"{_statement(plan)}/versions/1/submitted", day)
    assert "Version 1 is already recorded as submitted" in again.get_data(as_text=True)
    assert len(_events(app, "statement.submitted")) == 1


def test_an_outcome_changed_by_someone_else_meanwhile_is_a_conflict_that_keeps_what_was_typed(
    app, manager_client, plan
):
    outcomes_page = f"{_statement(plan)}/outcomes"
    seen = hidden_fields(manager_client, outcomes_page)
    finding_id = int(seen["findings-0-finding_id"])
    with app.app_context():
        db.session.get(Finding, finding_id).intended_outcome = "Their words"
        db.session.commit()
    response = manager_client.post(outcomes_page, data={**seen, "findings-0-outcome": "My words"})
    page = response.get_data(as_text=True)
    assert "Someone else changed this intended outcome while you were editing" in page
    assert "My words" in page and "Their words" in page
    with app.app_context():
        assert db.session.get(Finding, finding_id).intended_outcome == "Their words"
    saved_again = manager_client.post(
        outcomes_page, data={**hidden_fields_in(response), "findings-0-outcome": "My words"}
    )
    assert redirect_target(saved_again) == _statement(plan)
    with app.app_context():
        assert db.session.get(Finding, finding_id).intended_outcome == "My words"
    [event] = _events(app, "finding.intended_outcome_changed")
    assert event.changes == {"intended_outcome": ["Their words", "My words"]}


def test_governance_saved_for_the_area_is_in_the_next_version_and_audited(app, manager_client, plan):
    response = post_form(manager_client, "/areas/1/statement/governance", {
        "board": "Westmarsh SEND Improvement Board",
        "governance": "Meets monthly, chaired independently.",
        "coproduction": "Westmarsh Voices wrote the outcomes with us.",
    })
    assert redirect_target(response) == "/areas/1/statement/governance"
    generate(manager_client, plan)
    text = re.sub(r"\s+", " ", pdf_text(manager_client.get(f"{_statement(plan)}/versions/1.pdf").data))
    assert "Board: Westmarsh SEND Improvement Board" in text
    assert "Westmarsh Voices wrote the outcomes with us." in text
    [event] = _events(app, "area.statement_governance_changed")
    assert event.changes["statement_board"] == ["", "Westmarsh SEND Improvement Board"]


def test_the_signatories_are_the_areas_own_from_the_setting(app, manager_client, plan, monkeypatch):
    monkeypatch.setitem(app.config, "STATEMENT_SIGNATORIES",
                        "Alex Morgan | DCS | Everyone Council; "
                        "Westmarsh = Priya Shah | Accountable Officer | NHS Westmarsh ICB")
    assert "Signed by Priya Shah (Accountable Officer, NHS Westmarsh ICB)." in _text(
        manager_client.get(_statement(plan)))
    generate(manager_client, plan)
    paragraphs = docx_paragraphs(manager_client.get(f"{_statement(plan)}/versions/1.docx").data)
    signed = paragraphs[paragraphs.index("Signed") :]
    assert "Priya Shah" in signed and "Alex Morgan" not in signed


def test_a_signatories_setting_that_cannot_be_read_stops_generation_with_a_clear_message(
    app, manager_client, plan, monkeypatch
):
    monkeypatch.setitem(app.config, "STATEMENT_SIGNATORIES", "Alex Morgan, DCS")
    response = generate(manager_client, plan)
    assert response.status_code == 400
    assert "STATEMENT_SIGNATORIES setting cannot be read" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StatementVersion)) == 0


def test_a_viewer_reads_the_versions_but_is_offered_no_generating_or_recording(app, client, manager_client, plan):
    generate(manager_client, plan)
    viewer = make_user(app, role="viewer", area="Westmarsh")
    client.post("/sign-out", data={"csrf_token": hidden_fields(client, "/")["csrf_token"]})
    sign_in(client, viewer)
    page = client.get(_statement(plan)).get_data(as_text=True)
    assert "versions/1.pdf" in page
    assert "Generate a new version" not in page and "Record as submitted" not in page


def test_how_a_measure_is_measured_is_saved_with_the_action(app, manager_client, plan):
    action = plan.action("1.1")
    response = post_form(manager_client, f"/actions/{action.id}/edit",
                         {**edit_form(manager_client, action.id), "measured_by": "Termly audit of 20 plans"})
    assert redirect_target(response) == f"/actions/{action.id}"
    with app.app_context():
        assert db.session.get(Action, action.id).measured_by == "Termly audit of 20 plans"
    assert "Termly audit of 20 plans" in manager_client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_a_version_recorded_as_submitted_is_the_cycle_s_submission(app, manager_client, plan):
    generate(manager_client, plan)
    today = date.today()
    post_form(manager_client, f"{_statement(plan)}/versions/1/submitted",
              {"submitted_on": [str(today.day), str(today.month), str(today.year)]})
    with app.app_context():
        [submission] = cycle_of(plan.inspection.id).submissions
        assert submission.submitted_on == today
        assert db.session.scalar(db.select(StatementSubmission.note)) == "Version 1"


def test_a_version_the_cycle_cannot_take_is_refused_and_nothing_is_recorded(app, manager_client, plan):
    today = date.today()
    day = {"submitted_on": [str(today.day), str(today.month), str(today.year)]}
    generate(manager_client, plan)
    post_form(manager_client, f"{_statement(plan)}/versions/1/submitted", day)
    with app.app_context():
        submission = db.session.scalar(db.select(StatementSubmission))
        submission.decision, submission.decided_on = "accepted", today
        db.session.commit()
    generate(manager_client, plan)
    refused = post_form(manager_client, f"{_statement(plan)}/versions/2/submitted", day)
    assert "accepted" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(StatementVersion.submitted_on).filter_by(number=2)) is None
        assert db.session.query(StatementSubmission).count() == 1


# -- A follow-on plan's statement -------------------------------------------------------------------------------


def _judged_at_the_revisit(app, plan):
    """Weaknesses 1 and 3 judged insufficient, 2 and 4 sufficient, at a revisit whose letter came out on 15
    December 2025."""
    as_service(app, plan.manager, plan.inspection,
               revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19), date(2025, 12, 15)))
    as_service(app, plan.manager, plan.inspection,
               judge(app, plan.inspection, [INSUFFICIENT, SUFFICIENT, INSUFFICIENT, SUFFICIENT]))


def test_the_first_plan_s_statement_gives_no_judgement_even_once_the_revisit_has_judged(app, plan):
    _judged_at_the_revisit(app, plan)
    with app.app_context():
        facts = statement_facts(db.session.get(Inspection, plan.inspection.id), ())
    assert facts.title == "Written statement of action" and facts.plan_opened_on is None
    assert [f.judgement for f in facts.judged] == [None] * 4


def test_a_follow_on_plan_s_statement_sets_out_the_weaknesses_it_answers_each_with_its_judgement(
    app, manager_client, plan
):
    _judged_at_the_revisit(app, plan)
    as_service(app, plan.manager, plan.inspection, open_plan([plan.action("1.1").id], date(2025, 12, 22)))
    weakness_1, _, weakness_3, _ = finding_ids(app, plan.inspection, "significant_weakness")
    generate(manager_client, plan)
    docx = manager_client.get(f"{_statement(plan)}/versions/1.docx").data
    headings = [text for style, text in docx_headings(docx) if style in ("Title", "Heading 1", "Heading 2")]
    assert headings[:4] == ["Accelerated progress plan", "Areas of significant weakness", "Weakness 1", "Weakness 3"]
    assert "Areas for development" not in headings  # no action answering one was carried over
    paragraphs = docx_paragraphs(docx)
    assert "Plan opened: 22 December 2025" in paragraphs
    under_1 = paragraphs[paragraphs.index("Weakness 1") : paragraphs.index("Weakness 3")]
    assert under_1[2:4] == [
        "Why it is in this plan: Insufficient progress at the revisit, letter published 15 December 2025",
        f"The inspectors' words: Words on {weakness_1}",
    ]
    assert any(p.startswith("Action 1.1: ") for p in under_1)  # carried over
    under_3 = paragraphs[paragraphs.index("Weakness 3") :]
    assert f"The inspectors' words: Words on {weakness_3}" in under_3
    assert any(p.startswith("Action 3.2: ") for p in under_3)  # the draft the plan made for weakness 3
    assert_page(manager_client.get(_statement(plan)), "Accelerated progress plan")


def _submitted_on(client, plan, number: int, when: date):
    return post_form(client, f"{_statement(plan)}/versions/{number}/submitted",
                     {"submitted_on": [str(when.day), str(when.month), str(when.year)]})


def _accepted_then_followed_on(app, manager_client, plan):
    """Version 1, the written statement, submitted and accepted; then the accelerated progress plan opened and its
    statement generated as version 2."""
    generate(manager_client, plan)
    _submitted_on(manager_client, plan, 1, date.today())
    as_service(app, plan.manager, plan.inspection, lambda user, inspection: record_decision(
        user, inspection, ACCEPTED, date.today(), None, "", date.today()))
    _judged_at_the_revisit(app, plan)
    as_service(app, plan.manager, plan.inspection, open_plan([plan.action("1.1").id], date.today()))
    generate(manager_client, plan)


def test_a_follow_on_plan_s_version_is_recorded_as_submitted_against_that_plan_not_as_the_cycle_s_submission(
    app, manager_client, plan
):
    _accepted_then_followed_on(app, manager_client, plan)
    form_page = _text(manager_client.get(f"{_statement(plan)}/versions/2/submitted"))
    assert "It sets out the accelerated progress plan: record it once it has gone to the Department for Education " \
           "and NHS England." in form_page
    assert redirect_target(_submitted_on(manager_client, plan, 2, date.today())) == _statement(plan)
    with app.app_context():
        assert db.session.scalar(db.select(StatementVersion.submitted_on).filter_by(number=2)) == date.today()
        [first] = cycle_of(plan.inspection.id).submissions  # still only the written statement's
        assert first.decision == ACCEPTED
    event = _events(app, "statement.submitted")[-1]
    assert event.summary == (f"Accelerated progress plan version 2 recorded as submitted to the Department for "
                             f"Education and NHS England on {date.today().isoformat()}")
    assert _events(app, "statement.submitted")[0].summary.startswith(
        "Written statement of action version 1 recorded as submitted to Ofsted and the CQC")


def test_what_changed_since_submitted_compares_versions_of_the_same_plan_only(app, manager_client, plan):
    _accepted_then_followed_on(app, manager_client, plan)
    page = _text(manager_client.get(_statement(plan)))
    assert "No version of the accelerated progress plan has been recorded as submitted yet" in page
    assert "since version 1 was submitted" not in page  # the written statement is another plan's
    _submitted_on(manager_client, plan, 2, date.today())
    _change_action(app, plan.action("1.1").id, title="Finish plans on time, every time")
    generate(manager_client, plan)
    page = _text(manager_client.get(_statement(plan)))
    assert "What changed in version 3 since version 2 was submitted" in page
    assert "Finish plans on time, every time" in page
