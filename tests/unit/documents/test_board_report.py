"""The board report, composed from hand-made facts and two meetings' snapshots, then read back from the DOCX
(python-docx) and the PDF (pdfplumber, and pdftoppm's pictures of its pages)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from tests.pdf_checks import (
    assert_pdf_lays_out_cleanly,
    docx_headings,
    docx_paragraphs,
    docx_tables,
    pdf_page_texts,
    pdf_text,
    pdf_title,
)
from wsoa.board.report import MeetingFacts, compose_board_report
from wsoa.board.trends import SnapshotLine
from wsoa.dashboard.facts import ActionFacts, EvidenceFacts, InspectionSummary, Plan, UpdateFacts, WeaknessFacts
from wsoa.documents.board_report import board_report_docx, board_report_pdf
from wsoa.documents.judgements import RecordedJudgement, VisitJudgement
from wsoa.inspections.key_dates import key_dates

SUMMARY = InspectionSummary(
    id=1, local_area_id=1, area_name="Westmarsh", stale_after_days=30, due_soon_days=14, framework="2016",
    inspection_start=date(2024, 11, 4), inspection_end=date(2024, 11, 8), letter_date=date(2025, 1, 10),
    wsoa_required=True, revisit_date=date(2026, 6, 1),
)
PLANS_LATE = WeaknessFacts(10, 1, "significant_weakness", "The timeliness of EHC plans is poor")
HEALTH = WeaknessFacts(20, 2, "significant_weakness", "Health advice for EHC plans is weak")
TRANSITION = WeaknessFacts(30, 3, "area_for_development", "Preparation for adulthood starts late")
BEFORE = datetime(2026, 2, 5, 17, 0)  # when the February meeting was recorded
NOW = datetime(2026, 3, 5, 17, 0)  # and the March one


def action(id_: int, reference: str, title: str, findings: tuple[int, ...], **values) -> ActionFacts:
    return ActionFacts(
        id=id_, reference=reference, title=title, status="in_progress", created_at=datetime(2025, 4, 1),
        finding_ids=findings, **{"lead_name": "Olu Adebayo", **values},
    )


def accepted(id_: int, kind: str, as_at: date, description: str, reviewed_at: datetime) -> EvidenceFacts:
    return EvidenceFacts(id_, 1, kind, "accepted", as_at, description, reviewed_at=reviewed_at)


ACTIONS = (
    action(
        1, "1.1", "Recruit EHC caseworkers", (10,),
        success_measure="Share of plans issued within 20 weeks", baseline_value=45.0, target_value=60.0,
        measure_unit="%",
        evidence=(
            accepted(1, "impact", date(2026, 2, 20), "Timeliness report", datetime(2026, 2, 25)),
            accepted(2, "impact", date(2025, 12, 1), "Parent survey", datetime(2025, 12, 5)),
            accepted(3, "activity", date(2026, 2, 1), "Job adverts", datetime(2026, 2, 10)),
            accepted(4, "impact", date(2026, 3, 6), "Accepted after", datetime(2026, 3, 9)),
        ),
    ),
    action(2, "1.2", "Joint speech and language service", (10, 20)),
    action(3, "2.1", "Designated clinical officer", (20,), lead_name=None),
    action(4, "3.1", "Transition panel", (30,)),
    action(5, "2.2", "Added after the meeting", (20,)),
)
PLAN = Plan(SUMMARY, (PLANS_LATE, HEALTH, TRANSITION), ACTIONS)


def line(action_id, status, rag, due=None, updated=None, value=None, on=None) -> SnapshotLine:
    return SnapshotLine(action_id, status, rag, due, updated, value, on)


FEBRUARY = MeetingFacts(date(2026, 2, 5), BEFORE, {
    1: line(1, "in_progress", "red", date(2026, 9, 30), datetime(2026, 2, 1), 48.0, date(2026, 1, 31)),
    2: line(2, "in_progress", "amber", date(2026, 6, 30), datetime(2026, 2, 1)),
    3: line(3, "in_progress", "green", date(2026, 6, 30), datetime(2026, 2, 1)),
    4: line(4, "not_started", None, date(2026, 7, 31), None),
})
MARCH = MeetingFacts(date(2026, 3, 5), NOW, {
    1: line(1, "in_progress", "amber", date(2026, 9, 30), datetime(2026, 3, 1), 55.0, date(2026, 2, 28)),
    2: line(2, "in_progress", "amber", date(2026, 3, 12), datetime(2026, 3, 1)),  # due within 14 days
    3: line(3, "in_progress", "red", date(2026, 2, 28), datetime(2026, 3, 1)),  # overdue by 5 days
    4: line(4, "in_progress", "green", date(2026, 7, 31), datetime(2026, 3, 2)),
})
UPDATES = {
    1: [UpdateFacts(datetime(2026, 2, 20, 10), "Olu Adebayo", "amber", "Two caseworkers started")],
    3: [UpdateFacts(datetime(2026, 3, 1, 9), "Priya Shah", "red", "Post vacant again")],
}


@pytest.fixture(scope="module")
def report():
    return compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, key_dates(SUMMARY))


def test_each_weakness_says_its_rag_now_against_the_last_meeting_and_its_trend(report):
    plans_late, health = report.weaknesses
    assert (plans_late.label, plans_late.rag_before, plans_late.rag_now, plans_late.trend) == (
        "Weakness 1", "Red", "Amber", "Improving"
    )
    assert (health.rag_before, health.rag_now, health.trend) == ("Amber", "Red", "Worse")
    assert [(a.reference, a.rag_before, a.rag_now, a.trend) for a in plans_late.actions] == [
        ("1.1", "Red", "Amber", "Improving"), ("1.2", "Amber", "Amber", "Same")
    ]


def test_areas_for_development_are_apart_and_never_counted_as_weaknesses(report):
    assert [s.label for s in report.weaknesses] == ["Weakness 1", "Weakness 2"]
    [transition] = report.development
    assert (transition.label, transition.rag_before, transition.rag_now, transition.trend) == (
        "Area for development 3", "Not rated", "Green", "Not compared"
    )
    assert (report.judged_heading, report.development_heading) == ("Significant weaknesses", "Areas for development")


def test_actions_added_after_the_meeting_are_not_in_its_report(report):
    assert "2.2" not in {a.reference for s in report.weaknesses for a in s.actions}
    assert report.totals.actions == 4


def test_done_since_overdue_and_at_risk_are_as_at_the_meeting(report):
    plans_late, health = report.weaknesses
    assert [(u.reference, u.on, u.done) for u in plans_late.done_since] == [
        ("1.1", date(2026, 2, 20), "Two caseworkers started")
    ]
    assert [(row.reference, row.reasons) for row in health.overdue] == [("2.1", "Overdue by 5 days")]
    assert health.overdue[0].lead == "No lead"
    assert [(row.reference, row.reasons) for row in plans_late.at_risk] == [
        ("1.1", "Rated amber"), ("1.2", "Rated amber; Due soon")
    ]
    # 1.2 answers both weaknesses: listed under each, counted once.
    assert (report.totals.overdue, report.totals.at_risk, report.totals.updates_since) == (1, 2, 2)


def test_impact_evidence_counts_once_accepted_by_the_meeting_and_new_since_the_last(report):
    evidence = report.weaknesses[0].impact_evidence
    assert [(item.description, item.new) for item in evidence] == [
        ("Timeliness report", True), ("Parent survey", False)
    ]
    assert report.totals.new_impact_evidence == 1


def test_measures_against_target_with_the_value_at_the_last_meeting(report):
    [measure] = report.weaknesses[0].measures
    assert (measure.baseline, measure.target, measure.before, measure.latest, measure.latest_on) == (
        "45%", "60%", "48%", "55%", date(2026, 2, 28)
    )
    assert (measure.against_target, measure.trend) == ("5% to go", "Improving")


def test_the_countdown_is_to_the_next_key_date_from_the_meeting(report):
    assert report.next_key_date.name == "Revisit expected"
    assert report.next_key_date.words == "88 days after this meeting"  # 5 March to 1 June 2026
    assert report.key_dates[0].words.endswith("before this meeting")  # the statement's deadline has passed


def test_the_first_meeting_has_nothing_to_compare_with():
    first = compose_board_report(PLAN, FEBRUARY, None, {}, key_dates(SUMMARY))
    assert {s.rag_before for s in first.weaknesses} == {"No earlier meeting"}
    assert {s.trend for s in first.weaknesses} == {"Not compared"}
    assert first.compared_with.startswith("This is the first board meeting recorded")


def test_the_docx_holds_every_weakness_action_date_and_measure_where_it_belongs(report):
    document = board_report_docx(report)
    headings = docx_headings(document)
    assert headings[0] == ("Title", "Board report: Westmarsh, 5 March 2026")
    assert headings[1] == ("Heading 1", "Summary")
    assert ("Heading 1", "Significant weaknesses") in headings
    assert headings.index(("Heading 2", "Weakness 2")) < headings.index(("Heading 1", "Areas for development"))
    assert headings.index(("Heading 1", "Areas for development")) < headings.index(
        ("Heading 2", "Area for development 3")
    )
    tables = docx_tables(document)
    summary, development = tables[0], tables[1]
    assert summary[0] == ["Significant weaknesses", "Last meeting", "Now", "Trend", "Overdue", "At risk"]
    assert summary[1] == ["Weakness 1: The timeliness of EHC plans is poor", "Red", "Amber", "Improving", "0", "2"]
    assert development[1][0] == "Area for development 3: Preparation for…"  # cut to one line
    action_tables = [t for t in tables if t[0][0] == "Ref" and t[0][1] == "Action"]
    assert action_tables[0][1] == [
        "1.1", "Recruit EHC caseworkers", "Olu Adebayo", "In progress", "Red", "Amber", "Improving"
    ]
    [measures] = [t for t in tables if t[0][1] == "Measure"]
    assert measures[1] == ["1.1", "Share of plans issued within 20 weeks", "45%", "60%", "48%",
                           "55% (28 February 2026), improving", "5% to go"]
    text = "\n".join(docx_paragraphs(document))
    assert "Compared with the board meeting on 5 February 2026." in text
    assert "1.1, 20 February 2026, Olu Adebayo (Amber): Two caseworkers started" in text
    assert "2.1 Designated clinical officer (No lead): Overdue by 5 days" in text
    assert "1.1: Timeliness report, as at 20 February 2026 (new since the last meeting)" in text
    assert "Revisit expected, 1 June 2026: 88 days after this meeting" in text


def test_the_pdf_opens_with_a_one_page_summary_then_each_weakness_in_order(report, tmp_path):
    document = board_report_pdf(report)
    assert pdf_title(document) == "Board report: Westmarsh, 5 March 2026"
    pages = pdf_page_texts(document)
    first = pages[0]
    assert "Summary" in first and "Weakness 1: The timeliness of EHC plans is poor Red Amber Improving 0 2" in first
    assert "Area for development 3" in first and "Revisit expected, 1 June 2026: 88 days after this meeting" in first
    assert pages[1].splitlines()[0] == "Significant weaknesses"  # the weaknesses start on a page of their own
    text = pdf_text(document)
    assert text.index("Weakness 1\n") < text.index("Weakness 2\n") < text.index("Area for development 3\n")
    assert "1.1 Recruit EHC caseworkers Olu Adebayo In Red Amber Improving\nprogress" in text
    assert "Two caseworkers started" in text and "Overdue by 5 days" in text
    assert "1.1 Share of plans issued 45% 60% 48% 55% (28 February 5% to go" in text  # the measure's row
    assert_pdf_lays_out_cleanly(document, tmp_path)


def test_the_summary_stays_on_one_page_for_a_large_plan(tmp_path):
    """Ten weaknesses and fifteen areas for development with long findings: the summary still fits page 1."""
    long = "The area's arrangements for identifying, assessing and meeting needs are not effective enough " * 2
    weaknesses = tuple(WeaknessFacts(100 + n, n, "significant_weakness", long) for n in range(1, 11)) + tuple(
        WeaknessFacts(200 + n, n, "area_for_development", long) for n in range(11, 26)
    )
    actions = tuple(action(n, f"{n}.1", "An action", (w.id,)) for n, w in enumerate(weaknesses, start=1))
    lines = {a.id: line(a.id, "in_progress", "amber", date(2026, 9, 30), NOW) for a in actions}
    big = compose_board_report(
        replace(PLAN, weaknesses=weaknesses, actions=actions), replace(MARCH, lines=lines), None, {}, key_dates(SUMMARY)
    )
    pages = pdf_page_texts(board_report_pdf(big))
    assert "Area for development 25" in pages[0]
    assert pages[1].splitlines()[0] == "Significant weaknesses"
    assert_pdf_lays_out_cleanly(board_report_pdf(big), tmp_path)


# -- The revisit's judgements ----------------------------------------------------------------------------------


def judged(finding_id: int, plan_number: int, progress: str, recorded_at: datetime, words: str = "",
           letter: date | None = None) -> RecordedJudgement:
    visit = "revisit" if plan_number == 1 else "second revisit"
    ended = date(2025, 11, 19) if plan_number == 1 else date(2026, 2, 11)
    return RecordedJudgement(finding_id, plan_number, recorded_at,
                             VisitJudgement(visit, progress, words, ended, letter))


JUDGEMENTS = (
    # Weakness 1: insufficient at the revisit, sufficient at the accelerated progress plan's own revisit.
    judged(10, 1, "insufficient", datetime(2025, 12, 20), "Too few plans are finished on time.", date(2025, 12, 15)),
    judged(20, 1, "sufficient", datetime(2025, 12, 20), "Health advice is now timely.", date(2025, 12, 15)),
    judged(10, 2, "sufficient", datetime(2026, 2, 20), "Plans are now on time."),
    # Recorded after the March meeting: not in its report.
    judged(20, 2, "insufficient", datetime(2026, 3, 10), "Recorded after the meeting."),
    # An area for development is never judged: a stray record for one is not printed or counted.
    judged(30, 1, "insufficient", datetime(2025, 12, 20), "Never printed."),
)


@pytest.fixture(scope="module")
def judged_report():
    return compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, key_dates(SUMMARY), JUDGEMENTS)


def test_each_weakness_carries_its_judgements_recorded_by_the_meeting_oldest_first(judged_report):
    plans_late, health = judged_report.weaknesses
    assert [j.line for j in plans_late.judgements] == [
        "Insufficient progress at the revisit, letter published 15 December 2025",
        "Sufficient progress at the second revisit, which ended on 11 February 2026",
    ]
    assert [j.inspectors_words for j in health.judgements] == ["Health advice is now timely."]


def test_areas_for_development_are_never_judged_in_the_report(judged_report):
    assert [s.judgements for s in judged_report.development] == [()]


def test_the_summary_counts_each_weakness_s_latest_judgement_by_the_meeting(judged_report):
    assert judged_report.totals.judgement_counts == [
        ("Judged sufficient", 2), ("Judged insufficient", 0)
    ]


def test_without_a_judgement_the_report_says_nothing_of_judgements(report):
    assert all(section.judgements == () for section in report.weaknesses)
    assert report.totals.judgement_counts == []
    document = board_report_docx(report)
    assert not any(text == "Judgements" for _, text in docx_headings(document))
    assert not any(text.startswith("Judged ") for text in docx_paragraphs(document))


def test_the_docx_prints_each_judgement_under_its_weakness_with_the_inspectors_words(judged_report):
    document = board_report_docx(judged_report)
    paragraphs = docx_paragraphs(document)
    weakness_1, weakness_2 = paragraphs.index("Weakness 1"), paragraphs.index("Weakness 2")
    under_1 = paragraphs[weakness_1:weakness_2]
    assert under_1[3:7] == [
        "Judgements",
        "Insufficient progress at the revisit, letter published 15 December 2025",
        "“Too few plans are finished on time.”",
        "Sufficient progress at the second revisit, which ended on 11 February 2026",
    ]
    assert "“Plans are now on time.”" in under_1
    assert "Recorded after the meeting." not in "\n".join(paragraphs)
    assert "Never printed." not in "\n".join(paragraphs)
    assert "Judged sufficient: 2" in paragraphs and "Judged insufficient: 0" in paragraphs


def test_the_pdf_prints_each_judgement_under_its_weakness_and_the_counts_in_the_summary(judged_report, tmp_path):
    document = board_report_pdf(judged_report)
    pages = pdf_page_texts(document)
    assert "Judged sufficient 2" in pages[0] and "Judged insufficient 0" in pages[0]
    text = "\n".join(pages)
    weakness_1, weakness_2 = text.index("Weakness 1\n"), text.index("Weakness 2\n")
    revisit = text.index("Insufficient progress at the revisit, letter published 15 December 2025")
    assert weakness_1 < revisit < text.index("Too few plans are finished on time.") < weakness_2
    assert weakness_2 < text.index("Health advice is now timely.") < text.index("Area for development 3\n")
    assert "Never printed." not in text and "Recorded after the meeting." not in text
    assert_pdf_lays_out_cleanly(document, tmp_path)
