"""The board report, composed from hand-made facts and two meetings' snapshots, then read back from the DOCX
(python-docx) and the PDF (pdfplumber, and pdftoppm's pictures of its pages)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
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
from wsoa.board.report import MeetingFacts, compose_board_report
from wsoa.board.trends import SnapshotLine
from wsoa.dashboard.facts import ActionFacts, EvidenceFacts, InspectionSummary, Plan, UpdateFacts, WeaknessFacts
from wsoa.documents.board_report import (
    ActionRow,
    BoardReport,
    EvidenceRow,
    FindingSection,
    FlaggedRow,
    KeyDateRow,
    MeasureRow,
    Totals,
    UpdateRow,
    board_report_blocks,
    board_report_docx,
    board_report_pdf,
)
from wsoa.documents.judgements import RecordedJudgement, VisitJudgement, as_recorded_by
from wsoa.inspections.key_dates import KeyDate, key_dates

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


@pytest.fixture
def report():
    # Composed afresh for each test (it takes milliseconds), so that `make mutation` sees each test reach it.
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


def test_the_totals_count_each_action_once_as_it_stood_at_the_meeting(report):
    assert report.totals == Totals(
        actions=4, signed_off=0, overdue=1, at_risk=2, updates_since=2, new_impact_evidence=1
    )
    signed = replace(MARCH, lines={**MARCH.lines, 4: line(4, "signed_off", "green", date(2026, 7, 31), NOW)})
    assert compose_board_report(PLAN, signed, FEBRUARY, UPDATES, []).totals.signed_off == 1


def test_a_2016_report_speaks_of_the_revisit_and_a_2023_one_of_the_monitoring_inspection(report):
    assert (report.inspection, report.revisit_name) == (
        "Joint local area SEND inspection (2016 framework), 4 to 8 November 2024", "revisit"
    )
    later = compose_board_report(
        replace(PLAN, inspection=replace(SUMMARY, framework="2023")), MARCH, FEBRUARY, UPDATES, []
    )
    assert (later.judged_heading, later.development_heading, later.revisit_name) == (
        "Priority actions", "Areas for improvement", "monitoring inspection"
    )
    assert later.inspection.endswith("(2023 framework), 4 to 8 November 2024")


def test_key_dates_are_counted_in_days_from_the_meeting_and_the_next_is_the_first_still_to_come():
    def key(name: str, day: int | None) -> KeyDate:
        return KeyDate(name, name, date(2026, 3, day) if day else None, False, "")

    dates = [key("Two before", 3), key("One before", 4), key("On the day", 5), key("One after", 6),
             key("Two after", 7), key("Not known", None)]
    report = compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, dates)
    assert [(row.name, row.when, row.words) for row in report.key_dates] == [
        ("Two before", date(2026, 3, 3), "2 days before this meeting"),
        ("One before", date(2026, 3, 4), "1 day before this meeting"),
        ("On the day", date(2026, 3, 5), "The day of this meeting"),
        ("One after", date(2026, 3, 6), "1 day after this meeting"),
        ("Two after", date(2026, 3, 7), "2 days after this meeting"),
        ("Not known", None, "Date not known"),
    ]
    assert report.next_key_date == report.key_dates[2]
    assert compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, dates[:2]).next_key_date is None


def test_progress_updates_since_the_last_meeting_are_in_date_order_whichever_action_they_are_on():
    updates = {
        1: [UpdateFacts(datetime(2026, 2, 20, 10), "Olu Adebayo", "amber", "Two caseworkers started")],
        2: [UpdateFacts(datetime(2026, 2, 10, 16), "Sam Reed", "amber", "Therapists met the forum")],
    }
    plans_late = compose_board_report(PLAN, MARCH, FEBRUARY, updates, []).weaknesses[0]
    assert [(u.reference, u.on, u.author, u.rag, u.done) for u in plans_late.done_since] == [
        ("1.2", date(2026, 2, 10), "Sam Reed", "Amber", "Therapists met the forum"),
        ("1.1", date(2026, 2, 20), "Olu Adebayo", "Amber", "Two caseworkers started"),
    ]


def test_an_action_new_since_the_last_meeting_was_not_in_the_plan_then_and_the_first_meeting_has_no_earlier():
    new_in_march = replace(FEBRUARY, lines={k: v for k, v in FEBRUARY.lines.items() if k != 2})
    [recruit, speech] = compose_board_report(PLAN, MARCH, new_in_march, UPDATES, []).weaknesses[0].actions
    assert (recruit.rag_before, speech.rag_before, speech.trend) == ("Red", "Not in the plan then", "Not compared")
    first = compose_board_report(PLAN, MARCH, None, UPDATES, []).weaknesses[0].actions
    assert {row.rag_before for row in first} == {"No earlier meeting"}


def test_an_overdue_action_gives_every_reason_and_an_at_risk_one_its_title_and_lead():
    quiet = replace(MARCH, lines={**MARCH.lines, 3: line(3, "in_progress", "red", date(2026, 2, 28),
                                                         datetime(2026, 1, 20))})
    plans_late, health = compose_board_report(PLAN, quiet, FEBRUARY, UPDATES, []).weaknesses
    assert [row.reasons for row in health.overdue] == ["Overdue by 5 days; No update for 44 days"]
    assert plans_late.at_risk[0] == FlaggedRow("1.1", "Recruit EHC caseworkers", "Olu Adebayo", "Rated amber")


def test_evidence_accepted_as_a_meeting_was_recorded_counts_for_that_meeting_and_is_not_new_at_the_next():
    evidence = (accepted(5, "impact", date(2026, 2, 1), "Audit of plans", BEFORE),
                accepted(6, "impact", date(2026, 3, 1), "Survey of families", NOW))
    plan = replace(PLAN, actions=(replace(ACTIONS[0], evidence=evidence), *ACTIONS[1:]))
    items = compose_board_report(plan, MARCH, FEBRUARY, UPDATES, []).weaknesses[0].impact_evidence
    assert [(item.reference, item.description, item.as_at, item.new) for item in items] == [
        ("1.1", "Audit of plans", date(2026, 2, 1), False),
        ("1.1", "Survey of families", date(2026, 3, 1), True),
    ]


def test_a_measure_where_lower_is_better_improves_as_it_falls_and_values_not_recorded_say_so():
    days = replace(ACTIONS[0], success_measure="Days from request to plan", baseline_value=140.0,
                   target_value=100.0, measure_unit="days", measure_better="lower")
    plan = replace(PLAN, actions=(days, *ACTIONS[1:]))
    falling = replace(MARCH, lines={**MARCH.lines, 1: replace(MARCH.lines[1], measured_value=120.0)})
    before = replace(FEBRUARY, lines={**FEBRUARY.lines, 1: replace(FEBRUARY.lines[1], measured_value=130.0)})
    [measure] = compose_board_report(plan, falling, before, UPDATES, []).weaknesses[0].measures
    assert (measure.baseline, measure.target, measure.before, measure.latest) == ("140 days", "100 days",
                                                                                   "130 days", "120 days")
    assert (measure.against_target, measure.trend) == ("20 days to go", "Improving")
    unmeasured = replace(MARCH, lines={**MARCH.lines, 1: replace(MARCH.lines[1], measured_value=None,
                                                                  measured_on=None)})
    [first] = compose_board_report(plan, unmeasured, None, UPDATES, []).weaknesses[0].measures
    assert (first.before, first.latest, first.latest_on, first.against_target, first.trend) == (
        "None recorded", "None", None, "No value recorded yet", "Not compared"
    )


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


def _section(label: str, text: str, **rows) -> FindingSection:
    return FindingSection(
        label, text, "Red", "Amber", "Improving",
        **{"actions": (), "done_since": (), "overdue": (), "at_risk": (), "impact_evidence": (), "measures": ()}
        | rows,
    )


RECRUIT = ("1.1", "Recruit caseworkers", "Olu Adebayo")
HAND_MADE = BoardReport(
    area="Westmarsh",
    inspection="Joint local area SEND inspection (2016 framework), 4 to 8 November 2024",
    meeting_date=date(2026, 3, 5),
    previous_meeting_date=date(2026, 2, 5),
    judged_heading="Significant weaknesses",
    development_heading="Areas for development",
    revisit_name="revisit",
    weaknesses=(_section(
        "Weakness 1", "The timeliness of EHC plans is poor",
        actions=(ActionRow(*RECRUIT, "In progress", "Red", "Amber", "Improving"),),
        done_since=(UpdateRow("1.1", date(2026, 2, 20), "Olu Adebayo", "Amber", "Two caseworkers started"),),
        overdue=(FlaggedRow("1.2", "Track assessments", "No lead", "Overdue by 5 days"),),
        at_risk=(FlaggedRow(*RECRUIT, "Rated amber; Due soon"), FlaggedRow("1.3", "Panel", "Sam Reed", "Stale")),
        impact_evidence=(EvidenceRow("1.1", "Timeliness report", date(2026, 2, 20), new=True),
                         EvidenceRow("1.1", "Parent survey", date(2025, 12, 1), new=False)),
        measures=(
            MeasureRow("1.1", "Plans within 20 weeks", "45%", "60%", "48%", "55%", date(2026, 2, 28), "5% to go",
                       "Improving"),
            MeasureRow("1.1", "Complaints", "12", "5", "None recorded", "None", None, "No value recorded yet",
                       "Not compared"),
        ),
    ),),
    development=(replace(_section("Area for development 2", "Preparation for adulthood starts late"),
                         rag_before="Not rated", rag_now="Green", trend="Not compared"),),
    totals=Totals(actions=4, signed_off=1, overdue=2, at_risk=3, updates_since=5, new_impact_evidence=6),
    next_key_date=KeyDateRow("Revisit expected", date(2026, 6, 1), "88 days after this meeting"),
    key_dates=(KeyDateRow("Written statement of action due", date(2025, 3, 27), "343 days before this meeting"),
               KeyDateRow("Revisit expected", date(2026, 6, 1), "88 days after this meeting")),
)


def test_the_docx_reads_top_to_bottom_as_the_summary_each_weakness_each_area_for_development_and_the_key_dates():
    document = board_report_docx(HAND_MADE)
    properties = Document(BytesIO(document)).core_properties
    assert (properties.title, properties.author) == ("Board report: Westmarsh, 5 March 2026", "Westmarsh")
    assert docx_lines(document) == [
        "Title: Board report: Westmarsh, 5 March 2026",
        "Joint local area SEND inspection (2016 framework), 4 to 8 November 2024. "
        "Compared with the board meeting on 5 February 2026.",
        "Heading 1: Summary",
        "Next key date: Revisit expected, 1 June 2026: 88 days after this meeting",
        "Actions: 4",
        "Signed off: 1",
        "Overdue: 2",
        "At risk: 3",
        "Progress updates since the last meeting: 5",
        "Evidence of impact accepted since the last meeting: 6",
        "Significant weaknesses | Last meeting | Now | Trend | Overdue | At risk",
        "Weakness 1: The timeliness of EHC plans is poor | Red | Amber | Improving | 1 | 2",
        "Areas for development: tracked by the board, not judged at the revisit.",
        "Areas for development | Last meeting | Now | Trend | Overdue | At risk",
        "Area for development 2: Preparation for… | Not rated | Green | Not compared | 0 | 0",
        "(page break)",
        "Heading 1: Significant weaknesses",
        "Heading 2: Weakness 1",
        "Quote: The timeliness of EHC plans is poor",
        "RAG now: Amber (last meeting: Red). Trend: Improving.",
        "Heading 3: Actions",
        "Ref | Action | Lead | Status | RAG last meeting | RAG now | Trend",
        "1.1 | Recruit caseworkers | Olu Adebayo | In progress | Red | Amber | Improving",
        "Heading 3: Done since the last meeting",
        "List Bullet: 1.1, 20 February 2026, Olu Adebayo (Amber): Two caseworkers started",
        "Heading 3: Overdue",
        "List Bullet: 1.2 Track assessments (No lead): Overdue by 5 days",
        "Heading 3: At risk",
        "List Bullet: 1.1 Recruit caseworkers (Olu Adebayo): Rated amber; Due soon",
        "List Bullet: 1.3 Panel (Sam Reed): Stale",
        "Heading 3: Accepted evidence of impact",
        "List Bullet: 1.1: Timeliness report, as at 20 February 2026 (new since the last meeting)",
        "List Bullet: 1.1: Parent survey, as at 1 December 2025",
        "Heading 3: Measures against target",
        "Ref | Measure | Baseline | Target | Last meeting | Latest | Against target",
        "1.1 | Plans within 20 weeks | 45% | 60% | 48% | 55% (28 February 2026), improving | 5% to go",
        "1.1 | Complaints | 12 | 5 | None recorded | None, not compared | No value recorded yet",
        "(page break)",
        "Heading 1: Areas for development",
        "Heading 2: Area for development 2",
        "Quote: Preparation for adulthood starts late",
        "RAG now: Green (last meeting: Not rated). Trend: Not compared.",
        "Heading 3: Actions",
        "Ref | Action | Lead | Status | RAG last meeting | RAG now | Trend",
        "Heading 3: Done since the last meeting",
        "No progress updates since the last meeting.",
        "Heading 3: Overdue",
        "No action is overdue.",
        "Heading 3: At risk",
        "No action is at risk.",
        "Heading 3: Accepted evidence of impact",
        "No accepted evidence of impact yet.",
        "Heading 3: Measures against target",
        "No action here has a success measure yet.",
        "Heading 1: Key dates",
        "Key date | Date | From this meeting",
        "Written statement of action due | 27 March 2025 | 343 days before this meeting",
        "Revisit expected | 1 June 2026 | 88 days after this meeting",
    ]


def test_the_summary_s_tables_are_set_small_so_the_summary_keeps_to_its_first_page():
    tables = [block for block in board_report_blocks(HAND_MADE) if block["kind"] == "table"]
    assert [table["header"][0] for table in tables if table["small"]] == [
        "Significant weaknesses", "Areas for development"
    ]
    assert sum(not table["small"] for table in tables) == len(tables) - 2


def test_the_docx_prints_each_judgement_in_bold_under_a_heading_beside_the_actions(judged_report):
    document = board_report_docx(judged_report)
    lines = [paragraph for paragraph in Document(BytesIO(document)).paragraphs
             if paragraph.text.startswith(("Sufficient progress", "Insufficient progress"))]
    assert len(lines) == 3 and all(run.bold is True for line in lines for run in line.runs)
    headings = docx_headings(document)
    assert headings.count(("Heading 3", "Judgements")) == 2 and ("Heading 3", "Actions") in headings


def test_a_docx_without_areas_for_development_or_key_dates_has_no_place_for_them():
    """A 2023 plan of priority actions only, with no key date known."""
    lean = replace(HAND_MADE, judged_heading="Priority actions", development=(), next_key_date=None, key_dates=())
    lines = docx_lines(board_report_docx(lean))
    assert lines[2:4] == ["Heading 1: Summary", "Actions: 4"]
    assert lines[9:13] == [
        "Priority actions | Last meeting | Now | Trend | Overdue | At risk",
        "Weakness 1: The timeliness of EHC plans is poor | Red | Amber | Improving | 1 | 2",
        "(page break)",
        "Heading 1: Priority actions",
    ]
    assert lines[-1] == "1.1 | Complaints | 12 | 5 | None recorded | None, not compared | No value recorded yet"
    assert lines.count("(page break)") == 1


def test_a_docx_of_a_plan_with_areas_for_development_only_still_has_their_section():
    lines = docx_lines(board_report_docx(replace(HAND_MADE, weaknesses=())))
    assert lines.count("(page break)") == 1
    assert lines[lines.index("(page break)") + 1 :][:2] == [
        "Heading 1: Areas for development", "Heading 2: Area for development 2"
    ]


def test_a_findings_summary_line_is_cut_at_a_word_to_fit_one_line():
    fifty = "Weakness 12: Families wait too long for their plan"
    assert len(fifty) == 50
    assert _section("Weakness 12", "Families wait too long for their plan").summary_line == fifty
    assert _section("Weakness 12", "Families wait too long for their plans").summary_line == (
        "Weakness 12: Families wait too long for their…"
    )


def test_the_first_report_says_there_is_nothing_earlier_to_compare_with():
    first = replace(HAND_MADE, previous_meeting_date=None)
    assert docx_lines(board_report_docx(first))[1] == (
        "Joint local area SEND inspection (2016 framework), 4 to 8 November 2024. "
        "This is the first board meeting recorded, so there is nothing earlier to compare with."
    )


@pytest.mark.pdf
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
    assert "1.1 Share of plans issued within 45% 60% 48% 55% (28 February 5% to go" in text  # the measure's row
    assert_pdf_lays_out_cleanly(document, tmp_path)


@pytest.mark.pdf
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


@pytest.fixture  # built for each test: `make mutation` runs only the tests seen reaching a function, and a
def judged_report():  # module-wide report would be built in whichever test came first
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


CORRECTED = (
    judged(20, 1, "sufficient", datetime(2025, 12, 20), "Health advice is now timely.", date(2025, 12, 15)),
    judged(10, 1, "insufficient", datetime(2025, 12, 20), "Too few plans are finished on time.", date(2025, 12, 15)),
    # Weakness 2's words corrected before the February meeting, then its judgement after it, before March's.
    judged(20, 1, "sufficient", datetime(2026, 1, 10), "Health advice is timely.", date(2025, 12, 15)),
    judged(20, 1, "insufficient", datetime(2026, 2, 20), "Health advice is still late.", date(2025, 12, 15)),
)


def test_a_report_shows_each_judgement_as_it_stood_when_its_meeting_was_recorded():
    february = compose_board_report(PLAN, FEBRUARY, None, UPDATES, key_dates(SUMMARY), CORRECTED)
    march = compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, key_dates(SUMMARY), CORRECTED)
    assert [(j.progress, j.inspectors_words) for j in february.weaknesses[1].judgements] == [
        ("sufficient", "Health advice is timely.")
    ]
    assert february.totals.judgement_counts == [("Judged sufficient", 1), ("Judged insufficient", 1)]
    assert [(j.progress, j.inspectors_words) for j in march.weaknesses[1].judgements] == [
        ("insufficient", "Health advice is still late.")
    ]
    assert march.totals.judgement_counts == [("Judged sufficient", 0), ("Judged insufficient", 2)]
    assert [j.inspectors_words for j in march.weaknesses[0].judgements] == ["Too few plans are finished on time."]


def test_as_recorded_by_keeps_the_latest_record_of_each_judgement_by_then_in_the_order_first_recorded():
    records = (
        judged(20, 1, "sufficient", datetime(2025, 12, 20), "A"),
        judged(10, 1, "insufficient", datetime(2025, 12, 21), "B"),
        judged(10, 2, "sufficient", datetime(2026, 2, 20), "C"),
        judged(20, 1, "insufficient", datetime(2026, 3, 1), "D"),
        judged(10, 1, "sufficient", datetime(2026, 3, 2), "E"),
    )
    words = lambda kept: [(r.finding_id, r.plan_number, r.judgement.inspectors_words) for r in kept]  # noqa: E731
    assert words(as_recorded_by(records)) == [(20, 1, "D"), (10, 1, "E"), (10, 2, "C")]
    assert words(as_recorded_by(records, datetime(2026, 3, 1))) == [(20, 1, "D"), (10, 1, "B"), (10, 2, "C")]
    assert words(as_recorded_by(records, datetime(2026, 2, 28))) == [(20, 1, "A"), (10, 1, "B"), (10, 2, "C")]
    assert words(as_recorded_by(records, datetime(2025, 12, 19))) == []


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
        "Too few plans are finished on time.",
        "Sufficient progress at the second revisit, which ended on 11 February 2026",
    ]
    assert "Plans are now on time." in under_1
    assert "Recorded after the meeting." not in "\n".join(paragraphs)
    assert "Never printed." not in "\n".join(paragraphs)
    assert "Judged sufficient: 2" in paragraphs and "Judged insufficient: 0" in paragraphs


@pytest.mark.pdf
def test_the_pdf_prints_each_judgement_under_its_weakness_and_the_counts_in_the_summary(judged_report, tmp_path):
    document = board_report_pdf(judged_report)
    pages = pdf_page_texts(document)
    assert "Judged sufficient: 2" in pages[0] and "Judged insufficient: 0" in pages[0]
    text = "\n".join(pages)
    weakness_1, weakness_2 = text.index("Weakness 1\n"), text.index("Weakness 2\n")
    revisit = text.index("Insufficient progress at the revisit, letter published 15 December 2025")
    assert weakness_1 < revisit < text.index("Too few plans are finished on time.") < weakness_2
    assert weakness_2 < text.index("Health advice is now timely.") < text.index("Area for development 3\n")
    assert "Never printed." not in text and "Recorded after the meeting." not in text
    assert_pdf_lays_out_cleanly(document, tmp_path)


def test_a_judgement_recorded_at_the_moment_of_the_meeting_is_in_its_report():
    at_the_meeting = (judged(20, 1, "insufficient", NOW),)
    report = compose_board_report(PLAN, MARCH, FEBRUARY, UPDATES, key_dates(SUMMARY), at_the_meeting)
    assert [j.progress for j in report.weaknesses[1].judgements] == ["insufficient"]
